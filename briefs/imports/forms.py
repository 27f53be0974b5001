"""The admin import's forms: the upload, and the preview's choice for each term."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from briefs.imports.runs import COUNTRY, country_choices, own_choices
from briefs.imports.terms import folded

TERM_FIELD = "term-{}"


class UploadForm(forms.Form):
    export = forms.FileField(
        label="Export file",
        help_text="The XML file WordPress (Tools › Export › All content) or Squarespace "
        "(Settings › Import / Export › Export) gave you.",
    )

    def clean_export(self):
        upload = self.cleaned_data["export"]
        limit = settings.WXR_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                f"The file is {filesizeformat(upload.size)}; an upload may be "
                f"{filesizeformat(limit)} at most. Import a larger export with "
                "manage.py import_wxr (docs/importing.md)."
            )
        return upload


class TermSelect(forms.Select):
    """The select of one term: its own choices (a theme of its name, nothing), then every
    country. The countries' options are written once per form and shared by every select:
    through Django's template per option, a hundred terms took seconds (docs/importing.md).
    """

    def __init__(self, countries, attrs=None):
        super().__init__(attrs)
        self.countries = countries  # the <optgroup> of every country, none selected

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        own = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, options, _index in widget["optgroups"]
                for option in options
            ),
        )
        countries = self.countries
        if isinstance(value, str) and value.startswith(COUNTRY):
            option = format_html('<option value="{}">', value)
            countries = mark_safe(countries.replace(option, f"{option[:-1]} selected>", 1))
        return format_html(
            '<select name="{}"{}>{}{}</select>', name, flatatt(widget["attrs"]), own, countries
        )


class TermField(forms.ChoiceField):
    """A term's choice: one of its own, or any country (``country_values``)."""

    def __init__(self, *, country_values, **kwargs):
        super().__init__(**kwargs)
        self.country_values = country_values

    def valid_value(self, value):
        return value in self.country_values or super().valid_value(value)


class MappingForm(forms.Form):
    """A select per category and tag of ``run`` (what it becomes), and the images' source."""

    fetch_media = forms.BooleanField(
        required=False,
        label="Download the images from the old site",
        help_text="Each image is fetched from its address in the export (the old site must "
        "still be online); an image not found is listed in the report.",
    )

    def __init__(self, *args, run, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.run = run
        countries = country_choices()
        options = format_html(
            '<optgroup label="Country">{}</optgroup>',
            format_html_join("", '<option value="{}">{}</option>', countries),
        )
        values = {value for value, _name in countries}
        for number, (term, choice) in enumerate(zip(run.terms, run.mapping, strict=True)):
            self.fields[TERM_FIELD.format(number)] = TermField(
                label=f"{term['kind'].capitalize()} “{term['name']}”",
                choices=own_choices(term),
                initial=choice,
                widget=TermSelect(options),
                country_values=values,
            )

    def term_fields(self):
        return [self[TERM_FIELD.format(number)] for number in range(len(self.run.terms))]

    def clean(self):
        cleaned = super().clean()
        unknown = sorted(
            key for key in self.data if key.startswith("term-") and key not in self.fields
        )
        if unknown:
            raise ValidationError(
                f"This export has no term {', '.join(unknown)}: open the preview again "
                "and choose from it."
            )
        # The importer matches terms by name: two that share one must become the same.
        first_of = {}
        for number, term in enumerate(self.run.terms):
            name = TERM_FIELD.format(number)
            if name not in cleaned:
                continue
            other = first_of.setdefault(folded(term["name"]), name)
            if cleaned[other] != cleaned[name]:
                self.add_error(
                    name,
                    f"{self.fields[name].label} shares its name with "
                    f"{self.fields[other].label}: choose the same for both.",
                )
        return cleaned

    def mapping(self):
        return [self.cleaned_data[field.name] for field in self.term_fields()]
