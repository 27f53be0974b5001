"""Names of taxonomy terms in each site language (docs/languages.md, "Names of terms").

A term (country, region, theme, series, author role) keeps its name in the default language
in its own field, as before, and its names in the other site languages in a JSON field
beside it: ``{"ru": "Южный Кавказ"}``. A language with no name there shows the default
language's (``name_in``). Editors type the names in the term's admin, one input per other
site language under the field (``TermNamesAdmin``). Countries' names come from the ISO
3166 translations (``countries.names``), and editors may change them like the others.

The names live beside the term, not in a table of their own, so that a page showing terms
costs no query more, and raw writes (imports, migrations, fixtures) write plain JSON.
"""

import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import CharField, F, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def other_languages():
    """(code, name) of each site language but the default, as ``LANGUAGES`` lists them."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def name_in(default_name, names, language=None):
    """The name in ``language`` (the active language unless given): its entry in ``names``,
    else ``default_name``, the name in the default language."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return names.get(language) or default_name


def alphabetical(terms):
    """``terms`` sorted by their names in the active language (``str``), as a reader looks
    them up: case and accents aside ("Åland Islands" among the A's; "ё" as "е")."""
    return sorted(terms, key=lambda term: _sort_key(str(term)))


def _sort_key(name):
    letters = unicodedata.normalize("NFKD", name)
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold()


def name_in_sql(name_path, names_path, language=None):
    """An expression for the name in ``language`` (the active one unless given), read by
    the database: the ``names_path`` JSON's entry, else the ``name_path`` column. For lists
    read as values (cards, facets), which never load the terms themselves."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return F(name_path)
    translated = NullIf(KeyTextTransform(language, names_path), Value(""))
    return Coalesce(translated, F(name_path), output_field=CharField())


def names_field(what):
    """The JSON field holding a term's ``what`` (name, title, role) in the other languages.

    Not editable as JSON: the admin shows one input per language instead."""
    return models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text=f"The {what} in each other site language, by language code; a language "
        f"without one shows the {what} in the default language.",
    )


def _one_line(value):
    if "\n" in value or "\r" in value:
        raise ValidationError(_("Keep it on one line."), code="one_line")


def input_name(field_name, language):
    """The form input holding ``field_name`` in ``language``: ``name_ru``."""
    return f"{field_name}_{language.replace('-', '_')}"


class TermNamesForm(forms.ModelForm):
    """Reads the inputs ``TermNamesAdmin`` adds into the term's JSON fields, and back."""

    translated_fields = {}  # the field in the default language: the JSON field of the others

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field_name, names_name in self.translated_fields.items():
            names = getattr(self.instance, names_name)
            for language, _name in other_languages():
                self.fields[input_name(field_name, language)].initial = names.get(language, "")

    def save(self, commit=True):
        for field_name, names_name in self.translated_fields.items():
            # Names in a language no longer on the site stay, should it come back.
            names = dict(getattr(self.instance, names_name))
            for language, _name in other_languages():
                typed = self.cleaned_data.get(input_name(field_name, language))
                if typed:
                    names[language] = typed
                else:
                    names.pop(language, None)
            setattr(self.instance, names_name, names)
        return super().save(commit)


def term_names_form(base, model, translated_fields):
    """``base`` with one input per other site language for each of ``translated_fields``.

    Built per request, so that a language added to the settings gets its inputs."""
    inputs = {"translated_fields": translated_fields}
    for field_name in translated_fields:
        field = model._meta.get_field(field_name)
        for language, language_name in other_languages():
            inputs[input_name(field_name, language)] = forms.CharField(
                label=_("%(field)s in %(language)s")
                % {"field": capfirst(field.verbose_name), "language": language_name},
                max_length=field.max_length,
                required=False,
                validators=[_one_line],
                help_text=_("What the %(language)s site shows; left empty, it shows the one above.")
                % {"language": language_name},
            )
    return type(f"{model.__name__}NamesForm", (TermNamesForm, base), inputs)


class TermNamesAdmin:
    """ModelAdmin mixin: an input per other site language under each translated field."""

    translated_fields = {}  # e.g. {"name": "names"}

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = term_names_form(self.form, self.model, self.translated_fields)
        return super().get_form(request, obj, change, **kwargs)

    def get_search_fields(self, request):
        """Searching a translated field searches its names in the other languages too, so
        that an editor finds «Грузия» typing it (the brief form's country picker too)."""
        fields = list(super().get_search_fields(request))
        for field_name, names_name in self.translated_fields.items():
            if field_name in fields:
                fields += [f"{names_name}__{language}" for language, _name in other_languages()]
        return fields

    def get_fields(self, request, obj=None):
        inputs = {
            field_name: [input_name(field_name, language) for language, _name in other_languages()]
            for field_name in self.translated_fields
        }
        moved = {name for names in inputs.values() for name in names}
        fields = []
        for field in super().get_fields(request, obj):
            if field not in moved:
                fields.append(field)
                fields.extend(inputs.get(field, []))
        return fields
