"""The "Language" filter of the editors' pages (the desk, the coverage page): all or one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from briefs.content.languages import language_choices


def _all_or_each_language():
    return [("", _("All languages")), *language_choices()]


class LanguageFilterField(forms.ChoiceField):
    """Empty for every language, else one site language's code (``Brief.language``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Language"))
        super().__init__(choices=_all_or_each_language, required=False, **kwargs)


class LanguageFilter(forms.Form):
    """A form of the filter alone, for a page whose only filter it is (the desk)."""

    language = LanguageFilterField()

    def language_or_none(self):
        """The chosen language, or ``None`` for all (and for a value that is no language)."""
        return (self.cleaned_data.get("language") or None) if self.is_valid() else None

    def links(self, base_url):
        """(code, label, address, chosen) for each choice, to offer them as links."""
        chosen = self.data.get("language", "") if self.is_valid() else ""
        return [
            (code, label, f"{base_url}?language={code}" if code else base_url, code == chosen)
            for code, label in self.fields["language"].choices
        ]
