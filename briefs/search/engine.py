"""Finding public briefs by words: one interface, a backend per database.

PostgreSQL uses its full-text engine over the weighted ``search_vector`` column (see
``search_index``): web-search syntax (``"quoted phrases"``, ``or``, ``-word``), ranking,
highlighted snippets, and pg_trgm similarity to suggest a correction when nothing
matches. SQLite, the embedded default, matches words with ``icontains`` over the title,
summary, search document and the names of the brief's countries, series and themes; it
understands the same syntax in a simpler way and suggests corrections to country names
only.

A search looks among the briefs of one language, or of all (``backend(language)``). On
PostgreSQL the words are parsed with that language's text-search configuration, the one
its briefs' vectors were made with (``index.search_config``); among all languages each
brief is matched, ranked and highlighted with its own language's. The simple matcher folds
case in any script (``FoldedContains``), and suggests corrections from the newest titles too.

``backend()`` picks the implementation for the default database. ``newest_ranked()``
bounds what a search costs: it ranks only the newest ``limit`` matches (one query, reading
at most ``limit + 1`` rows), so a word found in 50,000 briefs costs about what a word found
in 1,000 does.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from briefs.content.lookups import FoldedContains
from briefs.listings.candidate_facets import FACTS, with_facts
from briefs.models import Brief, ThemedBrief
from briefs.search.index import FALLBACK_CONFIG, config_of_brief, search_config
from countries.models import Country
from ops.term_names import name_in_sql

MAX_QUERY_LENGTH = 200
MAX_TERMS = 32
SUGGESTION_SIMILARITY = 0.45
SNIPPET_WORDS = 32

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")
# Private-use characters mark the matches; the snippet is escaped, then they become <mark>
# (a stray one in stored text could only ever add a <mark>, never other markup).
_START, _STOP = "\ue000", "\ue001"
SNIPPET_WINDOW = 600
_HEADLINE_OPTIONS = (
    f'StartSel="{_START}", StopSel="{_STOP}", MaxWords={SNIPPET_WORDS}, MinWords=12, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)
# The search document starts with the title and a space; snippets show what follows,
# since the title is already the result's heading. The headline of the window (cut at a
# space) is computed once (OFFSET 0 keeps the planner from inlining it twice); the whole
# text is read only when the window has no match. Each brief's words are read with its own
# language's configuration ({config}: a CASE over its language).
_SNIPPETS_SQL = f"""
SELECT id, CASE WHEN strpos(near, %(start)s) > 0 THEN near
                ELSE ts_headline(config, text, query, %(options)s) END
