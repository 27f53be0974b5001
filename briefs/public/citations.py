"""How to cite a brief: APA, Chicago and MLA text, and BibTeX and RIS for reference managers.

A brief is cited as a report (RIS ``RPRT``, BibTeX ``@techreport``) published by the site;
rispy and pybtex write the two files, this module decides what goes in them.
The formatters take a ``Citation``, a plain record, so they are tested without a database.
Author names are stored whole; ``Name.parse`` splits them into given and family names,
keeping particles such as "van der" with the family name and treating a single word as a
name without a given part (an organisation, or a person known by one name).

A citation is written in the brief's language (``Citation.language``), whatever language
is active and with no request at all (a PDF printed by the task worker): the type of
work, month names, the order of a date's parts and the words between names ("and", "et
al.") are its language's.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import wraps

import rispy
from django.conf import settings
from django.utils import timezone, translation
from django.utils.dates import MONTHS_ALT
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, pgettext, pgettext_lazy
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output import bibtex as pybtex_bibtex

from briefs.content.addresses import absolute_url
from briefs.content.languages import default_language

REPORT_TYPE = pgettext_lazy("type of work in a citation", "Policy brief")
# A month as a date names it: "14 March", "14 марта" (Django's translated names).
MONTHS = [MONTHS_ALT[number] for number in range(1, 13)]
MLA_MONTHS = (
    pgettext_lazy("MLA month", "Jan."), pgettext_lazy("MLA month", "Feb."),
    pgettext_lazy("MLA month", "Mar."), pgettext_lazy("MLA month", "Apr."),
    pgettext_lazy("MLA month", "May"), pgettext_lazy("MLA month", "June"),
    pgettext_lazy("MLA month", "July"), pgettext_lazy("MLA month", "Aug."),
    pgettext_lazy("MLA month", "Sept."), pgettext_lazy("MLA month", "Oct."),
    pgettext_lazy("MLA month", "Nov."), pgettext_lazy("MLA month", "Dec."),
)  # fmt: skip
PARTICLES = {
    "al", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "do", "dos", "du",
    "el", "ibn", "la", "le", "op", "ten", "ter", "van", "von", "zu", "Ní", "Nic", "Ó",
}  # fmt: skip
APA_MAX_AUTHORS = 20  # APA 7: list up to 20; beyond, the first 19, an ellipsis and the last
CHICAGO_MAX_AUTHORS = 10  # Chicago 17: list up to 10; beyond, the first 7 and "et al."
CHICAGO_LISTED_WHEN_TRUNCATED = 7
BIBTEX_SPECIALS = {
    ord("\\"): r"\textbackslash{}",
    ord("{"): r"\textbraceleft{}",
    ord("}"): r"\textbraceright{}",
    ord("&"): r"\&",
    ord("%"): r"\%",
    ord("$"): r"\$",
    ord("#"): r"\#",
    ord("_"): r"\_",
    ord("~"): r"\textasciitilde{}",
    ord("^"): r"\textasciicircum{}",
}


@dataclass(frozen=True)
class Name:
    given: str
    family: str

    @classmethod
    def parse(cls, full_name):
        """Split "Jan van der Berg" into ("Jan", "van der Berg"); "Berg, Jan" works too."""
        full_name = " ".join(full_name.split())
        if "," in full_name:
            family, given = (part.strip() for part in full_name.split(",", 1))
            return cls(given, family)
        words = full_name.split(" ")
        start = len(words) - 1
        while start > 1 and words[start - 1] in PARTICLES:
            start -= 1
        return cls(" ".join(words[:start]), " ".join(words[start:]))

    @property
    def natural(self):
        return f"{self.given} {self.family}".strip()

    @property
    def inverted(self):
        return f"{self.family}, {self.given}" if self.given else self.family

    @property
    def initials(self):
        """APA initials: "Jean-Paul Ann" becomes "J.-P. A."."""
        return " ".join(
            "-".join(f"{part[0]}." for part in word.split("-") if part)
            for word in self.given.split()
        )


@dataclass(frozen=True)
class Citation:
    title: str
    authors: tuple
    published: date
    publisher: str
    url: str
    brief_id: int
    series: str = ""
    abstract: str = ""
    keywords: tuple = ()
    language: str = field(default_factory=default_language)

    @classmethod
    def of(cls, brief, request=None):
        """The citation of a public brief, from what its page already loaded."""
        return cls(
            title=brief.title,
            authors=tuple(Name.parse(author.name) for author in brief.ordered_authors),
            published=timezone.localdate(brief.publish_at),
            publisher=settings.SITE_NAME,
            url=absolute_url(brief.get_absolute_url(), request),
            brief_id=brief.pk,
            series=brief.series.local_title if brief.series_id else "",
            abstract=brief.dek,
            keywords=tuple(theme.local_name for theme in brief.themes.all()),
            language=brief.page_language,
        )


def in_its_language(formatter):
    """Run ``formatter(citation)`` in the citation's language."""

    @wraps(formatter)
    def formatted(citation):
        with translation.override(citation.language):
            return formatter(citation)

    return formatted


