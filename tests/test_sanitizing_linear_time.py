"""Cleaning takes time in proportion to the markup, whatever it holds: no text kills a worker."""

import contextlib
import time

import pytest
from django.core.exceptions import ValidationError

from tests.test_sanitizing import clean_body

# Markup that parsers have taken quadratic time over, repeated to the size measured.
PATHOLOGICAL = {
    "tags never closed": "<a",
    "comments never closed": "<!--",
    "character references never finished": "&#",
    "ampersands in one text": "&",
    "no-break spaces in one text": "&nbsp;",
    "ampersands in one attribute": '<a title="&amp;',
    "paragraphs left open": "<p>x",
    "emphasis around paragraphs": "<b id=1>x<p>",
    "links left open": '<a href="https://example.org">x',
    "stray end tags": "</p>",
    "Word list paragraphs": "<p class=MsoListParagraph style='mso-list:l0 level1'>x</p>",
    "nesting": "<blockquote>",
    "nesting with stray end tags": "<span></div>",
    "footnotes left open": "<span data-footnote>x",
    "pasted footnote references": '<a href="#_ftn1">[1]</a>x',
    "pasted notes": '<p><a href="#ftnt_ref1">[1]</a> note</p><hr>',
    "captions in tables": "<table><caption>x</caption>",
    "captions out of place": "<caption> </caption> <i> </i>",
}
SMALL, LARGE = 64 * 1024, 256 * 1024


def seconds_to_clean(markup):
    """The least processor time of two cleanings of ``markup`` (refused counts as done)."""
    timings = []
    for _ in range(2):
        started = time.process_time()
        with contextlib.suppress(ValidationError):
            clean_body(markup)
        timings.append(time.process_time() - started)
    return min(timings)


@pytest.mark.parametrize("piece", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_four_times_the_markup_takes_about_four_times_as_long(piece):
    """Growth is linear: 4x the input within 6x the time (a quadratic pass would take 16x)."""
    small = seconds_to_clean(piece * (SMALL // len(piece)))
    large = seconds_to_clean(piece * (LARGE // len(piece)))
    assert large <= 6 * small + 0.02, f"{small:.3f}s, then {large:.3f}s"


def test_two_megabytes_of_unclosed_tags_are_cleaned():
    """The paste that once took 30 s and a worker: 2 MB of "<a", cleaned to nothing."""
    assert clean_body("<a" * 1024 * 1024) == ""


def test_markup_nested_deeper_than_any_brief_is_refused():
    """Nesting costs parsers time at every level; past a few hundred it is refused."""
    with pytest.raises(ValidationError, match="levels deep"):
        clean_body("<blockquote>" * 1000 + "deep")
