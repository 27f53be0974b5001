"""Finding public briefs by words: one interface, a backend per database.

PostgreSQL uses its full-text engine over the weighted ``search_vector`` column (see
``search_index``): web-search syntax (``"quoted phrases"``, ``or``, ``-word``), ranking,
highlighted snippets, and pg_trgm similarity to suggest a correction when nothing
matches. SQLite, the embedded default, matches words with ``icontains`` over the title,
summary, search document and country names; it understands the same syntax in a simpler
way and suggests corrections to country names only.

``backend()`` picks the implementation for the default database. Every method takes and
returns querysets, so the view counts hits and slices a page without loading every hit.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Length, Substr
from django.utils.html import escape
from django.utils.safestring import mark_safe

from countries.models import Country

from .models import Brief
from .search_index import TEXT_SEARCH_CONFIG

MAX_QUERY_LENGTH = 200
MAX_TERMS = 32
SUGGESTION_SIMILARITY = 0.45
SNIPPET_WORDS = 32

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")
# Private-use characters mark the matches; the snippet is escaped, then they become <mark>
# (a stray one in stored text could only ever add a <mark>, never other markup).
_START, _STOP = "\ue000", "\ue001"
# The search document starts with the title and a space; snippets show what follows,
# since the title is already the result's heading.
_AFTER_TITLE = Substr("search_document", Length("title") + 2)


class QueryError(ValueError):
    """A query the site will not run; the message is shown to the reader."""


@dataclass(frozen=True)
class Query:
    """A reader's query: the text as typed, and its terms grouped for the simple matcher.

    ``clauses`` must all match; each clause is a list of alternatives joined by ``or``.
    """

    text: str
    clauses: tuple = ()
    excluded: tuple = ()
    words: tuple = ()


def parse(raw):
    """Check and read a query string; ``None`` for an empty one, ``QueryError`` if unusable."""
    if "\x00" in raw:
        raise QueryError("Your search contains a character that cannot be searched for.")
    text = " ".join(
        "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in raw).split()
    )
    if not text:
        return None
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"Searches are limited to {MAX_QUERY_LENGTH} characters and yours has {len(text)}. "
            "A few precise words work best."
        )
    clauses, excluded, join_next = [], [], False
    for minus, phrase, bare in _TOKEN.findall(text):
        if bare.lower() == "or":
            join_next = bool(clauses)
            continue
        if bare.startswith("-"):
            minus, bare = "-", bare[1:]
        words = _WORD.findall(phrase if phrase else bare)
        if all(word.lower() == "or" for word in words):
            continue
        term = " ".join(words)
        if minus:
            excluded.append(term)
        elif join_next:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    if not clauses:
        raise QueryError(
            "Type at least one word to look for. Quotes, “or” and a minus sign only refine "
            "the words of a search."
        )
    if len(clauses) + len(excluded) > MAX_TERMS:
        raise QueryError(
            f"Searches are limited to {MAX_TERMS} words. A few precise words work best."
        )
    words = tuple(word for clause in clauses for term in clause for word in term.split())
    return Query(
        text=text,
        clauses=tuple(tuple(clause) for clause in clauses),
        excluded=tuple(excluded),
        words=words,
    )


def correct(query, vocabulary):
    """The query with each word replaced by a close word of ``vocabulary``, or ``None``."""
    known = {word.lower(): word for name in vocabulary for word in _WORD.findall(name)}
    changed, text = False, query.text
    for word in set(query.words):
        if word.lower() in known:
            continue
        close = difflib.get_close_matches(word.lower(), known, n=1, cutoff=0.75)
        if close:
            text = re.sub(rf"\b{re.escape(word)}\b", known[close[0]], text)
            changed = True
    return text if changed else None


def _highlight(text):
    return mark_safe(escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>"))


class PostgresSearch:
    """Full-text search with ranking and headlines, and trigram suggestions."""

    def _tsquery(self, query):
        return SearchQuery(query.text, search_type="websearch", config=TEXT_SEARCH_CONFIG)

    def matching(self, briefs, query):
        return briefs.filter(search_vector=self._tsquery(query))

    def ranked(self, briefs, query):
        rank = SearchRank(F("search_vector"), self._tsquery(query))
        return briefs.annotate(rank=rank).order_by("-rank", "-publish_at", "-id")

    def snippets(self, briefs, query):
        """Highlighted passages for ``briefs`` (one page of them), in one query."""
        headline = SearchHeadline(
            _AFTER_TITLE,
            self._tsquery(query),
            config=TEXT_SEARCH_CONFIG,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=SNIPPET_WORDS,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        rows = Brief.objects.filter(pk__in=[brief.pk for brief in briefs]).annotate(
            headline=headline
        )
        return {pk: _highlight(text) for pk, text in rows.values_list("pk", "headline")}

    def suggestion(self, query, public):
        """A corrected query from the public titles and countries closest to what was typed."""
        countries = (
            Country.objects.filter(id__in=public.values("countries"))
            .annotate(similarity=TrigramWordSimilarity(F("name"), Value(query.text)))
            .filter(similarity__gte=SUGGESTION_SIMILARITY)
            .order_by("-similarity")
            .values_list("name", flat=True)[:3]
        )
        titles = (
            public.annotate(similarity=TrigramWordSimilarity(query.text, "title"))
            .filter(similarity__gte=SUGGESTION_SIMILARITY)
            .order_by("-similarity")
            .values_list("title", flat=True)[:3]
        )
        return correct(query, [*countries, *titles])


class SimpleSearch:
    """Case-insensitive substring matching, for SQLite and other databases."""

    def _matches(self, term):
        in_countries = Brief.countries.through.objects.filter(country__name__icontains=term)
        return (
            Q(title__icontains=term)
            | Q(dek__icontains=term)
            | Q(search_document__icontains=term)
            | Q(id__in=in_countries.values("brief_id"))
        )

    def matching(self, briefs, query):
        for clause in query.clauses:
            alternatives = Q()
            for term in clause:
                alternatives |= self._matches(term)
            briefs = briefs.filter(alternatives)
        for term in query.excluded:
            briefs = briefs.exclude(self._matches(term))
        return briefs

    def ranked(self, briefs, query):
        """Briefs whose title holds a word first, then those whose summary does."""
        rank = Value(0)
        for clause in query.clauses:
            for term in clause:
                rank += Case(
                    When(title__icontains=term, then=Value(4)),
                    When(dek__icontains=term, then=Value(2)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
        return briefs.annotate(rank=rank).order_by("-rank", "-publish_at", "-id")

    def snippets(self, briefs, query):
        """A passage of each brief's search document around the first word found."""
        terms = sorted({term for clause in query.clauses for term in clause}, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
        snippets = {}
        for brief in briefs:
            text = brief.search_document[len(brief.title) + 1 :] or brief.dek
            found = pattern.search(text)
            start = text.rfind(" ", 0, max(found.start() - 80, 0)) + 1 if found else 0
            words = text[start:].split()
            passage = " ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else "")
            snippets[brief.pk] = _highlight(
                pattern.sub(lambda match: f"{_START}{match.group(0)}{_STOP}", passage)
            )
        return snippets

    def suggestion(self, query, public):
        """A corrected query from the names of countries with public briefs."""
        countries = Country.objects.filter(id__in=public.values("countries"))
        return correct(query, countries.values_list("name", flat=True))


def backend():
    """The search implementation for the default database."""
    return PostgresSearch() if connection.vendor == "postgresql" else SimpleSearch()