def _end(text):
    """``text`` closed with a full stop, unless it already ends a sentence."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _et_al():
    return gettext("et al.")


def _date_parts(day):
    return {"year": day.year, "month": MONTHS[day.month - 1], "day": day.day}


def _join(names):
    """Names joined as a list of authors: "A, B, and C" (the serial comma is English's)."""
    if len(names) <= 1:
        return "".join(names)
    return pgettext("the last of several names", "%(others)s, and %(last)s") % {
        "others": ", ".join(names[:-1]),
        "last": names[-1],
    }


def _italic_title(title):
    """The title in italics, closed with a full stop that stays outside the italics."""
    closing = "" if title.endswith((".", "?", "!")) else "."
    return format_html("<i>{}</i>{}", title, closing)


@in_its_language
def apa(citation):
    """APA 7: Beridze, N., &amp; Məmmədov, A. (2025, March 4). <i>Title</i> [Policy brief]."""
    names = [
        f"{name.family}, {name.initials}" if name.given else name.family
        for name in citation.authors
    ]
    if len(names) > APA_MAX_AUTHORS:
        authors = ", ".join(names[: APA_MAX_AUTHORS - 1]) + ", . . . " + names[-1]
    elif len(names) > 1:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        authors = "".join(names)
    day = citation.published
    dated = pgettext("APA date", "(%(year)s, %(month)s %(day)s).") % _date_parts(day)
    work = format_html("<i>{}</i> [{}].", citation.title, REPORT_TYPE)
    if not authors:
        # Without an author, the title moves to the author's place.
        return format_html("{} {} {}. {}", work, dated, citation.publisher, citation.url)
    return format_html(
        "{} {} {} {}. {}", _end(authors), dated, work, citation.publisher, citation.url
    )


@in_its_language
def chicago(citation):
    """Chicago 17 bibliography: Beridze, Nino, and Anar Məmmədov. <i>Title</i>. Policy brief."""
    names = [name.natural for name in citation.authors]
    if names:
        names[0] = citation.authors[0].inverted
    if len(names) > CHICAGO_MAX_AUTHORS:
        authors = ", ".join(names[:CHICAGO_LISTED_WHEN_TRUNCATED]) + ", " + _et_al()
    else:
        authors = _join(names)
    day = citation.published
    parts = [_italic_title(citation.title), f"{REPORT_TYPE}."]
    if citation.series:
        parts.append(_end(citation.series))
    dated = pgettext("Chicago date", "%(month)s %(day)s, %(year)s") % _date_parts(day)
    parts.append(f"{citation.publisher}, {dated}.")
    parts.append(_end(citation.url))
    if authors:
        parts.insert(0, _end(authors))
    return format_html_join(" ", "{}", ((part,) for part in parts))


@in_its_language
def mla(citation):
    """MLA 9: Beridze, Nino, and Anar Məmmədov. <i>Title</i>. Publisher, 4 Mar. 2025, url."""
    names = citation.authors
    if len(names) > 2:
        authors = f"{names[0].inverted}, {_et_al()}"
    elif len(names) == 2:
        authors = _join([names[0].inverted, names[1].natural])
    else:
        authors = "".join(name.inverted for name in names)
    day = citation.published
    address = re.sub(r"^https?://", "", citation.url)
    source = f"{citation.publisher}, {day.day} {MLA_MONTHS[day.month - 1]} {day.year}, {address}."
    title = _italic_title(citation.title)
    if not authors:
        return format_html("{} {}", title, source)
    return format_html("{} {} {}", _end(authors), title, source)


def bibtex_escape(text):
    """``text`` with the characters (La)TeX treats specially escaped; accents stay UTF-8.

    Braces become ``\\textbraceleft{}`` and ``\\textbraceright{}`` rather than ``\\{`` and
    ``\\}``: BibTeX counts braces without regard to backslashes, so a title with one ``{``
    escaped as ``\\{`` would leave the entry unbalanced (and pybtex's writer refuses it).
    """
    return text.translate(BIBTEX_SPECIALS)


def _one_line(text):
    """``text`` with every run of white space, line breaks included, made one space."""
    return " ".join(text.split())


class _BibtexWriter(pybtex_bibtex.Writer):
    """pybtex's BibTeX writer, given values that ``bibtex`` has already escaped.

    pybtex runs every value through latexcodec, which escapes ``% & # _ ~`` but, taking its
    input to be LaTeX already, leaves ``\\ { } $ ^`` alone: ``\\end`` in a title would run as
    a command and a lone ``{`` makes the writer raise. It would also escape the address,
    which BibTeX styles and biber read verbatim. So here values are written as given, and
    ``bibtex`` passes every typed value (all but the address) through ``bibtex_escape``.
    """

    def _encode(self, text):
        return text


def _bibtex_name_part(text):
    """One part of a name, escaped, and braced where BibTeX would misread it: an "and"
    would split the person in two, a comma would move words into the "Jr." part."""
    escaped = bibtex_escape(text)
    if "," in text or "and" in text.lower().split():
        return "{" + escaped + "}"
    return escaped


def _bibtex_person(name):
    return Person(first=_bibtex_name_part(name.given), last=_bibtex_name_part(name.family))


def bibtex_key(citation):
    """E.g. ``beridze2025hedging-17``: first author's family name, year, first long title
    word, and the brief's id.

    The words make the key readable; the id makes it unique across the site, so that two
    briefs by one author in one year that start alike keep apart in a bibliography, and
    stable, as no other brief's publishing can change it.
    """

    def ascii_word(text):
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]", "", folded.lower())

    # The last word of the family name; a name typed as ", Jan" has none.
    family_words = citation.authors[0].family.split() if citation.authors else []
    family = ascii_word(family_words[-1]) if family_words else ""
    words = [ascii_word(word) for word in citation.title.split()]
    first_word = next((word for word in words if len(word) > 3), "")
    return f"{family or 'brief'}{citation.published.year}{first_word}-{citation.brief_id}"


