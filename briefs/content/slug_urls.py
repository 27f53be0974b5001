"""Addresses of public pages by slug, without running the URL resolver for each one.

``reverse()`` costs a fraction of a millisecond, which adds up on a page that links
sixty countries or twenty briefs with their series. Each named address is reversed once
(per URL configuration, script prefix and language, whose prefix it may carry: ``/ru/``)
with a placeholder slug, then filled in.
"""

from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.urls.converters import StringConverter
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language, override

from briefs.content.languages import page_language
from briefs.content.slug_rule import SLUG_REGEX

PLACEHOLDER = "slug-placeholder"
PREFIX_PLACEHOLDER = "prefix-placeholder"


class UnicodeSlugConverter(StringConverter):
    """``<unicode_slug:slug>``: exactly the slugs ``slug_rule`` makes, in any script."""

    regex = SLUG_REGEX


@lru_cache(maxsize=256)
def _halves(name, prefix, urlconf, language):
    head, tail = reverse(name, args=[PLACEHOLDER], urlconf=urlconf).split(PLACEHOLDER)
    return head, tail


@lru_cache(maxsize=16)
def _brief_parts(prefix, urlconf, language):
    """The brief page's address around its two placeholders: the type's prefix, the slug."""
    url = reverse("briefs:brief-page", args=[PREFIX_PLACEHOLDER, PLACEHOLDER], urlconf=urlconf)
    head, rest = url.split(PREFIX_PLACEHOLDER)
    middle, tail = rest.split(PLACEHOLDER)
    return head, middle, tail


def slug_url(name, slug):
    """The same as ``reverse(name, args=[slug])`` for a URL whose one argument is a slug."""
    if not slug:
        return reverse(name, args=[slug])
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = _halves(name, get_script_prefix(), urlconf, get_language())
    return head + quote(slug, safe=RFC3986_SUBDELIMS + "/~:@") + tail


def brief_url(prefix, slug):
    """A brief page's address, ``reverse("briefs:brief-page", args=[prefix, slug])``:
    ``prefix`` is its type's address prefix."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, middle, tail = _brief_parts(get_script_prefix(), urlconf, get_language())
    return head + prefix + middle + quote(slug, safe=RFC3986_SUBDELIMS + "/~:@") + tail


def brief_url_in(language, prefix, slug):
    """The address of the page of a brief written in ``language``: ``brief_url`` at that
    language's addresses (``briefs.content.languages.page_language``), whatever language
    is active."""
    with override(page_language(language)):
        return brief_url(prefix, slug)
