"""The one rule that turns a name into a slug, for every address of the site.

A slug is Django's ``slugify(name, allow_unicode=True)``: lowercase letters and digits of
any script, hyphens and underscores ("Türkiye" -> ``türkiye``, "Content περιεχόμενο" ->
``content-περιεχόμενο``). A name with no letter or digit at all (only emoji or punctuation)
gets the kind of thing it names instead (``theme``). When a slug is taken, ``-2``, ``-3``...
is added. The URL patterns take exactly these slugs (``slug_urls.UnicodeSlugConverter``).
"""

import re

from django.utils.text import slugify

SLUG_REGEX = r"[-\w]+"
_SLUG = re.compile(rf"{SLUG_REGEX}\Z")


def slug_for(name, kind, number=1, max_length=100):
    """The slug of ``name``, or of ``kind`` when ``name`` has no letter or digit; from
    ``number`` 2 on, with ``-<number>`` added, cut so that the whole fits ``max_length``."""
    suffix = "" if number == 1 else f"-{number}"
    base = slugify(name, allow_unicode=True) or slugify(kind)
    return base[: max_length - len(suffix)].rstrip("-_") + suffix


def is_valid_slug(slug):
    """Whether an address can be built on ``slug`` and routed back to it."""
    return bool(_SLUG.match(slug or ""))