@in_its_language
def bibtex(citation):
    """A ``@techreport`` entry that BibTeX, biber, Zotero and Mendeley read."""
    day = citation.published
    fields = {
        # Inner braces keep the title's capitals as written.
        "title": "{" + bibtex_escape(_one_line(citation.title)) + "}",
        "institution": bibtex_escape(citation.publisher),
        "type": str(REPORT_TYPE),
        "series": bibtex_escape(_one_line(citation.series)),
        "year": str(day.year),
        # pybtex quotes every value, so no ``mar`` macro: this is the text that macro stands
        # for, which BibTeX styles print as they would the macro (biblatex reads ``date``).
        "month": str(MONTHS[day.month - 1]),
        "date": day.isoformat(),
        "url": citation.url,
        "abstract": bibtex_escape(_one_line(citation.abstract)),
        "keywords": bibtex_escape(", ".join(map(_one_line, citation.keywords))),
    }
    entry = Entry(
        "techreport",
        fields={field: value for field, value in fields.items() if value},
        persons={"author": [_bibtex_person(name) for name in citation.authors]},
    )
    return _BibtexWriter().to_string(BibliographyData({bibtex_key(citation): entry}))


class _RisWriter(rispy.RisWriter):
    """rispy's RIS writer with the CRLF line ends the format expects, and without the
    record counter ("1.") it puts before each record: a file should start with ``TY``."""

    NEWLINE = "\r\n"

    def set_header(self, count):
        return ""


@in_its_language
def ris(citation):
    """An RIS record of type RPRT, each value on one line so that none can start a tag."""
    day = citation.published
    record = {
        "type_of_reference": "RPRT",
        "title": _one_line(citation.title),
        "authors": [name.inverted for name in citation.authors],
        "year": str(day.year),
        "date": day.strftime("%Y/%m/%d/"),
        "publisher": _one_line(citation.publisher),
        "tertiary_title": _one_line(citation.series),
        "type_of_work": str(REPORT_TYPE),
        "abstract": _one_line(citation.abstract),
        "keywords": [_one_line(keyword) for keyword in citation.keywords],
        "urls": [citation.url],
        "language": citation.language.split("-")[0],  # the primary tag: "en", "ru"
    }
    present = {tag: value for tag, value in record.items() if value}
    return rispy.dumps([present], implementation=_RisWriter)


def styles(citation):
    """The reader-facing styles, in the order the page shows them."""
    return [("APA", apa(citation)), ("Chicago", chicago(citation)), ("MLA", mla(citation))]
