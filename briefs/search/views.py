"""The archive with filters, and search: one filtered listing of public briefs.

Both pages read their whole state from the query string (``q``, the filters of
``briefs.listings.filters`` and ``page``), so any result can be bookmarked and shared. Neither
writes to the database: notices are part of the page, not session messages.
"""

from dataclasses import replace

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.views.generic import TemplateView

from briefs.caching.page_cache import fingerprint, remember
from briefs.listings.cards import Cards, load_cards
from briefs.listings.filters import Filters
from briefs.listings.views import page_of
from briefs.models import Brief
from briefs.search.engine import QueryError, QueryTooLong, backend, newest_ranked, parse


class RankedPage(Cards):
    """One page of search results: the cards of the briefs ``ids``, best first, each with
    its snippet. ``card_key`` names this page of this search: while the content is
    unchanged its cards come from the fragment cache (kept as long as a search), and the
    briefs and their snippets are then never read."""

    card_kind = "search"

    def __init__(self, ids, engine, query, card_key):
        super().__init__(ids, card_key)
        self.engine, self.query = engine, query

    def load(self):
        return load_cards(self.ids, snippets=lambda ids: self.engine.snippets(ids, self.query))


class SearchView(TemplateView):
    """Public briefs matching the words in ``q``, best first, with the archive's filters.

    With no words but some filters it lists the filtered briefs newest first; with neither
    it shows the form, the filters and a prompt. When nothing matches and a corrected
    spelling does, the page offers "Did you mean ...?" and shows the corrected results.
    """

    template_name = "briefs/search.html"
    # A query the site will not run gets only the form and the reason: no filters, results
    # or links that would each repeat it.
    refused_template_name = "briefs/search_refused.html"

    def get(self, request, *args, **kwargs):
        try:
            query = parse(request.GET.get("q", ""))
        except QueryError as error:
            return self.refuse(error)
        context = self.get_context_data(query=query, **kwargs)
        return self.render_to_response(context)

    def refuse(self, error):
        """The short 400 page for a query the site will not run; an over-long one is not
        repeated, not even in the search box."""
        typed = "" if isinstance(error, QueryTooLong) else self.request.GET.get("q", "")
        context = {"filters": Filters(self.request.GET), "q": typed, "error": str(error)}
        return TemplateResponse(self.request, self.refused_template_name, context, status=400)

    @staticmethod
    def suggest(engine, query, filters):
        """A corrected query built from public titles and country names, if one is close."""
        corrected = engine.suggestion(query, filters.apply(Brief.objects.published()))
        try:
            return corrected and parse(corrected)
        except QueryError:
            return None

    def find(self, engine, query, filters):
        """``(hits, corrected, counted)``: the hits for ``query`` under the filters or, when
        nothing matches and a corrected spelling does, for that (``corrected`` is then its
        text, otherwise ``None``), and the facet counts among them. Plain values, kept
        until the content changes."""
        public, limit = Brief.objects.published(), settings.SEARCH_CANDIDATES
        corrected = None
        hits = newest_ranked(engine, filters.apply(engine.matching(public, query)), query, limit)
        suggestion = not hits.ids and self.suggest(engine, query, filters)
        if suggestion:
            query, corrected = suggestion, suggestion.text
            matches = filters.apply(engine.matching(public, query))
            hits = newest_ranked(engine, matches, query, limit)
        counted = filters.count(engine.matching(public, query), candidates=hits)
        return replace(hits, facts=[]), corrected, counted

    def page_of_hits(self, hits, engine, query, search_key):
        """The requested page of ``hits``: a ``RankedPage`` of their briefs."""
        try:
            page = Paginator(hits.ids, settings.BRIEFS_PER_PAGE).page(
                self.request.GET.get("page") or 1
            )
        except InvalidPage:
            raise Http404("No such page.") from None
        ids = page.object_list
        card_key = f"{search_key}:{','.join(map(str, ids))}"
        page.object_list = RankedPage(ids, engine, query, card_key)
        return page

    def get_context_data(self, query, **kwargs):
        public = Brief.objects.published()
        filters = Filters(self.request.GET)
        engine = backend(filters.language.chosen)
        context = {"filters": filters, "q": self.request.GET.get("q", ""), "query": query}

        if query:
            # What a search finds is the same for every reader until the content changes:
            # the ranked ids, the facet counts and the cards are kept under the words (as
            # normalised by parse), the candidate limit and the filters, for a shorter time
            # than the archive's counts, since readers can ask for any number of searches.
            limit = settings.SEARCH_CANDIDATES
            search_key = f"search:{limit}:{fingerprint(query.text)}:{fingerprint(filters.key)}"
            hits, corrected, counted = remember(
                search_key, lambda: self.find(engine, query, filters), kind="search"
            )
            if corrected:
                context["suggestion"] = query = parse(corrected)
            facets = filters.options(counted)
            context["facets_kind"] = "search"
            context["page_obj"] = self.page_of_hits(hits, engine, query, search_key)
            context["capped"], context["candidates"] = hits.capped, limit
        else:
            facets = filters.facets(memo_key="archive")
            context["facets_kind"] = "aggregate"
            if filters.active:
                newest = filters.apply(public).newest_first()
                context["page_obj"] = page_of(self.request, newest, filters, facets)
        if "page_obj" in context:
            context["briefs"] = context["page_obj"].object_list
            context["paginator"] = context["page_obj"].paginator
        context["facets"] = facets
        return super().get_context_data(**context, **kwargs)
