"""Anchors on a body's headings, and the contents box that links to them.

Every H2, H3 and H4 gets an ``id`` made from its own text when the body is printed ("What
Europe can usefully do" is ``#what-europe-can-usefully-do``), so an address that links to
a section keeps working whatever else in the brief is edited; it changes only when the
heading's own words do. A second heading with the same words gets ``-2``, and so on, and
the page's own ids (and the footnotes' ``fn-1``, ``fnref-1``) are never taken.
"""

import re
from dataclasses import dataclass

from django.utils.safestring import mark_safe
from django.utils.text import slugify

from briefs.content.richtext import plain_text

# Ids the brief page itself uses (templates/includes/brief_article.html and the pages
# around it): a heading never takes one of them.
PAGE_IDS = {
    "main", "content-main", "contents-heading", "key-points-heading", "notes-heading",
    "cite-heading", "related-heading", "series-heading", "series-contents",
    "site-search-q", "latest-heading",
}  # fmt: skip
_FOOTNOTE_ID = re.compile(r"fn(ref)?-\d+")
# Sanitized headings carry no attributes; their content is phrasing only.
_HEADING = re.compile(r"<(h[234])>(.*?)</\1>", re.DOTALL)
_FOOTNOTE = re.compile(r'<span data-footnote="">[^<]*</span>')
# The contents box appears from this many sections (H2 headings) on.
CONTENTS_FROM = 3


@dataclass(frozen=True)
class Section:
    """An H2 heading: its anchor and its text, for the contents box."""

    anchor: str
    title: str


@dataclass(frozen=True)
class Anchored:
    """Sanitized body HTML with ids on its headings, and its sections when it has enough."""

    html: str
    contents: tuple


def anchored(markup):
    """``markup`` (sanitized) with an ``id`` on every H2-H4, and the contents it gives."""
    taken = set(PAGE_IDS)
    sections = []

    def with_id(match):
        level, inner = match.groups()
        text = plain_text(_FOOTNOTE.sub("", inner))
        anchor = _free(slugify(text, allow_unicode=True) or "section", taken)
        if level == "h2":
            sections.append(Section(anchor, text))
        return f'<{level} id="{anchor}">{inner}</{level}>'

    html = _HEADING.sub(with_id, markup)
    contents = tuple(sections) if len(sections) >= CONTENTS_FROM else ()
    return Anchored(mark_safe(html), contents)


def _free(anchor, taken):
    """``anchor``, or the first of ``anchor-2``, ``anchor-3``... that is not yet taken."""
    candidate, number = anchor, 1
    while candidate in taken or _FOOTNOTE_ID.fullmatch(candidate):
        number += 1
        candidate = f"{anchor}-{number}"
    taken.add(candidate)
    return candidate
