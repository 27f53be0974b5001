"""Which address prefixes a content type may take: none that another site address uses.

A type's items live at ``/<prefix>/<slug>/``. That pattern comes after every other one,
so a prefix that is the first part of another address (``admin``, ``api``, ``countries``,
``search``, ``feed``…) would never reach a brief, and neither would the static and media
files' folders, nor a language's addresses (``/ru/``). ``briefs`` is the exception: it is
the historic prefix, and its own other addresses (the archive, a brief's card, citations
and PDFs) never have the shape of a page.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

HISTORIC_PREFIX = "briefs"


def _first_segment(route):
    segment = route.lstrip("^").split("/")[0]
    if not segment or any(mark in segment for mark in "<([\\?*+.$"):
        return None
    return segment


def _segments(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern).lstrip("^")
        if isinstance(pattern, URLResolver) and not _first_segment(route):
            yield from _segments(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern | URLResolver):
            segment = _first_segment(route)
            if segment:
                yield segment


@lru_cache(maxsize=4)
def reserved_prefixes(urlconf=None):
    """The first parts of every other address of the site, of its file folders, and the
    languages' codes (``/ru/`` opens the Russian site)."""
    folders = (settings.STATIC_URL, settings.MEDIA_URL, settings.ADMIN_URL)
    reserved = set(_segments(get_resolver(urlconf).url_patterns))
    reserved |= {code.lower() for code, _name in settings.LANGUAGES}
    reserved |= {folder.strip("/").split("/")[0] for folder in folders if folder.strip("/")}
    return frozenset(reserved - {HISTORIC_PREFIX})


def prefix_clash(prefix):
    """Why ``prefix`` cannot be a content type's address prefix, or None when it can."""
    if prefix and prefix.lower() in reserved_prefixes():
        return f"/{prefix}/ is already another address of the site; choose another prefix."
    return None
