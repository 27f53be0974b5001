"""A paginator for public listings that costs the same on page 1 and on page 2,000.

Two things grow with the archive in Django's paginator: the COUNT(*) behind every page,
and OFFSET, which reads and throws away whole rows before the page. Here the count is
memoized until the content changes (``page_cache.remember``), and a page first picks the
ids of its rows, which an index alone can answer, then loads just those rows. Even from
the index, OFFSET 40,000 reads 40,000 entries (docs/performance.md has the cost), so each
page's ids are memoized too, under the listing's name (a filtered archive's name carries
its filters).
"""

from datetime import datetime

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property

from briefs.caching.page_cache import remember
from briefs.listings.cards import Cards


class ArchivePaginator(Paginator):
    """Pages of the listing named ``memo_key``: its size is ``known_count`` when the caller
    already knows it, or memoized; each page's ids are memoized under that name.

    ``year_sizes`` (``[(year, briefs), ...]``, newest first), when the caller knows how a
    newest-first list falls into publish years, lets a deep page start its index scan at
    the New Year after the page's first brief: OFFSET then skips at most a year of entries
    instead of every newer brief.
    """

    def __init__(
        self, object_list, per_page, *, memo_key, known_count=None, year_sizes=None, **kwargs
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.memo_key = memo_key
        self.known_count = known_count
        self.year_sizes = year_sizes

    @cached_property
    def count(self):
        if self.known_count is not None:
            return self.known_count
        return remember(f"listing-count:{self.memo_key}", self.object_list.count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = remember(
            f"listing-page:{self.memo_key}:{self.per_page}:{number}",
            lambda: page_ids(*self._from_its_year(bottom, top)),
        )
        return self._get_page(chosen(self.object_list, bottom, top, ids), number, self)

    def _from_its_year(self, start, stop):
        """``(briefs, start, stop)`` naming the same rows as ``start:stop`` of the list:
        the briefs published before the New Year that ends the year of row ``start``, and
        the positions among them."""
        newer = 0
        for year, size in self.year_sizes or ():
            if start < newer + size:
                if not newer:
                    break
                new_year = datetime(year + 1, 1, 1, tzinfo=timezone.get_current_timezone())
                return self.object_list.filter(publish_at__lt=new_year), start - newer, stop - newer
            newer += size
        return self.object_list, start, stop


def page_ids(briefs, start, stop):
    """The ids of the rows ``start:stop`` of ``briefs``, read from the index alone."""
    return list(briefs.values_list("pk", flat=True)[start:stop])


def chosen(briefs, start, stop, ids=None):
    """The cards of the rows ``start:stop`` of ``briefs`` (``listing_cards.Cards``), picked
    by id first: the ids come from the index alone (or are given as ``ids``), and the cards
    are read only when drawn. Their ``card_key`` names exactly those briefs in that order,
    so ``includes/brief_cards.html`` can serve the whole list from the fragment cache and
    never read them.
    """
    if ids is None:
        ids = page_ids(briefs, start, stop)
    return Cards(ids, card_key=",".join(map(str, ids)))
