"""Public pages. Every brief a reader sees comes through ``Brief.objects.published()``."""

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import DetailView, TemplateView

from briefs.caching.page_cache import Fragment, all_kept
from briefs.content.querysets import listing_prefetches
from briefs.content.slugs import moved_address, redirect_target
from briefs.listings.languages import EVERY_LANGUAGE
from briefs.listings.navigation import remembered_navigation_for
from briefs.listings.pagination import chosen
from briefs.listings.views import BriefListView, kept_counts
from briefs.maps.drawing import region_map, world_map
from briefs.models import Author, Brief, Series, Theme
from briefs.public.related import related_briefs
from briefs.public.taxonomies import REGION
from briefs.public.translations import TranslationSet
from countries.models import Country, Region
from ops.term_names import alphabetical

HOME_LATEST = 10
HOME_SERIES = 8


def with_public_counts(model, facet, limit=None, language=None):
    """The terms of ``model`` that public briefs in ``language`` (all when None) use, each
    with ``public_count`` set: read from the counts of ``facet`` (a filter's parameter)
    that the database keeps.

    In alphabetical order of their names in the active language; with ``limit``, only that
    many of the busiest terms.
    """
    counts = kept_counts(facet, language)
    ids = counts if limit is None else sorted(counts, key=lambda pk: (-counts[pk], pk))[:limit]
    terms = alphabetical(model.objects.filter(id__in=ids))
    for term in terms:
        term.public_count = counts[term.id]
    return terms


class HomeView(TemplateView):
    """The latest briefs, the busiest series and every country with public briefs, of the
    briefs in the page's language.

    The series and countries are loaded only if the template's fragment cache misses.
    """

    template_name = "briefs/home.html"

    def get_context_data(self, **kwargs):
        language = get_language()
        in_language = Brief.objects.published().filter(language=language)
        return super().get_context_data(
            latest=chosen(in_language.newest_first(), 0, HOME_LATEST),
            series_list=SimpleLazyObject(
                lambda: with_public_counts(Series, "series", limit=HOME_SERIES, language=language)
            ),
            countries=SimpleLazyObject(
                lambda: with_public_counts(Country, "country", language=language)
            ),
            every_language=EVERY_LANGUAGE,
            **kwargs,
        )


class BriefDetailView(DetailView):
    """A public brief. Its metadata, article (with citations) and language switcher are kept
    as HTML fragments per content generation (and address, since they hold absolute URLs);
    its bylines, countries, themes, corrections, PDFs and public translations are loaded
    only when one of them has to be drawn."""

    context_object_name = "brief"
    fragments = ("brief-meta", "brief-article", "brief-languages")

    def get_queryset(self):
        return Brief.objects.published().select_related("series", "hero", "kind")

    def get(self, request, *args, **kwargs):
        """The brief at its own address; at any other (``slugs.moved_address``), a redirect."""
        prefix, slug = kwargs["prefix"], kwargs["slug"]
        try:
            self.object = self.get_object()
        except Http404:
            self.object = redirect_target(slug)
            if self.object is None:
                raise
        moved = moved_address(request, self.object, prefix, slug)
        if moved is not None:
            return moved
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        brief, request = self.object, self.request
        meta, article, languages = (
            Fragment(name, brief.pk, request.scheme, request.get_host()) for name in self.fragments
        )
        if not all_kept([meta, article]):
            prefetch_related_objects([brief], *listing_prefetches(Brief), "themes", "corrections")
        return super().get_context_data(
            meta_fragment=meta,
            article_fragment=article,
            languages_fragment=languages,
            translations=SimpleLazyObject(lambda: TranslationSet.of(brief)),
            pdfs=SimpleLazyObject(lambda: list(brief.pdfs.all())),
            navigation=remembered_navigation_for(brief),
            related=related_briefs(brief),
            **kwargs,
        )


class CountryIndexView(TemplateView):
    """Countries with public briefs on a map of the world, then listed by region."""

    template_name = "briefs/country_index.html"

    def get_context_data(self, **kwargs):
        countries = with_public_counts(Country, "country")
        regions = {region.id: region for region in Region.objects.filter(countries__in=countries)}
        groups = {}
        for country in countries:
            groups.setdefault(regions.get(country.region_id), []).append(country)
        named = alphabetical(region for region in groups if region is not None)
        ordered = [(region, groups[region]) for region in named]
        if None in groups:
            ordered.append((None, groups[None]))
        return super().get_context_data(
            regions=ordered, country_map=world_map(countries) if countries else None, **kwargs
        )


class RegionView(BriefListView):
    """A region's public briefs, under the map of its countries (on the first page)."""

    taxonomy = REGION

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            context["country_map"] = region_map(self.term)
        return context


class TermIndexView(TemplateView):
    """Series, themes or authors that have public briefs, with their counts."""

    model = None
    facet = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(terms=with_public_counts(self.model, self.facet), **kwargs)


series_index = TermIndexView.as_view(
    model=Series, facet="series", template_name="briefs/series_index.html"
)
theme_index = TermIndexView.as_view(
    model=Theme, facet="theme", template_name="briefs/theme_index.html"
)
author_index = TermIndexView.as_view(
    model=Author, facet="author", template_name="briefs/author_index.html"
)


def favicon(request):
    """``/favicon.ico``, which browsers and tools ask for unprompted: the SVG icon every
    page declares. Temporary, as the icon's address changes with its content."""
    return redirect(static("img/favicon.svg"))


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    """A plain page that needs no database: the error may be the database."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"site_name": settings.SITE_NAME}))
