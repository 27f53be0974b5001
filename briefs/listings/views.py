"""Lists of public briefs, paged and filtered: a term's page and the whole archive.

A term's page (a country, region, theme, series or author) and the archive are one list
narrowed differently: by the term in the address, or by the filters in the query string.
Their lengths come from the counts the database keeps, never from counting the list.
"""

from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import Http404
from django.views.generic import ListView

from briefs.caching.page_cache import fingerprint, remember
from briefs.listings.filters import FACET_NAMED, Filters
from briefs.listings.languages import ALL, ListLanguage
from briefs.listings.pagination import ArchivePaginator
from briefs.listings.public_counts import public_counts
from briefs.models import Brief


def kept_counts(facet, language=None):
    """{term id: public briefs} of ``facet`` (a filter's parameter) among the briefs in
    ``language`` (all when None), from the counts the database keeps, memoized until the
    content changes."""
    name = f"public-counts:{facet}" + (f"@{language}" if language else "")
    return remember(name, lambda: public_counts([FACET_NAMED[facet]], language)[facet])


class BriefListView(ListView):
    """Public briefs, newest first: the whole archive, or those filed under one term; in
    the page's language unless the query string asks for another or all
    (``languages.ListLanguage``)."""

    taxonomy = None
    paginate_by = settings.BRIEFS_PER_PAGE
    context_object_name = "briefs"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.language = ListLanguage.of(request.GET)
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
        return self.taxonomy.briefs(self.language.narrow(briefs), self.term)

    def get_paginator(self, queryset, per_page, **kwargs):
        """A term's list is as long as the database's kept count of that term says."""
        if self.term is None:
            return ArchivePaginator(queryset, per_page, memo_key="archive", **kwargs)
        total = kept_counts(self.taxonomy.name, self.language.chosen).get(self.term.pk, 0)
        key = f"{self.taxonomy.name}:{self.term.pk}" + (
            f":{self.language.key}" if self.language.key else ""
        )
        return ArchivePaginator(queryset, per_page, memo_key=key, known_count=total, **kwargs)

    def get_template_names(self):
        if self.taxonomy is None:
            return ["briefs/brief_list.html"]
        return [self.taxonomy.template_name]

    def has_public_briefs(self, listed):
        """Whether the term has public briefs in any language, ``listed`` of them in the
        list's: one with some in another language only has its page in every language
        (which says so)."""
        if listed:
            return True
        return self.language.chosen is not None and bool(
            kept_counts(self.taxonomy.name).get(self.term.pk)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            term=self.term,
            list_language=self.language,
            languages=self.language.options(self.request.GET),
            every_language=self.language.link(self.request.GET, ALL),
            **kwargs,
        )
        if (
            self.taxonomy
            and self.taxonomy.hidden_when_empty
            and not self.has_public_briefs(context["paginator"].count)
        ):
            raise Http404("No such page.")
        return context


class ArchiveView(BriefListView):
    """Every public brief, newest first, narrowed by the filters in the query string."""

    def get_queryset(self):
        self.filters = Filters(self.request.GET)
        self.facets = self.filters.facets(memo_key="archive")
        return self.filters.apply(super().get_queryset())

    def get_paginator(self, queryset, per_page, **kwargs):
        return archive_paginator(queryset, per_page, self.filters, self.facets, **kwargs)

    def get_template_names(self):
        return ["briefs/archive.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filters=self.filters,
            facets=self.facets,
            facets_kind="aggregate",
            **kwargs,
        )


def listing_key(filters):
    """The name under which the pages of the archive narrowed by ``filters`` are kept."""
    return f"archive:{fingerprint(filters.key)}" if filters.key else "archive"


def archive_paginator(queryset, per_page, filters, facets, **kwargs):
    """Pages of the archive narrowed by ``filters``: how many briefs it holds, and in which
    years, read off its ``facets`` rather than counted again."""
    return ArchivePaginator(
        queryset,
        per_page,
        memo_key=listing_key(filters),
        known_count=filters.total(facets),
        year_sizes=filters.year_sizes(facets),
        **kwargs,
    )


def page_of(request, queryset, filters, facets):
    """One page of the briefs of ``queryset``, as many as ``facets`` count: a slice, never
    the whole list."""
    paginator = archive_paginator(queryset, settings.BRIEFS_PER_PAGE, filters, facets)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page.") from None
