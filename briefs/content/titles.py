"""Titles are one line: what is typed, pasted or imported into one is folded onto a line.

A line break in a title breaks e-mail subjects, feed titles and page headings, so every
run of whitespace (line breaks and tabs included) becomes one space. No-break spaces are
kept: an editor types them on purpose, e.g. between a number and its unit.
"""

import re

NO_BREAK_SPACES = "\u00a0\u2007\u202f"
FOLDED_WHITESPACE = re.compile(rf"[^\S{NO_BREAK_SPACES}]+")


def one_line(text):
    """``text`` with each run of whitespace as one space, and none at either end."""
    return FOLDED_WHITESPACE.sub(" ", text).strip()
