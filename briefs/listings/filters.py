"""Filters that the archive and search share, and the counts (facets) shown for each.

Every list is first narrowed to one language's briefs (``languages.ListLanguage``: the
page's, unless the query string asks for another or for all), then by the filters.

A filter is one GET parameter holding a slug (or a year). Filters combine with each other
and with a search query; the URL carries them, so a filtered list can be shared. Each facet
counts the public briefs matching everything else that is selected, so its options say
what choosing them would give. Whatever the number of filters, the chosen values are
checked in one query, and the seven facets are counted in one more (a ``UNION ALL`` of one
grouped ``SELECT`` per facet).
"""

import heapq
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC
from urllib.parse import urlencode

from django.db.models import BigIntegerField, CharField, Count, Exists, F, Min, OuterRef, Value
from django.db.models.functions import Cast, ExtractYear
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from briefs.caching.page_cache import fingerprint, remember
from briefs.listings.candidate_facets import tally
from briefs.listings.languages import ALL, ListLanguage
from briefs.listings.public_counts import OneOfFew, public_counts
from briefs.models import Author, Brief, BriefAuthor, BriefKind, Series, Theme, ThemedBrief
from countries.models import Country, Region
from ops.term_names import name_in_sql

FACET_OPTIONS = 15
_SLUG = re.compile(r"^[-\w]{1,250}$")
_YEAR = re.compile(r"^[12]\d{3}$")


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    selected: bool = False
    query: str = ""
    """The query string that chooses this option, or drops it when it is selected."""


@dataclass(frozen=True)
class Facet:
    """A filter over a taxonomy reached from briefs through ``links`` (a link table).

    ``brief`` names the links' field pointing at the brief and ``term`` the path from a
    link to the term, whose ``slug`` is the parameter's value and ``label`` its name, in
    the active language where the term has ``label_names`` (``ops.term_names``).
    """

    param: str
    title: str
    model: type
    links: type
    brief: str
    term: str
    label: str = "name"
    label_names: str | None = None

    def _label(self, path=""):
        """The label read from the term at ``path`` (the term itself when empty)."""
        if self.label_names is None:
            return F(f"{path}{self.label}")
        return name_in_sql(f"{path}{self.label}", f"{path}{self.label_names}")

    def is_valid(self, value):
        return bool(_SLUG.match(value))

    def narrow(self, briefs, value):
        chosen = self.links.objects.filter(**{f"{self.term}__slug": value})
        return briefs.filter(id__in=chosen.values(self.brief))

    def _links_of(self, among):
        """The link rows of the briefs ``among`` (a subquery of ids)."""
        return self.links.objects.filter(**{f"{self.brief}__in": among})

    def counts(self, among):
        """Rows (param, value, label, count): the briefs ``among`` per term, unordered."""
        return (
            self._links_of(among)
            .order_by()
            .values(
                param=Value(self.param),
                value=F(f"{self.term}__slug"),
                label=self._label(f"{self.term}__"),
            )
            .annotate(count=Count(self.brief, distinct=True))
        )

    def _links_among(self, among):
        """The link rows of the few briefs ``among`` (a queryset of briefs): the briefs
        themselves when the term is a column of theirs, read straight off ``among``'s
        index rather than looked up again by id."""
        if self.links is Brief:
            return among.order_by()
        return self.links.objects.filter(OneOfFew(F(self.brief), among.values("id"))).order_by()

    def id_counts(self, among, sign):
        """Rows (param, sign, key, n): the few briefs ``among`` (a queryset) per term id,
        unordered, each ``n`` to be counted ``sign`` times (a number or an expression)."""
        return (
            self._links_among(among)
            .values(param=Value(self.param), sign=_expression(sign), key=F(self.term))
            .annotate(n=Count(self.brief, distinct=True))
        )

    def corrections(self, now, live, near_new_year):
        """``id_counts`` rows turning the kept published and scheduled counts into public
        ones at ``now``: ``live`` holds the (briefs, sign) pairs counted as they are now
        (``public_counts.since_counted(now)`` and the public briefs coming down), and
        ``near_new_year`` a condition on briefs, or None when years here are UTC's."""
        return [self.id_counts(*pair) for pair in live]

    def terms(self, ids):
        """Rows (param, key, value, label) naming the terms ``ids``."""
        return (
            self.model.objects.filter(id__in=ids)
            .order_by()
            .values(param=Value(self.param), key=F("id"), value=F("slug"), label=self._label())
        )

    def option(self, term, count, names):
        """The option of the term ``term`` that ``count`` briefs have, named from the
        ``terms`` rows ``names`` ({(param, term): row})."""
        row = names[self.param, term]
        return Option(row["value"], row["label"], count)

    def best(self, options):
        return sorted(options, key=lambda option: (-option.count, option.label))[:FACET_OPTIONS]

    def contenders(self, counts):
        """The terms of ``counts`` ({term: n}) that may be among the ``best`` options: the
        ``FACET_OPTIONS`` largest counts and every term tied with the last of them (names
        order the ties), so that only those need naming."""
        if len(counts) <= FACET_OPTIONS:
            return counts
        floor = heapq.nlargest(FACET_OPTIONS, counts.values())[-1]
        return {term: n for term, n in counts.items() if n >= floor}

    def lookup(self, value, public):
        """A row (param, label) naming the term ``value`` if a public brief is filed under
        it; no row otherwise."""
        used = self.links.objects.filter(
            **{self.term: OuterRef("pk"), f"{self.brief}__in": public.values("id")}
        )
        return (
            self.model.objects.filter(Exists(used), slug=value)
            .order_by()
            .values(param=Value(self.param), label=self._label())
        )


