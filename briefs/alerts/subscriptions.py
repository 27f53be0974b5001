"""Writes to a reader's alerts: confirm one, change or stop one, forget a subscriber."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from briefs.alerts import throttle
from briefs.models import Subscriber, Subscription

WEEKLY = Subscription.Frequency.WEEKLY


@transaction.atomic
def confirm(email, choice, frequency, language, now=None):
    """Record a confirmed alert in ``language``, its e-mails' (again: a second click changes
    nothing but the frequency and the language); the subscriber."""
    now = now or timezone.now()
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    subscription, created = Subscription.objects.get_or_create(
        subscriber=subscriber,
        topic=choice.topic,
        term_id=choice.term_id,
        defaults={"frequency": frequency, "confirmed_at": now, "language": language},
    )
    if not created and (subscription.frequency, subscription.language) != (frequency, language):
        subscription.frequency, subscription.language = frequency, language
        subscription.save(update_fields=["frequency", "language"])
    plan_digest(subscriber, now)
    return subscriber


def set_frequency(subscriber, subscription_id, frequency, now=None):
    subscriber.subscriptions.filter(pk=subscription_id).update(frequency=frequency)
    plan_digest(subscriber, now)


def stop(subscriber, subscription_ids):
    """Stop these alerts; a subscriber left with none is deleted with all kept about them."""
    with transaction.atomic():
        subscriber.subscriptions.filter(pk__in=subscription_ids).delete()
        if not subscriber.subscriptions.exists():
            forget(subscriber)
        else:
            plan_digest(subscriber)


def forget(subscriber):
    """Delete ``subscriber`` and everything kept about them: alerts, the record of each
    brief sent (by cascade) and the rate-limit counts kept under their address."""
    with transaction.atomic():
        throttle.forget(subscriber.email)
        subscriber.delete()


def plan_digest(subscriber, now=None):
    """A first weekly alert starts the week; a subscriber with none has no digest due."""
    weekly = subscriber.subscriptions.filter(frequency=WEEKLY).exists()
    if weekly and subscriber.digest_due_at is None:
        subscriber.digest_due_at = (now or timezone.now()) + timedelta(days=7)
    elif not weekly:
        subscriber.digest_due_at = None
    subscriber.save(update_fields=["digest_due_at"])
