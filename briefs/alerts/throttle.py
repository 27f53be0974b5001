"""Rate limits on subscribe requests: per client address and per e-mail address.

The counts are rows in the database (``AlertRequest``), the one store every app server
shares and that a cache outage does not empty. A bucket is a keyed hash, so the table holds
no address. The client address is the one django-axes counts logins by (django-ipware,
set for ``TRUSTED_PROXY_COUNT`` in the settings), so a client cannot choose it by writing
``X-Forwarded-For``.
"""

from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import salted_hmac

from briefs.models import AlertRequest

WINDOW = timedelta(hours=1)


def bucket(kind, value):
    """The stored name of the counter of ``kind`` (``ip`` or ``email``) for ``value``."""
    return salted_hmac("briefs.alerts.throttle", f"{kind}:{value}", algorithm="sha256").hexdigest()


def admit(request, email):
    """Count this request and say whether it is within both limits; a refused one is not
    counted, so a client that keeps trying is let in again an hour after its last success."""
    now = timezone.now()
    limits = {
        bucket("ip", get_client_ip_address(request) or "unknown"): settings.ALERTS_REQUESTS_PER_IP,
        bucket("email", email): settings.ALERTS_REQUESTS_PER_EMAIL,
    }
    AlertRequest.objects.filter(at__lt=now - WINDOW).delete()
    seen = dict(
        AlertRequest.objects.filter(bucket__in=limits, at__gte=now - WINDOW)
        .values_list("bucket")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if any(seen.get(name, 0) >= limit for name, limit in limits.items()):
        return False
    AlertRequest.objects.bulk_create(AlertRequest(bucket=name, at=now) for name in limits)
    return True


def forget(email):
    """Delete the counts kept under ``email`` (a subscriber deleted on request)."""
    AlertRequest.objects.filter(bucket=bucket("email", email)).delete()
