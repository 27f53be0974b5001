"""How editors type a brief's themes: one theme per comma-separated entry, kept in the
order and spelling typed.

``themes_from_text`` and ``themes_to_text`` are taggit's ``TAGGIT_TAGS_FROM_STRING`` and
``TAGGIT_STRING_FROM_TAGS``; ``ThemesField`` keeps the editor's order in the through rows.
"""

import csv
import io

from django.core.exceptions import ValidationError
from taggit.managers import TaggableManager
from taggit.models import TagBase

MAX_LENGTH = TagBase._meta.get_field("name").max_length
# More than a reader can take in on a brief; a bound on what one save may create.
MAX_THEMES = 25


def themes_from_text(text):
    """The themes in ``text``: every comma-separated entry is one theme, spaces and all.

    A theme whose name holds a comma is written in double quotes, as ``themes_to_text``
    writes it. Repeats (in any case) are dropped; the first spelling stays. More than
    ``MAX_THEMES`` is a form error, so a pasted list cannot create thousands of themes.
    """
    names, seen = [], set()
    for row in csv.reader(text.splitlines(), skipinitialspace=True):
        for entry in row:
            name = " ".join(entry.split())
            if not name or name.casefold() in seen:
                continue
            if len(name) > MAX_LENGTH:
                raise ValidationError(
                    f"The theme “{name[:40]}…” is longer than {MAX_LENGTH} characters: "
                    "shorten it, or put a comma between two themes."
                )
            seen.add(name.casefold())
            names.append(name)
            if len(names) > MAX_THEMES:
                raise ValidationError(
                    f"A brief takes at most {MAX_THEMES} themes: keep the ones readers "
                    "will browse by."
                )
    return names


def themes_to_text(themes):
    """``themes`` as an editor typed them: in their order, separated by commas."""
    return ", ".join(_entry(theme.name) for theme in themes)


def _entry(name):
    """``name`` as one comma-separated entry: quoted only when it holds a comma or quote."""
    entry = io.StringIO()
    csv.writer(entry, lineterminator="").writerow([name])
    return entry.getvalue()


class ThemesField(TaggableManager):
    """Themes in the editor's order: the through rows' ids give it, and the field's
    ``ordering`` reads them so (``Brief.themes``)."""

    def value_from_object(self, obj):
        return [] if obj.pk is None else list(getattr(obj, self.name).all())

    def save_form_data(self, instance, value):
        themes = getattr(instance, self.name)
        had = [theme.name.casefold() for theme in self.value_from_object(instance)]
        wanted = [name.casefold() for name in value]
        # taggit keeps the themes a brief had, in their rows, and adds the new ones after.
        kept_then_added = [name for name in had if name in wanted] + [
            name for name in wanted if name not in had
        ]
        themes.set(value, clear=kept_then_added != wanted)
