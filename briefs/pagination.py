"""A paginator for public listings that costs the same on page 1 and on page 2,000.

Two things grow with the archive in Django's paginator: the COUNT(*) behind every page,
and OFFSET, which reads and throws away whole rows before the page. Here the count is
memoized until the content changes (``page_cache.memoize``), and a page first picks the
ids of its rows, which an index alone can answer, then loads just those rows.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .page_cache import memoize


class ArchivePaginator(Paginator):
    """Pages of a listing whose size is memoized under ``count_key``, or already ``known``."""

    def __init__(self, object_list, per_page, *, count_key=None, known_count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key
        self.known_count = known_count

    @cached_property
    def count(self):
        if self.known_count is not None:
            return self.known_count
        return memoize(f"listing-count:{self.count_key}", self.object_list.count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)
