"""Footnotes: stored in the body where their number goes, numbered when printed.

A footnote is kept as ``<span data-footnote="">the note's text</span>`` at the place in
the text that refers to it. It holds only text (the sanitizer writes nothing else inside
one), so numbering never needs to be stored or kept current: ``numbered()`` replaces each
footnote, in the order of the text, by its superscript number linking to the note, and
returns the notes in the same order for the list under the body. A footnote added before
others, moved or deleted renumbers them all on the next print.

This module imports nothing of Django's models: the settings module reads it.
"""

import re
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import mark_safe

EXTENSION = "Footnote"
FOOTNOTE_TAG = "span"
FOOTNOTE_ATTRIBUTE = "data-footnote"
# What the sanitizer writes for a footnote: its start tag, text without tags, its end tag.
_STORED = re.compile(r'<span data-footnote="">([^<]*)</span>')


def allow_footnotes(config, shared_config):
    """Processor of the extension: allow ``<span data-footnote>``, and nothing else on spans."""
    shared_config["tags"].add(FOOTNOTE_TAG)
    shared_config["attributes"].setdefault(FOOTNOTE_TAG, set()).add(FOOTNOTE_ATTRIBUTE)


@dataclass(frozen=True)
class Numbered:
    """Sanitized body HTML with its footnotes turned into numbers, and the notes' texts."""

    html: str
    notes: tuple


def numbered(markup):
    """``markup`` (sanitized) with each footnote as its number, linking to its note."""
    notes = []

    def reference(match):
        notes.append(mark_safe(match.group(1).strip()))  # escaped text, as sanitized
        number = len(notes)
        return format_html(
            '<sup class="footnote-ref"><a href="#fn-{0}" id="fnref-{0}" aria-label="Note {0}">'
            "{0}</a></sup>",
            number,
        )

    return Numbered(_STORED.sub(reference, markup), tuple(notes))