class YearFacet(Facet):
    def is_valid(self, value):
        return bool(_YEAR.match(value))

    def narrow(self, briefs, value):
        return briefs.filter(publish_at__year=int(value))

    def counts(self, among):
        year = Cast(ExtractYear("publish_at"), CharField())
        return (
            self._links_of(among)
            .order_by()
            .values(param=Value(self.param), value=year, label=Value(""))
            .annotate(count=Count("id"))
        )

    def id_counts(self, among, sign, tzinfo=None):
        """Rows (param, sign, key, n): the few briefs ``among`` (a queryset) per publish
        year, in the site's time zone or ``tzinfo``."""
        year = Cast(ExtractYear("publish_at", tzinfo=tzinfo), BigIntegerField())
        return (
            self._links_among(among)
            .values(param=Value(self.param), sign=_expression(sign), key=year)
            .annotate(n=Count("id"))
        )

    def corrections(self, now, live, near_new_year):
        """As for other facets, in UTC years as kept, and, unless years here are UTC's, the
        briefs near a New Year moved from their year in UTC to their year here."""
        corrections = [self.id_counts(*pair, tzinfo=UTC) for pair in live]
        if near_new_year is not None:
            near = Brief.objects.published(now=now).filter(near_new_year())
            corrections += [self.id_counts(near, -1, tzinfo=UTC), self.id_counts(near, 1)]
        return corrections

    def terms(self, ids):
        """None: a year names itself."""
        return None

    def option(self, term, count, names):
        return Option(str(term), "", count)

    def best(self, options):
        return sorted(
            (replace(option, label=option.value) for option in options),
            key=lambda option: -int(option.value),
        )

    def contenders(self, counts):
        """Every year: all are shown."""
        return counts

    def lookup(self, value, public):
        """One row (param, label): the year, or null if no public brief was published in
        it (an aggregate over no rows)."""
        return (
            self.narrow(public, value)
            .order_by()
            .values(param=Value(self.param))
            .annotate(label=Min(Value(value, output_field=CharField())))
        )


def _expression(value):
    return value if hasattr(value, "resolve_expression") else Value(value)


