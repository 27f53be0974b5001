"""The signed links of alerts: confirm a subscription, manage one's alerts, unsubscribe.

Each link carries what it acts on, signed with ``SECRET_KEY`` under a salt of its own (a
link of one kind cannot stand in for another), and a time: a confirmation link expires
after ``ALERTS_CONFIRM_MAX_AGE``, the links in an alert after ``ALERTS_LINK_MAX_AGE``. The
manage and unsubscribe links also carry a keyed hash of the address (never the address
itself: a signed value is readable by anyone who sees the link, in a proxy's log say), so a
subscriber deleted and created again is not reached by an old link. A confirmation link has
to carry the address, since nothing is stored before it is followed; it is only ever sent
to that address.
"""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from briefs.models import Subscriber

CONFIRM = "briefs.alerts.confirm"
MANAGE = "briefs.alerts.manage"
UNSUBSCRIBE = "briefs.alerts.unsubscribe"


class BadLink(Exception):
    """A link that was altered or has expired."""


class Gone(BadLink):
    """A genuine link whose subscriber has since been deleted."""


def confirm_token(email, topic, term_id, frequency):
    return signing.dumps([email, topic, term_id, frequency], salt=CONFIRM, compress=True)


def read_confirm(token):
    """``(email, topic, term_id, frequency)`` from a confirmation link's token."""
    email, topic, term_id, frequency = _load(token, CONFIRM, settings.ALERTS_CONFIRM_MAX_AGE)
    return email, topic, term_id, frequency


def manage_token(subscriber):
    return signing.dumps([subscriber.pk, _mark(subscriber.email)], salt=MANAGE, compress=True)


def read_manage(token):
    """The ``Subscriber`` a manage link names."""
    subscriber_id, mark = _load(token, MANAGE, settings.ALERTS_LINK_MAX_AGE)
    return _subscriber(subscriber_id, mark)


def unsubscribe_token(subscriber, subscription_ids):
    payload = [subscriber.pk, _mark(subscriber.email), sorted(subscription_ids)]
    return signing.dumps(payload, salt=UNSUBSCRIBE, compress=True)


def read_unsubscribe(token):
    """``(subscriber, subscription ids)`` an unsubscribe link names."""
    subscriber_id, email, subscription_ids = _load(token, UNSUBSCRIBE, settings.ALERTS_LINK_MAX_AGE)
    return _subscriber(subscriber_id, email), subscription_ids


def _load(token, salt, max_age):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadLink(str(error)) from error


def _mark(email):
    """A short keyed hash that tells one address from another without showing it."""
    return salted_hmac("briefs.alerts.address", email, algorithm="sha256").hexdigest()[:24]


def _subscriber(subscriber_id, mark):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or not constant_time_compare(_mark(subscriber.email), str(mark)):
        raise Gone("No such subscriber")
    return subscriber
