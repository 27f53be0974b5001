"""Which language's briefs a list shows: the page's, unless the reader asks for another.

A list of briefs (the home page, the archive, search, a term's page, a feed) shows the
briefs written in the page's language, which the address gives (``/ru/briefs/`` lists the
Russian briefs, ``/briefs/`` the English ones). ``?language=all`` shows every language's,
``?language=<code>`` another site language's. Any other value is ignored, and reported as an
ignored filter is, so the page's language stays.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from briefs.content.languages import language_choices, language_name

PARAM = "language"
ALL = "all"
# The query string of a list in every language.
EVERY_LANGUAGE = f"?{PARAM}={ALL}"


@dataclass(frozen=True)
class LanguageOption:
    value: str
    label: str
    code: str | None
    """The language's code for a ``lang`` attribute; None for "All languages"."""
    selected: bool
    query: str


@dataclass(frozen=True)
class ListLanguage:
    """The language a list's briefs are in: ``chosen``, or every language when None."""

    page: str
    chosen: str | None
    ignored: bool = False

    title = _("Language")

    @classmethod
    def of(cls, params):
        """The choice the query string ``params`` makes on a page in the active language."""
        page = get_language()
        value = params.get(PARAM, "").strip()
        if value == ALL:
            return cls(page, None)
        if value in dict(language_choices()):
            return cls(page, value)
        return cls(page, page, ignored=bool(value))

    @property
    def is_the_page_language(self):
        return self.chosen == self.page

    @property
    def key(self):
        """The choice in a memoized value's name: empty for the page's own language (the
        kept values' names already carry it), the code or "all" otherwise."""
        return "" if self.is_the_page_language else self.chosen or ALL

    def narrow(self, rows, field="language"):
        """``rows`` (briefs, or what ``field`` reaches a brief's language from) of the
        chosen language, or all of them."""
        return rows if self.chosen is None else rows.filter(**{field: self.chosen})

    def link(self, params, value):
        """The query string of the list in the language ``value`` (or ``ALL``): ``params``
        (a QueryDict) without the page, the language set (left out for the page's own)."""
        kept = [
            (param, each)
            for param, values in params.lists()
            if param not in (PARAM, "page")
            for each in values
        ]
        return f"?{urlencode([*kept, *([] if value == self.page else [(PARAM, value)])])}"

    def options(self, params):
        """A link to the list in each site language, then in all (``link``)."""
        choices = [(code, language_name(code), code) for code, _name in language_choices()]
        choices.append((ALL, _("All languages"), None))
        return [
            LanguageOption(value, label, code, code == self.chosen, self.link(params, value))
            for value, label, code in choices
        ]