FACETS = (
    Facet(
        "country",
        _("Country"),
        Country,
        Brief.countries.through,
        "brief",
        "country",
        label_names="names",
    ),
    Facet(
        "region",
        _("Region"),
        Region,
        Brief.countries.through,
        "brief",
        "country__region",
        label_names="names",
    ),
    Facet("theme", _("Theme"), Theme, ThemedBrief, "content_object", "tag", label_names="names"),
    Facet(
        "series", _("Series"), Series, Brief, "id", "series", label="title", label_names="titles"
    ),
    Facet("author", _("Author"), Author, BriefAuthor, "brief", "author"),
    YearFacet("year", _("Year"), Brief, Brief, "id", "publish_at"),
    Facet(
        "type",
        _("Type"),
        BriefKind,
        Brief,
        "id",
        "kind",
        label="plural_name",
        label_names="plural_names",
    ),
)


def union_of(querysets):
    """The rows (dictionaries) of every ``values()`` queryset, in one ``UNION ALL`` query;
    no query when there are none."""
    querysets = [queryset for queryset in querysets if queryset is not None]
    if not querysets:
        return []
    first, *others = querysets
    return list(first.union(*others, all=True) if others else first)


def archive_counts(language=None):
    """Each facet's options (as ``Filters.count`` gives them) among every public brief in
    ``language`` (all when None), from the kept counts, in three queries whatever the size
    of the archive."""
    counts = public_counts(FACETS, language)
    shown = {facet.param: facet.contenders(counts[facet.param]) for facet in FACETS}
    named = union_of([facet.terms(shown[facet.param]) for facet in FACETS])
    names = {(row["param"], row["key"]): row for row in named}
    return [
        facet.best(facet.option(term, n, names) for term, n in shown[facet.param].items())
        for facet in FACETS
    ]


FACET_NAMED = {facet.param: facet for facet in FACETS}


def _year_options(facets):
    return next(each.options for each in facets if isinstance(each.facet, YearFacet))


@dataclass(frozen=True)
class ActiveFilter:
    facet: Facet
    value: str
    label: str
    query: str
    """The query string without this filter."""


class FacetOptions:
    """A facet and its options as ``Filters.count`` gave them, each linked to the list
    with it chosen or, when it is chosen, without it. The links are built on first use:
    a panel drawn from the fragment cache never needs them."""

    def __init__(self, facet, counted, filters):
        self.facet, self._counted, self._filters = facet, counted, filters

    @cached_property
    def options(self):
        param = self.facet.param
        chosen = self._filters.selected.get(param)
        return [
            replace(
                option,
                selected=option.value == chosen,
                query=self._filters._query(
                    param, chosen=() if option.value == chosen else (param, option.value)
                ),
            )
            for option in self._counted
        ]


