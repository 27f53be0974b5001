"""The archive with filters, and search: one filtered listing of public briefs.

Both pages read their whole state from the query string (``q``, the filters of
``briefs.filters`` and ``page``), so any result can be bookmarked and shared. Neither
writes to the database: notices are part of the page, not session messages.
"""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.views.generic import TemplateView

from . import search
from .filters import Filters
from .models import Brief
from .pagination import ArchivePaginator
from .views import BriefListView


class ArchiveView(BriefListView):
    """Every public brief, newest first, narrowed by the filters in the query string."""

    def get_queryset(self):
        self.filters = Filters(self.request.GET, Brief.objects.published())
        self.facets = self.filters.facets(Brief.objects.published(), memo_key="archive")
        return self.filters.apply(super().get_queryset())

    def get_paginator(self, queryset, per_page, **kwargs):
        known_count = self.filters.total(self.facets)
        memo_key = None if self.filters.active else "archive"
        return ArchivePaginator(
            queryset, per_page, memo_key=memo_key, known_count=known_count, **kwargs
        )

    def get_template_names(self):
        return ["briefs/archive.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(filters=self.filters, facets=self.facets, **kwargs)


def page_of(request, queryset, count):
    """One page of the ``count`` briefs of ``queryset``: a slice, never the whole list."""
    paginator = ArchivePaginator(queryset, settings.BRIEFS_PER_PAGE, known_count=count)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page.") from None


class SearchView(TemplateView):
    """Public briefs matching the words in ``q``, best first, with the archive's filters.

    With no words but some filters it lists the filtered briefs newest first; with neither
    it shows the form, the filters and a prompt. When nothing matches and a corrected
    spelling does, the page offers "Did you mean ...?" and shows the corrected results.
    """

    template_name = "briefs/search.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        status = 400 if context["error"] else 200
        return self.render_to_response(context, status=status)

    @staticmethod
    def suggest(engine, query, filters):
        """A corrected query built from public titles and country names, if one is close."""
        corrected = engine.suggestion(query, filters.apply(Brief.objects.published()))
        try:
            return corrected and search.parse(corrected)
        except search.QueryError:
            return None

    def page_of_hits(self, hits, engine, query):
        """The requested page of ``hits``, its briefs loaded in rank order with snippets."""
        try:
            page = Paginator(hits.ids, settings.BRIEFS_PER_PAGE).page(
                self.request.GET.get("page") or 1
            )
        except InvalidPage:
            raise Http404("No such page.") from None
        loaded = (
            Brief.objects.published()
            .filter(pk__in=page.object_list)
            .for_cards()
            .defer("search_vector")
        )
        by_id = {brief.pk: brief for brief in loaded}
        page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
        snippets = engine.snippets(list(by_id), query)
        for brief in page.object_list:
            brief.snippet = snippets.get(brief.pk)
        return page

    def get_context_data(self, **kwargs):
        public = Brief.objects.published()
        filters = Filters(self.request.GET, public)
        engine = search.backend()
        context = {"filters": filters, "q": self.request.GET.get("q", ""), "error": None}
        try:
            query = search.parse(context["q"])
        except search.QueryError as error:
            query, context["error"] = None, str(error)
        context["query"] = query

        if query:
            limit = settings.SEARCH_CANDIDATES
            matches = engine.matching(public, query)
            hits = search.newest_ranked(engine, filters.apply(matches), query, limit)
            suggestion = not hits.ids and self.suggest(engine, query, filters)
            if suggestion:
                context["suggestion"] = query = suggestion
                matches = engine.matching(public, query)
                hits = search.newest_ranked(engine, filters.apply(matches), query, limit)

            def candidates(narrowed, left_out):
                if left_out is None:
                    return hits.ids
                return search.newest(narrowed, limit)

            facets = filters.facets(matches, within=candidates)
            context["page_obj"] = self.page_of_hits(hits, engine, query)
            context["capped"], context["candidates"] = hits.capped, limit
        else:
            facets = filters.facets(public, memo_key="archive")
            if filters.active:
                newest = filters.apply(public).for_listing().newest_first()
                context["page_obj"] = page_of(self.request, newest, filters.total(facets))
        if "page_obj" in context:
            context["briefs"] = context["page_obj"].object_list
            context["paginator"] = context["page_obj"].paginator
        context["facets"] = facets
        return super().get_context_data(**context, **kwargs)
