"""Absolute addresses for what others read: canonical links, feeds, sitemaps, citations."""

from django.conf import settings


def absolute_url(path, request=None):
    """``path`` on the site's public address: ``SITE_URL`` when set, else the request's host.

    Without either, the path comes back unchanged; feeds and sitemaps then add the host.
    """
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/") + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path
