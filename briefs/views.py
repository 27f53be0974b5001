"""Public pages. Every brief a reader sees comes through ``Brief.objects.published()``."""

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import DetailView, ListView, TemplateView

from countries.models import Country, Region

from .filters import FACET_NAMED
from .models import Author, Brief, Series, Theme
from .navigation import remembered_navigation_for
from .page_cache import Fragment, all_kept, remember
from .pagination import ArchivePaginator, chosen
from .public_counts import public_counts
from .querysets import listing_prefetches
from .related import related_briefs

HOME_LATEST = 10
HOME_SERIES = 8


def kept_counts(facet):
    """{term id: public briefs} of ``facet`` (a filter's parameter), from the counts the
    database keeps, memoized until the content changes."""
    return remember(f"public-counts:{facet}", lambda: public_counts([FACET_NAMED[facet]])[facet])


def with_public_counts(model, facet, limit=None):
    """The terms of ``model`` that public briefs use, each with ``public_count`` set: read
    from the counts of ``facet`` (a filter's parameter) that the database keeps.

    With ``limit``, only that many of the busiest terms (in the model's own order).
    """
    counts = kept_counts(facet)
    ids = counts if limit is None else sorted(counts, key=lambda pk: (-counts[pk], pk))[:limit]
    terms = list(model.objects.filter(id__in=ids))
    for term in terms:
        term.public_count = counts[term.id]
    return terms


class HomeView(TemplateView):
    """The latest briefs, the busiest series and every country with public briefs.

    The series and countries are loaded only if the template's fragment cache misses.
    """

    template_name = "briefs/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest=chosen(Brief.objects.published().newest_first(), 0, HOME_LATEST),
            series_list=SimpleLazyObject(
                lambda: with_public_counts(Series, "series", limit=HOME_SERIES)
            ),
            countries=SimpleLazyObject(lambda: with_public_counts(Country, "country")),
            **kwargs,
        )


class BriefDetailView(DetailView):
    """A public brief. Its metadata and article (with citations) are kept as HTML fragments
    per content generation (and address, since they hold absolute URLs); its bylines,
    countries and themes are loaded only when one of them has to be drawn."""

    context_object_name = "brief"
    fragments = ("brief-meta", "brief-article")

    def get_queryset(self):
        return Brief.objects.published().select_related("series")

    def get_context_data(self, **kwargs):
        brief, request = self.object, self.request
        meta, article = (
            Fragment(name, brief.pk, request.scheme, request.get_host()) for name in self.fragments
        )
        if not all_kept([meta, article]):
            prefetch_related_objects([brief], *listing_prefetches(Brief), "themes")
        return super().get_context_data(
            meta_fragment=meta,
            article_fragment=article,
            navigation=remembered_navigation_for(brief),
            related=related_briefs(brief),
            **kwargs,
        )


class BriefListView(ListView):
    """Public briefs, newest first: the whole archive, or those filed under one term."""

    taxonomy = None
    paginate_by = settings.BRIEFS_PER_PAGE
    context_object_name = "briefs"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.term = None
        if self.taxonomy is not None:
            try:
                self.term = self.taxonomy.get_term(kwargs["slug"])
            except self.taxonomy.model.DoesNotExist:
                raise Http404("No such page.") from None

    def get_queryset(self):
        briefs = Brief.objects.published()
        if self.taxonomy is None:
            return briefs.newest_first()
        return self.taxonomy.briefs(briefs, self.term)

    def get_paginator(self, queryset, per_page, **kwargs):
        """A term's list is as long as the database's kept count of that term says."""
        if self.term is None:
            return ArchivePaginator(queryset, per_page, memo_key="archive", **kwargs)
        total = kept_counts(self.taxonomy.name).get(self.term.pk, 0)
        key = f"{self.taxonomy.name}:{self.term.pk}"
        return ArchivePaginator(queryset, per_page, memo_key=key, known_count=total, **kwargs)

    def get_template_names(self):
        if self.taxonomy is None:
            return ["briefs/brief_list.html"]
        return [self.taxonomy.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(term=self.term, **kwargs)
        if self.taxonomy and self.taxonomy.hidden_when_empty and not context["paginator"].count:
            raise Http404("No such page.")
        return context


class CountryIndexView(TemplateView):
    """Countries with public briefs, grouped by region."""

    template_name = "briefs/country_index.html"

    def get_context_data(self, **kwargs):
        countries = with_public_counts(Country, "country")
        regions = {region.id: region for region in Region.objects.filter(countries__in=countries)}
        groups = {}
        for country in countries:
            groups.setdefault(regions.get(country.region_id), []).append(country)
        ordered = sorted(groups.items(), key=lambda item: (item[0] is None, str(item[0] or "")))
        return super().get_context_data(regions=ordered, **kwargs)


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
