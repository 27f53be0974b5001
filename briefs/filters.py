"""Filters that the archive and search share, and the counts (facets) shown for each.

A filter is one GET parameter holding a slug (or a year). Filters combine with each other
and with a search query; the URL carries them, so a filtered list can be shared. Each facet
counts the public briefs matching everything else that is selected, in one aggregate query,
so its options say what choosing them would give.
"""

import re
from dataclasses import dataclass, replace

from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.http import QueryDict

from countries.models import Country, Region

from .models import Author, Brief, BriefAuthor, Series, Theme, ThemedBrief
from .page_cache import memoize

FACET_OPTIONS = 15
_SLUG = re.compile(r"^[-\w]{1,250}$")
_YEAR = re.compile(r"^[12]\d{3}$")


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    selected: bool = False
    params: QueryDict | None = None
    """The query string that chooses this option, or drops it when it is selected."""


@dataclass(frozen=True)
class Facet:
    """A filter over a taxonomy reached from briefs through ``links`` (a link table).

    ``brief`` names the links' field pointing at the brief and ``term`` the path from a
    link to the term, whose ``slug`` is the parameter's value and ``label`` its name.
    """

    param: str
    title: str
    model: type
    links: type
    brief: str
    term: str
    label: str = "name"

    def is_valid(self, value):
        return bool(_SLUG.match(value))

    def narrow(self, briefs, value):
        chosen = self.links.objects.filter(**{f"{self.term}__slug": value})
        return briefs.filter(id__in=chosen.values(self.brief))

    def options(self, briefs):
        rows = (
            self.links.objects.filter(**{f"{self.brief}__in": briefs.order_by().values("id")})
            .exclude(**{f"{self.term}__isnull": True})
            .values(value=F(f"{self.term}__slug"), label=F(f"{self.term}__{self.label}"))
            .annotate(count=Count(self.brief, distinct=True))
            .order_by("-count", "label")[:FACET_OPTIONS]
        )
        return [Option(**row) for row in rows]

    def label_for(self, value, public):
        """The name of the term ``value`` if a public brief is filed under it, in one query."""
        used = self.links.objects.filter(**{f"{self.brief}__in": public.values("id")})
        terms = self.model.objects.filter(slug=value, pk__in=used.values(self.term))
        return terms.values_list(self.label, flat=True).first()


class YearFacet(Facet):
    def is_valid(self, value):
        return bool(_YEAR.match(value))

    def narrow(self, briefs, value):
        return briefs.filter(publish_at__year=int(value))

    def options(self, briefs):
        rows = (
            briefs.order_by()
            .annotate(year=ExtractYear("publish_at"))
            .values("year")
            .annotate(count=Count("id"))
            .order_by("-year")
        )
        return [Option(str(row["year"]), str(row["year"]), row["count"]) for row in rows]

    def label_for(self, value, public):
        return self.narrow(public, value).exists() and value


FACETS = (
    Facet("country", "Country", Country, Brief.countries.through, "brief", "country"),
    Facet("region", "Region", Region, Brief.countries.through, "brief", "country__region"),
    Facet("theme", "Theme", Theme, ThemedBrief, "content_object", "tag"),
    Facet("series", "Series", Series, Brief, "id", "series", label="title"),
    Facet("author", "Author", Author, BriefAuthor, "brief", "author"),
    YearFacet("year", "Year", Brief, Brief, "id", "publish_at"),
)


@dataclass(frozen=True)
class ActiveFilter:
    facet: Facet
    value: str
    label: str
    params: QueryDict
    """The query string without this filter."""


@dataclass(frozen=True)
class FacetOptions:
    facet: Facet
    options: list


class Filters:
    """The filters a request asks for: the valid ones applied, the others reported."""

    def __init__(self, params, public):
        self.params = params
        self.active, self.ignored = [], []
        for facet in FACETS:
            value = params.get(facet.param, "").strip()
            if not value:
                continue
            label = facet.is_valid(value) and facet.label_for(value, public)
            if label:
                self.active.append(ActiveFilter(facet, value, label, self._with(facet, None)))
            else:
                self.ignored.append(facet.title.lower())

    def _with(self, facet, value):
        params = self.params.copy()
        params.pop(facet.param, None)
        if value is not None:
            params[facet.param] = value
        return params

    @property
    def cleared(self):
        """The query string without any filter (the search words stay)."""
        params = self.params.copy()
        for facet in FACETS:
            params.pop(facet.param, None)
        return params

    def apply(self, briefs, leave_out=None):
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
        years = next(each.options for each in facets if isinstance(each.facet, YearFacet))
        chosen = [option.count for option in years if option.selected]
        return chosen[0] if chosen else sum(option.count for option in years)

    def facets(self, briefs, memo_key=None, within=None):
        """Each facet's options, counted among ``briefs`` narrowed by the other filters.

        An option links to the list with it chosen, or, when it is chosen, without it.
        With ``memo_key`` and no filter chosen, the counts are the same for every reader
        until the content changes, so they are memoized under that name.
        ``within(narrowed, left_out)``, if given, returns the set actually counted for the
        briefs ``narrowed`` by every filter but ``left_out`` (search counts among a capped
        set of candidates); ``left_out`` is ``None`` for every facet whose own filter is not
        chosen, since those all count among the same briefs.
        """
        selected = {chosen.facet.param: chosen.value for chosen in self.active}
        if memo_key and not self.active and within is None:
            counted = memoize(
                f"facets:{memo_key}", lambda: [facet.options(briefs) for facet in FACETS]
            )
        else:
            counted = []
            for facet in FACETS:
                left_out = facet if facet.param in selected else None
                narrowed = self.apply(briefs, leave_out=left_out)
                if within is not None:
                    narrowed = within(narrowed, left_out)
                counted.append(facet.options(narrowed))
        facets = []
        for facet, facet_options in zip(FACETS, counted, strict=True):
            options = [
                replace(
                    option,
                    selected=option.value == selected.get(facet.param),
                    params=self._with(
                        facet, None if option.value == selected.get(facet.param) else option.value
                    ),
                )
                for option in facet_options
            ]
            facets.append(FacetOptions(facet, options))
        return facets
