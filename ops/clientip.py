"""The reader's address, trusting X-Forwarded-For only as far as our own proxies wrote it."""

from django.conf import settings


def client_ip(request):
    """The address ``TRUSTED_PROXY_COUNT`` proxies saw; REMOTE_ADDR when there are none."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
