"""Sending alerts in the background: announce a brief once it is public, a weekly digest
when it is due, each to a subscriber at most once per brief.

The path of an alert:

1. ``announce(brief_id)`` runs when a brief becomes public: a task queued when it is
   saved (for its publish time, where the task back end can wait), and again from every
   ``send_alerts`` sweep, which catches what a lost or early task missed. It does nothing
   unless the brief is public now and was published within ``ALERTS_LATE_HOURS``.
2. It writes one ``AlertDelivery`` row per matching subscriber that has none for the brief
   (the database's unique constraint makes that once, ever) and queues the waiting rows
   in batches of ``ALERTS_BATCH_SIZE``, spaced to send at most ``ALERTS_PER_MINUTE``.
3. ``send_batch`` opens one SMTP connection per batch. For each e-mail it first claims
   its rows (a conditional update only one task can win), then checks again that each
   brief is public and still subscribed to: a brief unpublished in between is not sent
   and its rows are deleted, so a later publish announces it afresh.
4. A temporary refusal (4xx, hang-up, unreachable) puts the rows back to wait and queues
   the batch's failures again later (``ops.mail.RETRY_DELAYS``); a permanent one marks
   them failed, never to be sent.

A worker that dies between the mail server's acceptance and the row's "sent" leaves the
row "sending"; a sweep puts it back to wait after ``STALE_CLAIM``, so that rare case is
sent twice rather than lost.
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from briefs.alerts import messages, topics
from briefs.models import AlertDelivery, Brief, Subscriber, Subscription
from ops.mail import MAX_ATTEMPTS, RETRY_DELAYS, is_temporary

logger = logging.getLogger(__name__)

State = AlertDelivery.State
Frequency = Subscription.Frequency
WEEK = timedelta(days=7)
STALE_CLAIM = timedelta(hours=1)
SENT, RETRY, DROPPED, FAILED = "sent", "retry", "dropped", "failed"


def late_limit(now):
    """The oldest publish time still announced at ``now``."""
    return now - timedelta(hours=settings.ALERTS_LATE_HOURS)


# --- 1 and 2: announcing a brief -------------------------------------------------------


@task()
def announce_brief(brief_id):
    """The task form of ``announce``, queued when a brief is saved."""
    return announce(brief_id)


def announce(brief_id, now=None):
    """Make the rows for a public brief's immediate subscribers and queue what waits; the
    number of e-mails queued."""
    now = now or timezone.now()
    brief = Brief.objects.published(now).filter(pk=brief_id, publish_at__gte=late_limit(now))
    brief = brief.first()
    if brief is None:
        return 0
    announced = AlertDelivery.objects.filter(
        subscriber_id=OuterRef("subscriber_id"), brief_id=brief.pk
    )
    waiting = (
        Subscription.objects.filter(
            topics.answered_by(brief),
            frequency=Frequency.IMMEDIATE,
            confirmed_at__lte=brief.publish_at,
        )
        .exclude(Exists(announced))
        .values_list("subscriber_id", flat=True)
        .distinct()
    )
    AlertDelivery.objects.bulk_create(
        (AlertDelivery(subscriber_id=pk, brief_id=brief.pk) for pk in waiting.iterator()),
        batch_size=1000,
        ignore_conflicts=True,
    )
    rows = due_rows(now).filter(brief_id=brief.pk, digest=False).values_list("pk", flat=True)
    return queue([[pk] for pk in rows], now)


def due_rows(now):
    """Rows waiting to be sent whose next attempt has come."""
    return AlertDelivery.objects.filter(state=State.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def queue(groups, now=None):
    """Queue ``groups`` (lists of row ids, one e-mail each) as batches spaced in time;
    the number of e-mails queued."""
    now = now or timezone.now()
    size = max(settings.ALERTS_BATCH_SIZE, 1)
    seconds_per_batch = 60 * size / max(settings.ALERTS_PER_MINUTE, 1)
    for number, start in enumerate(range(0, len(groups), size)):
        _at(now + timedelta(seconds=number * seconds_per_batch)).enqueue(
            groups[start : start + size]
        )
    return len(groups)


def _at(moment):
    """``send_batch``, set to wait until ``moment`` where its back end can wait."""
    if moment <= timezone.now() or not send_batch.get_backend().supports_defer:
        return send_batch
    return send_batch.using(run_after=moment)


# --- weekly digests ----------------------------------------------------------------------


def queue_digests(now=None):
    """Queue the digest of every subscriber whose week is over; the number queued."""
    now = now or timezone.now()
    groups = []
    for subscriber in Subscriber.objects.filter(digest_due_at__lte=now).iterator():
        group = prepare_digest(subscriber, now)
        if group:
            groups.append(group)
    return queue(groups, now)


def prepare_digest(subscriber, now):
    """Take ``subscriber``'s due week (once: a conditional update) and make the rows of its
    briefs; their ids, or none when the week was taken elsewhere or brought nothing."""
    due = subscriber.digest_due_at
    following = due + WEEK
    while following <= now:  # a late sweep sends one digest, not one per missed week
        following += WEEK
    weekly = list(subscriber.subscriptions.filter(frequency=Frequency.WEEKLY))
    taken = Subscriber.objects.filter(pk=subscriber.pk, digest_due_at=due).update(
        digest_due_at=following if weekly else None
    )
    if not taken or not weekly:
        return []
    since = max(due - WEEK, late_limit(now) - WEEK)
    briefs = (
        Brief.objects.published(now)
        .filter(publish_at__gte=since)
        .filter(_any_of(weekly))
        .exclude(alert_deliveries__subscriber=subscriber)
        .values_list("pk", flat=True)
        .distinct()
    )
    AlertDelivery.objects.bulk_create(
        [AlertDelivery(subscriber=subscriber, brief_id=pk, digest=True) for pk in briefs],
        ignore_conflicts=True,
    )
    rows = due_rows(now).filter(subscriber=subscriber, digest=True)
    return list(rows.values_list("pk", flat=True))


BRIEF_SIDE = {
    Subscription.Topic.COUNTRY: "countries",
    Subscription.Topic.REGION: "countries__region",
    Subscription.Topic.THEME: "themes",
    Subscription.Topic.SERIES: "series",
    Subscription.Topic.AUTHOR: "byline__author",
}


def _any_of(subscriptions):
    """Briefs (a ``Q``) that answer one of ``subscriptions`` and came after its confirmation."""
    matches = Q(pk__in=[])
    for subscription in subscriptions:
        since = Q(publish_at__gte=subscription.confirmed_at)
        if subscription.topic == Subscription.Topic.ALL:
            matches |= since
        else:
            matches |= since & Q(**{BRIEF_SIDE[subscription.topic]: subscription.term_id})
    return matches


# --- the sweep ---------------------------------------------------------------------------


def sweep(now=None):
    """What ``manage.py send_alerts`` does: announce every brief public within the late
    window, queue rows left waiting, and queue due digests. Safe to run at any time, as
    often as wanted, by several processes at once. Returns counts of e-mails queued."""
    now = now or timezone.now()
    AlertDelivery.objects.filter(state=State.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        state=State.PENDING, claim=None
    )
    recent = Brief.objects.published(now).filter(publish_at__gte=late_limit(now))
    announced = sum(announce(pk, now) for pk in recent.values_list("pk", flat=True))
    leftover = due_rows(now).filter(digest=False).exclude(brief_id__in=recent.values("pk"))
    announced += queue([[pk] for pk in leftover.values_list("pk", flat=True)], now)
    return {"immediate": announced, "digests": queue_digests(now)}


# --- 3 and 4: sending ----------------------------------------------------------------------


@task()
def send_batch(groups, attempt=1):
    """Send each group of rows (one e-mail each) over one SMTP connection; the outcomes."""
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:
        return _after_failure(groups, groups, attempt, error)
    outcomes, retry, last_error = {}, [], None
    try:
        for group in groups:
            outcome, error = send_group(group, connection)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            if outcome == RETRY:
                retry.append(group)
                last_error = error
    finally:
        connection.close()
    if retry:
        _after_failure(groups, retry, attempt, last_error)
    return outcomes


def _after_failure(groups, failed, attempt, error):
    """Queue ``failed`` again later, or give up on them after the last attempt."""
    ids = [pk for group in failed for pk in group]
    if not (is_temporary(error) and attempt < MAX_ATTEMPTS):
        logger.error(
            "%d alert e-mails not sent (attempt %d of %d): %r",
            len(failed),
            attempt,
            MAX_ATTEMPTS,
            error,
            extra={"attempt": attempt},
        )
        AlertDelivery.objects.filter(pk__in=ids, state=State.PENDING).update(state=State.FAILED)
        return {FAILED: len(failed)}
    delay = RETRY_DELAYS[attempt - 1]
    logger.warning(
        "%d alert e-mails not sent (attempt %d of %d), trying again in %d s: %r",
        len(failed),
        attempt,
        MAX_ATTEMPTS,
        delay,
        error,
        extra={"attempt": attempt},
    )
    later = timezone.now() + timedelta(seconds=delay)
    AlertDelivery.objects.filter(pk__in=ids, state=State.PENDING).update(next_attempt_at=later)
    _at(later).enqueue(failed, attempt + 1)
    return {RETRY: len(failed)}


def send_group(ids, connection):
    """Claim the rows ``ids``, check them again, and send their e-mail: (outcome, error)."""
    mark, now = uuid.uuid4(), timezone.now()
    AlertDelivery.objects.filter(pk__in=ids, state=State.PENDING).update(
        state=State.SENDING, claim=mark, claimed_at=now, attempts=F("attempts") + 1
    )
    rows = list(AlertDelivery.objects.filter(claim=mark).select_related("subscriber"))
    if not rows:
        return DROPPED, None  # sent, taken by another task, or deleted meanwhile
    subscriber, digest = rows[0].subscriber, rows[0].digest
    public = {
        brief.pk: brief
        for brief in Brief.objects.published()
        .select_related("kind")
        .filter(pk__in=[row.brief_id for row in rows])
    }
    subscriptions = list(
        subscriber.subscriptions.filter(
            frequency=Frequency.WEEKLY if digest else Frequency.IMMEDIATE
        )
    )
    briefs, wanted, theirs = [], set(), [s.pk for s in subscriptions]
    for brief in public.values():
        answering = list(Subscription.objects.filter(topics.answered_by(brief), pk__in=theirs))
        if answering:
            briefs.append(brief)
            wanted.update(answering)
    kept = {brief.pk for brief in briefs}
    # Not public any more, or no longer subscribed to: never sent, and forgotten, so that
    # a brief published again is announced then.
    AlertDelivery.objects.filter(claim=mark).exclude(brief_id__in=kept).delete()
    if not briefs:
        return DROPPED, None
    briefs.sort(key=lambda brief: (brief.publish_at, brief.pk), reverse=True)
    message = messages.compose(
        subscriber, briefs, sorted(wanted, key=lambda s: s.pk), digest, connection
    )
    try:
        message.send()
    except Exception as error:
        state = State.PENDING if is_temporary(error) else State.FAILED
        AlertDelivery.objects.filter(claim=mark).update(state=state, claim=None)
        if state == State.FAILED:
            logger.error("Alert to subscriber %s refused: %r", subscriber.pk, error)
            return FAILED, error
        return RETRY, error
    AlertDelivery.objects.filter(claim=mark).update(state=State.SENT, sent_at=timezone.now())
    return SENT, None
