"""What the body editor offers, the field that stores it, and the plain-text reading of it.

The same extension map configures django-prose-editor in the admin and the nh3
allow-list the server applies on every save, so the editor cannot produce markup that
the sanitizer then drops, and nothing else gets through.
"""

import html
import math
import re
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_prose_editor.fields import ProseEditorField

from briefs.content import editor_extensions
from briefs.content.figures import EXTENSION as FIGURE
from briefs.content.footnotes import EXTENSION as FOOTNOTE
from briefs.content.language_direction import EXTENSION as LANGUAGE_AND_DIRECTION
from briefs.content.sanitizer import sanitizer_for

BODY_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Subscript": True,
    "Superscript": True,
    editor_extensions.ABBREVIATION: True,
    FOOTNOTE: True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    LANGUAGE_AND_DIRECTION: True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # The body editor's figure dialog asks the image library
    # (briefs/editorial/admin/image_library.py).
    FIGURE: {
        "upload": reverse_lazy("admin:briefs_libraryimage_upload"),
        "choices": reverse_lazy("admin:briefs_libraryimage_choices"),
    },
    editor_extensions.TABLE_CAPTION: True,
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
# Bodies kept cleaned for printing, per field and process, by their stored HTML: a page
# drawn again (its fragment retired by any change elsewhere) does not clean it again.
PRINTED_KEPT = 64

validate_length = MaxLengthValidator(
    lambda: settings.RICH_TEXT_MAX_LENGTH,
    message="This text is %(show_value)s characters of HTML, more than the %(limit_value)s a "
    "brief may hold. Split it into more than one brief, or paste it without its formatting.",
)

# Where words part: the end of a block, a line break, and either side of a footnote (its
# text, stored where its number goes, is not part of the word before it).
_BLOCK_END = re.compile(
    r"</(p|h[1-6]|li|blockquote|tr|td|th|caption|span)>|<br\s*/?>|<span[^>]*>", re.IGNORECASE
)
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


class RichTextField(ProseEditorField):
    """Rich text edited in django-prose-editor, cleaned by ``sanitizer_for`` its extensions.

    Saving a brief cleans it (``Brief.prepare_for_save``); a form cleans it too, and refuses
    more than ``settings.RICH_TEXT_MAX_LENGTH`` characters. HTML can still reach the
    database with neither (``loaddata``, ``QuerySet.update()``, ``bulk_create``, data
    migrations, a restored revision), so whatever prints the field prints ``printable()``.
    """

    default_validators = [validate_length]  # not in migrations: no column depends on it

    def __init__(self, *args, extensions=None, **kwargs):
        # Migrations rebuild the field from its deconstruction, a TextField's: no extensions.
        if extensions is not None:
            kwargs["sanitize"] = sanitizer_for(extensions)
        super().__init__(*args, extensions=extensions, **kwargs)
        self.printable = lru_cache(maxsize=PRINTED_KEPT)(self._printable)

    def _printable(self, markup):
        """``markup`` cleaned again and marked safe: stored HTML is only trusted this way.

        Markup nested too deep to clean (never stored by a save) is printed as its words.
        """
        try:
            return mark_safe(self.sanitize(markup))
        except ValidationError:
            return format_html("<p>{}</p>", plain_text(markup))


def printable(instance, name):
    """The rich-text field ``name`` of ``instance``, cleaned and safe to print."""
    return instance._meta.get_field(name).printable(getattr(instance, name))