FROM (
    SELECT brief.id, brief.text, brief.config, query, ts_headline(
        brief.config,
        regexp_replace(left(brief.text, %(window)s), '\\s+\\S*$', ''),
        query,
        %(options)s
    ) AS near
    FROM (
        SELECT id, substr(search_document, length(title) + 2) AS text,
               ({{config}})::regconfig AS config
        FROM {Brief._meta.db_table} WHERE id = ANY(%(ids)s::bigint[])
    ) AS brief, LATERAL websearch_to_tsquery(brief.config, %(text)s) AS query
    OFFSET 0
) AS headlines
"""


def _config_case():
    """SQL and named parameters: the configuration of a row of briefs in its language."""
    configs = list(settings.SEARCH_CONFIGS.items())
    whens = "".join(f" WHEN %(language_{n})s THEN %(config_{n})s" for n in range(len(configs)))
    params = {"fallback_config": FALLBACK_CONFIG}
    for n, (language, config) in enumerate(configs):
        params |= {f"language_{n}": language, f"config_{n}": config}
    return f"CASE language{whens} ELSE %(fallback_config)s END", params


@dataclass(frozen=True)
class Hits:
    """The briefs a search shows: at most ``limit`` ids, best first.

    ``capped`` says that more briefs matched than were ranked: the ids are then the most
    relevant of the newest ``limit`` matches, not of every match. ``facts`` holds each
    one's row of ``candidate_facets.FACTS``, which its facets are counted from.
    """

    ids: list = field(default_factory=list)
    capped: bool = False
    limit: int = 0
    facts: list = field(default_factory=list)


def newest_ranked(engine, matches, query, limit):
    """Rank the newest ``limit`` of ``matches`` in one query of at most ``limit + 1`` rows.

    PostgreSQL walks the (status, publish_at, id) index and checks each row against the
    query when a word is common, or reads the GIN index and sorts the few rows when it is
    rare; either way it reads and ranks a bounded number of rows. Ties keep newest first.
    """
    rows = list(
        with_facts(matches.annotate(rank=engine.rank(query)))
        .order_by("-publish_at", "-id")
        .values_list("rank", *FACTS)[: limit + 1]
    )
    best_first = sorted(rows[:limit], key=lambda row: -row[0])
    return Hits(
        ids=[pk for _, pk, *_ in best_first],
        capped=len(rows) > limit,
        limit=limit,
        facts=[facts for _, *facts in best_first],
    )


class QueryError(ValueError):
    """A query the site will not run; the message is shown to the reader."""


class QueryTooLong(QueryError):
    """A query over ``MAX_QUERY_LENGTH`` characters: the page does not repeat it."""


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
        raise QueryError(gettext("Your search contains a character that cannot be searched for."))
    text = " ".join(
        "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in raw).split()
    )
    if not text:
        return None
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryTooLong(
            gettext(
                "Searches are limited to %(limit)d characters and yours has %(length)d. "
                "A few precise words work best."
            )
            % {"limit": MAX_QUERY_LENGTH, "length": len(text)}
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
            gettext(
                "Type at least one word to look for. Quotes, “or” and a minus sign only refine "
                "the words of a search."
            )
        )
    if len(clauses) + len(excluded) > MAX_TERMS:
        raise QueryError(
            gettext("Searches are limited to %(limit)d words. A few precise words work best.")
            % {"limit": MAX_TERMS}
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
    """Full-text search with ranking and headlines, and trigram suggestions, among the
    briefs in ``language`` (all when None)."""

    def __init__(self, language=None):
        self.language = language

    def _tsquery(self, query, config=None):
        """The words parsed with ``config``: by default the searched language's, or each
        brief's own (an expression over its row) among all languages."""
        if config is None:
            config = config_of_brief() if self.language is None else search_config(self.language)
        return SearchQuery(query.text, search_type="websearch", config=config)

    def matching(self, briefs, query):
        """The briefs whose vector holds the words as their language's configuration reads
        them. Among all languages, one condition per configuration (with the languages
        that use it), so that the vectors' index still answers each."""
        if self.language is not None:
            return briefs.filter(search_vector=self._tsquery(query))
        languages_of = {}
        for language, config in settings.SEARCH_CONFIGS.items():
            languages_of.setdefault(config, []).append(language)
        configured = Q(language__in=list(settings.SEARCH_CONFIGS))
        found = ~configured & Q(search_vector=self._tsquery(query, FALLBACK_CONFIG))
        for config, languages in languages_of.items():
            found |= Q(language__in=languages, search_vector=self._tsquery(query, config))
        return briefs.filter(found)

    def rank(self, query):
        return SearchRank(F("search_vector"), self._tsquery(query))

    def snippets(self, ids, query):
        """Highlighted passages for the briefs ``ids`` (one page of them), in one query.

        ``ts_headline`` reads the whole text it is given, so it first reads only the
        start of each text (``SNIPPET_WINDOW`` characters, where a word found in many
        briefs nearly always is); only a text whose start holds no match is read whole.
        """
        if not ids:
            return {}
        config, config_params = _config_case()
        with connection.cursor() as cursor:
            cursor.execute(
                _SNIPPETS_SQL.format(config=config),
                {
                    "ids": list(ids),
                    "text": query.text,
                    "options": _HEADLINE_OPTIONS,
                    "window": SNIPPET_WINDOW,
                    "start": _START,
                    **config_params,
                },
            )
            return {pk: _highlight(text) for pk, text in cursor.fetchall()}

    def suggestion(self, query, public):
        """A corrected query from the public titles and countries (named in the active
        language) closest to what was typed.

        Country names are few and compared one by one (is a country's name close to a part
        of the query?). Titles are many: the word-similarity operator (``title %> query``,
        i.e. ``query <% title``) lets the trigram GIN index on titles find them, with its
        threshold lowered for this transaction only (the default 0.6 misses two swapped
        letters).
        """
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET LOCAL pg_trgm.word_similarity_threshold = %s", [SUGGESTION_SIMILARITY]
                )
            countries = list(
                Country.objects.filter(id__in=public.values("countries"))
                .annotate(shown_name=name_in_sql("name", "names"))
                .annotate(similarity=TrigramWordSimilarity(F("shown_name"), Value(query.text)))
                .filter(similarity__gte=SUGGESTION_SIMILARITY)
                .order_by("-similarity")
                .values_list("shown_name", flat=True)[:3]
            )
            titles = list(
                public.filter(TrigramWordSimilar(F("title"), Value(query.text)))
                .annotate(similarity=TrigramWordSimilarity(query.text, "title"))
                .order_by("-similarity")
                .values_list("title", flat=True)[:3]
            )
        return correct(query, [*countries, *titles])


