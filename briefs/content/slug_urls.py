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
from django.utils.translation import get_language

from briefs.content.slug_rule import SLUG_REGEX

PLACEHOLDER = "slug-placeholder"


class UnicodeSlugConverter(StringConverter):
    """``<unicode_slug:slug>``: exactly the slugs ``slug_rule`` makes, in any script."""

    regex = SLUG_REGEX


@lru_cache(maxsize=256)
def _halves(name, prefix, urlconf, language):
    head, tail = reverse(name, args=[PLACEHOLDER], urlconf=urlconf).split(PLACEHOLDER)
    return head, tail


def slug_url(name, slug):
    """The same as ``reverse(name, args=[slug])`` for a URL whose one argument is a slug."""
    if not slug:
        return reverse(name, args=[slug])
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = _halves(name, get_script_prefix(), urlconf, get_language())
    return head + quote(slug, safe=RFC3986_SUBDELIMS + "/~:@") + tail
