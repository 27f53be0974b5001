"""Admin pieces that keep the brief change list fast with 100,000 briefs.

Counting every row and listing the terms in use both scan the whole archive; the change
list would pay for that on every load. The paginator estimates the unfiltered total on
PostgreSQL from the planner's statistics, the sidebar filters remember the terms in use
until the content changes, and the rows leave out the long texts no column shows.
"""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from briefs.caching.page_cache import remember
from briefs.editorial import workflow

# Below this many rows an exact count is as cheap as the estimate, and exact.
ESTIMATE_ABOVE = 10_000


class EstimatedCountPaginator(Paginator):
    """Exact counts for filtered lists; the planner's estimate for a whole big table."""

    @cached_property
    def count(self):
        queryset = self.object_list
        if not queryset.query.where and not queryset.query.distinct:
            estimate = _estimated_rows(queryset)
            if estimate is not None and estimate > ESTIMATE_ABOVE:
                return estimate
        return super().count


def _estimated_rows(queryset):
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [queryset.model._meta.db_table],
        )
        row = cursor.fetchone()
    return row[0] if row and row[0] >= 0 else None


class UsedTermsFilter(admin.RelatedOnlyFieldListFilter):
    """The terms that some brief in the list uses, remembered for a short while.

    Finding them means a DISTINCT over every brief. The answer is kept for
    ``EDITORIAL_CACHE_SECONDS`` and until public content changes (a term that only a new
    draft uses appears in the filter within that time). The list holds the briefs its
    viewer may see, so the answer is kept once for all editors and once for each other
    person.
    """

    def field_choices(self, field, request, model_admin):
        key = f"{model_admin.opts.label_lower}:{self.field_path}:{_viewer(request.user)}"
        return remember(
            f"admin-terms:{key}",
            lambda: list(super(UsedTermsFilter, self).field_choices(field, request, model_admin)),
            kind="editorial",
        )


def _viewer(user):
    """Whose list it is, as far as ``workflow.visible_briefs`` tells lists apart."""
    return "editors" if workflow.is_editor(user) else f"user-{user.pk}"


class LeanChangeList(ChangeList):
    """Loads the listed rows without the fields named in the admin's ``list_defer``."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer(*self.model_admin.list_defer)
