"""A brief's body as readers get it: cleaned, its headings anchored, its footnotes numbered.

The template prints ``html`` as the body, ``contents`` (the H2 sections, from three on) as
the contents box above it and ``notes`` (the footnotes' texts, in order) as the numbered
list under it, each note linking back to its number.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.utils.safestring import mark_safe

from briefs.content import footnotes, headings
from briefs.content.richtext import PRINTED_KEPT, printable
from briefs.models import Brief


@dataclass(frozen=True)
class PrintedBody:
    html: str
    contents: tuple  # of headings.Section
    notes: tuple  # of the footnotes' texts, safe to print


def printed_body(brief):
    """The body of ``brief`` made ready to print (see the module's docstring)."""
    return _printed(printable(brief, "body"))


def printed_markup(markup):
    """Body HTML from anywhere (an old revision) made ready to print, cleaned first."""
    return _printed(Brief._meta.get_field("body").printable(markup or ""))


@lru_cache(maxsize=PRINTED_KEPT)
def _printed(cleaned):
    # Anchors first: a heading's id is made from its words, without its footnotes' numbers.
    anchored = headings.anchored(cleaned)
    numbered = footnotes.numbered(anchored.html)
    return PrintedBody(mark_safe(numbered.html), anchored.contents, numbered.notes)
