"""Absolute addresses for what others read: canonical links, feeds, sitemaps, citations."""

import mimetypes

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


def hero_image(brief):
    """(absolute URL, MIME type) of the brief's hero image, or None when it has none."""
    image = getattr(brief, "hero_image", None)
    if not image:
        return None
    mime_type = mimetypes.guess_type(image.name)[0] or "image/jpeg"
    return absolute_url(image.url), mime_type


def share_image_url(brief, request=None):
    """The absolute address of the picture social sites show: the social card, else the hero."""
    card = getattr(brief, "social_card_url", None)
    card = card() if callable(card) else card
    if card:
        return card if "://" in card else absolute_url(card, request)
    hero = hero_image(brief)
    return hero[0] if hero else None
