"""Figures in rich text: an image of the image library, placed in a body by its id.

A body stores a figure as ``<figure data-image="42"></figure>`` and nothing else: the
picture, its alt text, caption and source come from the library's record when the page
is drawn, so correcting a caption in the library corrects every brief that shows it, and
no pasted markup ever reaches a reader.

``LibraryFigure`` is a django-prose-editor extension, registered in
``settings.DJANGO_PROSE_EDITOR_EXTENSIONS``: its editor half (``static/js/figure.js``)
inserts and shows figures; ``allow_figures`` adds the element and its one attribute,
an id in digits, to the allow-list that the sanitizer builds from the same extensions.
The sanitizer writes a figure empty, whatever it held (``briefs.content.sanitizer``).

Who may place which image is decided where the user is known, in the brief form
(``briefs.editorial.admin.image_library``). Drawing a body (``with_figures``) only checks that
the image still exists: a figure whose image is gone, which only a raw write can leave,
is dropped.

This module imports nothing of Django's models: the settings module reads it.
"""

import re

EXTENSION = "LibraryFigure"
TAG = "figure"
ATTRIBUTE = "data-image"
# An id as the database keeps it: digits, no sign, no leading zero, at most 18 of them.
_ID = re.compile(r"[1-9][0-9]{0,17}")
# A figure as the sanitizer writes it, and nothing else.
STORED = re.compile(r'<figure data-image="([1-9][0-9]{0,17})"></figure>')


def checked_id(value):
    """The id in ``value`` (surrounding space allowed) as a string, or ``None``."""
    value = (value or "").strip()
    return value if _ID.fullmatch(value) else None


def allow_figures(config, shared_config):
    """Processor of the extension: allow ``figure`` with a ``data-image`` id, nothing else.

    The attribute filter of any other extension keeps working for the other elements.
    """
    shared_config["tags"].add(TAG)
    shared_config["attributes"].setdefault(TAG, set()).add(ATTRIBUTE)
    other_filter = shared_config.get("attribute_filter")

    def checked_value(element, attribute, value):
        if element == TAG:
            return checked_id(value) if attribute == ATTRIBUTE else None
        return other_filter(element, attribute, value) if other_filter else value

    shared_config["attribute_filter"] = checked_value


def figure_ids(markup):
    """The ids of the images that sanitized ``markup`` shows, in order, each once."""
    return list(dict.fromkeys(int(found) for found in STORED.findall(markup or "")))