class Filters:
    """The filters a request asks for: the valid ones applied, the others reported.

    Every valid-looking value is checked in one query for all of them, remembered for the
    same values until the content changes: a value is applied only if it names a term that
    a public brief is filed under.
    """

    def __init__(self, params):
        self.params = params
        self.language = ListLanguage.of(params)
        self.active = []
        self.ignored = [str(ListLanguage.title).lower()] if self.language.ignored else []
        values = {facet: params.get(facet.param, "").strip() for facet in FACETS}
        requested = {
            facet: value for facet, value in values.items() if value and facet.is_valid(value)
        }
        found = requested and remember(
            f"filters:{fingerprint(urlencode([(f.param, v) for f, v in requested.items()]))}",
            lambda: self._labels(requested, Brief.objects.published()),
        )
        for facet, value in values.items():
            if facet.param in found:
                self.active.append(
                    ActiveFilter(facet, value, found[facet.param], self._query(facet.param))
                )
            elif value:
                self.ignored.append(facet.title.lower())
        self.selected = {chosen.facet.param: chosen.value for chosen in self.active}

    @staticmethod
    def _labels(requested, public):
        """{param: label} for each requested (facet, value) that names a term in use."""
        lookups = [facet.lookup(value, public) for facet, value in requested.items()]
        return {row["param"]: row["label"] for row in union_of(lookups) if row["label"]}

    @property
    def key(self):
        """The chosen filters and language (unless the page's own) as one canonical query
        string, for naming memoized values."""
        language = [("language", self.language.key)] if self.language.key else []
        return urlencode(
            [*language, *((chosen.facet.param, chosen.value) for chosen in self.active)]
        )

    @cached_property
    def languages(self):
        """The links to this list in each language and in all (``LanguageOption``)."""
        return self.language.options(self.params)

    @property
    def every_language(self):
        """The query string of this list in every language."""
        return self.language.link(self.params, ALL)

    def _query(self, *dropped, chosen=()):
        """A link's query string: this one without the parameters ``dropped`` and the page,
        plus the ``chosen`` (parameter, value) pair if given."""
        kept = [
            (param, value)
            for param, values in self.params.lists()
            if param not in dropped and param != "page"
            for value in values
        ]
        return f"?{urlencode([*kept, *([chosen] if chosen else [])])}"

    @property
    def links_key(self):
        """The query string without the page: what the facets' links are built from."""
        return self._query()

    @property
    def cleared(self):
        """The query string without any filter (the search words stay)."""
        return self._query(*(facet.param for facet in FACETS))

    def apply(self, briefs, leave_out=None):
        briefs = self.language.narrow(briefs)
        for chosen in self.active:
            if chosen.facet is not leave_out:
                briefs = chosen.facet.narrow(briefs, chosen.value)
        return briefs

    def total(self, facets):
        """How many briefs all the filters together select, read off the year facet.

        Every brief has exactly one publish year, and the year facet counts the briefs
        narrowed by every other filter, per year: their sum (or, with a year chosen, that
        year's count) is the size of the filtered list, with no COUNT query of its own.
        """
        years = _year_options(facets)
        chosen = [option.count for option in years if option.selected]
        return chosen[0] if chosen else sum(option.count for option in years)

    def year_sizes(self, facets):
        """``[(year, briefs), ...]``, newest year first: how the filtered list, newest
        first, falls into publish years (in the site's time zone), read off the year
        facet; None when a year is chosen (the facet then counts the other years too)."""
        years = _year_options(facets)
        if any(option.selected for option in years):
            return None
        return [(int(option.value), option.count) for option in years]

    def count(self, briefs, candidates=None):
        """Each facet's options as plain values, best first, counted among ``briefs``
        narrowed by the other filters: in one query, except that among a search's
        ``candidates`` (its ``Hits``) every facet whose own filter is not chosen is tallied
        from them in Python (``candidate_facets``), and a facet whose filter is chosen
        counts among the newest ``candidates.limit`` of ``briefs`` narrowed by the other
        filters, so that its other options still say what choosing them gives."""
        found = defaultdict(list)
        if candidates is not None:
            unchosen = [facet.param for facet in FACETS if facet.param not in self.selected]
            for param, rows in tally(unchosen, candidates.facts).items():
                found[param] = [Option(value, label, count) for value, label, count in rows]
        parts = []
        for facet in FACETS:
            left_out = facet if facet.param in self.selected else None
            if candidates is not None and left_out is None:
                continue
            narrowed = self.apply(briefs, leave_out=left_out)
            if candidates is None:
                among = narrowed.order_by().values("id")
            else:
                newest = narrowed.order_by("-publish_at", "-id").values("id")
                among = newest[: candidates.limit]
            parts.append(facet.counts(among))
        for row in union_of(parts):
            if row["value"] is not None:  # briefs in no series, countries in no region
                found[row.pop("param")].append(Option(**row))
        return [facet.best(found[facet.param]) for facet in FACETS]

    def facets(self, memo_key=None):
        """Each facet's options among the public briefs, linked (see ``options``).

        With no filter chosen they are read from the counts the database keeps
        (``public_counts``), not counted. With ``memo_key``, the counts are the same for
        every reader asking for the same filters until the content changes, so they are
        memoized under that name and the filters' ``key``.
        """

        def counted():
            if self.active:
                return self.count(Brief.objects.published())
            return archive_counts(self.language.chosen)

        if memo_key:
            return self.options(remember(f"facets:{memo_key}:{fingerprint(self.key)}", counted))
        return self.options(counted())

    def options(self, counted):
        """The facets (``FacetOptions``) with the options ``count`` gave them."""
        return [
            FacetOptions(facet, options, self)
            for facet, options in zip(FACETS, counted, strict=True)
        ]