def _holds(field, term):
    """The condition: the text ``field`` holds ``term``, whatever the case, in any script."""
    return FoldedContains(F(field), Value(term))


class SimpleSearch:
    """Case-insensitive substring matching, for SQLite and other databases; the language
    (``language``) only narrows what is searched, which the filters do."""

    def __init__(self, language=None):
        self.language = language

    def _matches(self, term):
        """Briefs holding ``term`` in what PostgreSQL's vector holds: the title, summary and
        search document, and the names of their countries, series and themes."""
        in_countries = Brief.countries.through.objects.filter(_holds("country__name", term))
        in_themes = ThemedBrief.objects.filter(_holds("tag__name", term))
        return (
            Q(_holds("title", term))
            | Q(_holds("dek", term))
            | Q(_holds("search_document", term))
            | Q(_holds("series__title", term))
            | Q(id__in=in_countries.values("brief_id"))
            | Q(id__in=in_themes.values("content_object_id"))
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

    def rank(self, query):
        """Higher for a word in the title, then for a word in the summary."""
        rank = Value(0)
        for clause in query.clauses:
            for term in clause:
                rank += Case(
                    When(_holds("title", term), then=Value(4)),
                    When(_holds("dek", term), then=Value(2)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
        return rank

    def snippets(self, ids, query):
        """A passage of each brief's search document around the first word found."""
        terms = sorted({term for clause in query.clauses for term in clause}, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
        snippets = {}
        rows = Brief.objects.filter(pk__in=ids).values_list("pk", "title", "search_document", "dek")
        for pk, title, document, dek in rows:
            text = document[len(title) + 1 :] or dek
            found = pattern.search(text)
            start = text.rfind(" ", 0, max(found.start() - 80, 0)) + 1 if found else 0
            words = text[start:].split()
            passage = " ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else "")
            snippets[pk] = _highlight(
                pattern.sub(lambda match: f"{_START}{match.group(0)}{_STOP}", passage)
            )
        return snippets

    def suggestion(self, query, public):
        """A corrected query from the names of countries with public briefs, as the
        active language calls them, and the titles of the newest ``SEARCH_CANDIDATES`` of
        them."""
        countries = Country.objects.filter(id__in=public.values("countries"))
        newest = public.newest_first().values_list("title", flat=True)
        names = [
            *countries.values_list(name_in_sql("name", "names"), flat=True),
            *newest[: settings.SEARCH_CANDIDATES],
        ]
        return correct(query, names)


def backend(language=None):
    """The search implementation for the default database, among the briefs in
    ``language`` (all when None)."""
    engine = PostgresSearch if connection.vendor == "postgresql" else SimpleSearch
    return engine(language)
