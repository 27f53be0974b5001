"""The terms readers browse briefs by: country, region, theme, series and author.

Each taxonomy says how to find its term from a URL slug and how to narrow the public
briefs to that term. One listing view (``views.BriefListView``) serves them all.
"""

from dataclasses import dataclass

from django.db.models import Model, QuerySet

from briefs.models import Author, Brief, Series, Theme
from countries.models import Country, Region


@dataclass(frozen=True)
class Taxonomy:
    name: str
    model: type[Model]
    lookup: str
    ordering: tuple = ("-publish_at", "-id")
    hidden_when_empty: bool = True
    """Reference data (countries, regions) always has a page; the other terms have one
    only while a public brief uses them, so nothing about an unpublished brief shows."""

    def get_term(self, slug):
        return self.model.objects.get(slug=slug)

    def briefs(self, queryset: QuerySet, term) -> QuerySet:
        return queryset.filter(**{self.lookup: term}).order_by(*self.ordering)

    @property
    def template_name(self):
        return f"briefs/{self.name}_detail.html"


class RegionTaxonomy(Taxonomy):
    def briefs(self, queryset, term):
        # A brief on two countries of one region must be listed once.
        in_region = Brief.countries.through.objects.filter(country__region=term)
        return queryset.filter(id__in=in_region.values("brief_id")).order_by(*self.ordering)


COUNTRY = Taxonomy("country", Country, "countries", hidden_when_empty=False)
REGION = RegionTaxonomy("region", Region, "countries__region", hidden_when_empty=False)
THEME = Taxonomy("theme", Theme, "themes")
SERIES = Taxonomy("series", Series, "series", ordering=("series_position",))
AUTHOR = Taxonomy("author", Author, "byline__author")
