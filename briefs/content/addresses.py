"""Absolute addresses for what others read: canonical links, feeds, sitemaps, citations.

``site_root`` is the one source of the site's own address; every absolute address the
site writes is built on it.
"""

import mimetypes

from django.conf import settings


def site_root(request=None):
    """The site's address (scheme and host, no trailing slash): ``SITE_URL`` when set, else
    the address the request came to, so a development server on any port links to itself.

    With neither, ``""``: addresses stay paths, to which feeds and sitemaps add the host.
    """
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return ""


def absolute_url(path, request=None):
    """``path`` on ``site_root``; an address that is already absolute is left as it is."""
    if "://" in path:
        return path
    return site_root(request) + path


def hero_image(brief, request=None):
    """(absolute URL, MIME type) of the brief's hero image, or None when it has none."""
    if not getattr(brief, "hero_id", None):
        return None
    image = brief.hero.image
    mime_type = mimetypes.guess_type(image.name)[0] or "image/jpeg"
    return absolute_url(image.url, request), mime_type


def share_image_url(brief, request=None):
    """The absolute address of the picture social sites show: the social card, else the hero."""
    card = getattr(brief, "social_card_url", None)
    card = card() if callable(card) else card
    if card:
        return absolute_url(card, request)
    hero = hero_image(brief, request)
    return hero[0] if hero else None
