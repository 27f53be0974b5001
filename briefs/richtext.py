"""What the body editor offers, and the plain-text reading of stored HTML.

The same extension map configures django-prose-editor in the admin and the nh3
allow-list the server applies on every save, so the editor cannot produce markup that
the sanitizer then drops, and nothing else gets through.
"""

import html
import math
import re

BODY_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}

NOTES_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "OrderedList": True,
    "BulletList": True,
    "ListItem": True,
}

WORDS_PER_MINUTE = 230

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|tr|td|th)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(markup):
    """Readable text of sanitized HTML: tags dropped, block ends kept as spaces."""
    text = _TAG.sub("", _BLOCK_END.sub(" ", markup or ""))
    return _SPACE.sub(" ", html.unescape(text)).strip()


def word_count(text):
    return len(text.split())


def reading_minutes(words):
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
