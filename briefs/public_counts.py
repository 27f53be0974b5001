"""Public briefs per term over the whole archive, read without counting the archive.

The database keeps how many published briefs each term has (``PublishedCount``, kept by the
triggers of migration 0008), scheduled briefs included. A public count is that less the
scheduled briefs' own counts: those are few, and are counted as the page is drawn, since
they become public by themselves as time passes and no kept number can follow them. So the
counts are exact at any moment, with no cache involved.

Years are kept in UTC, which a trigger can compute on any database. A brief published
within a day of a New Year in UTC may belong to another year in the site's time zone: those
few are counted again as the page is drawn, moved from their UTC year to their own.
"""

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from functools import cache

from django.db.models import F, Lookup, Q, Value
from django.utils import timezone

from .models import Brief, PublishedCount

# Wider than any time zone's distance from UTC.
NEW_YEAR_MARGIN = timedelta(days=1)


def public_counts(facets):
    """``{param: {term id, or year: public briefs}}`` for each of ``facets``
    (``filters.Facet``), terms without a public brief left out: in two queries."""
    params = [facet.param for facet in facets]
    kept = PublishedCount.objects.filter(facet__in=params).order_by()
    now = timezone.now()
    parts = [kept.values(param=F("facet"), sign=Value(1), key=F("term"), n=F("count"))]
    near_new_year = cache(lambda: _near_new_year(kept))
    for facet in facets:
        parts += facet.corrections(now, near_new_year)
    counts = defaultdict(lambda: defaultdict(int))
    first, *others = parts
    for row in first.union(*others, all=True):
        counts[row["param"]][row["key"]] += row["sign"] * row["n"]
    return {
        param: {term: n for term, n in counts[param].items() if term is not None and n > 0}
        for param in params
    }


def pending(now):
    """The published briefs not yet public at ``now``: kept in the counts, not shown."""
    return Brief.objects.scheduled(now=now)


def _near_new_year(kept):
    """A condition on briefs: published within ``NEW_YEAR_MARGIN`` of a New Year in UTC
    that the kept years reach (one query reads them)."""
    years = set(kept.filter(facet="year").values_list("term", flat=True))
    near = Q(pk__in=[])
    for year in years | {year + 1 for year in years}:
        new_year = datetime(year, 1, 1, tzinfo=UTC)
        near |= Q(
            publish_at__gte=new_year - NEW_YEAR_MARGIN, publish_at__lt=new_year + NEW_YEAR_MARGIN
        )
    return near


class OneOfFew(Lookup):
    """``column`` is one of the few ids a subquery selects: ``= ANY(ARRAY(subquery))`` on
    PostgreSQL, which reads the ids first and probes the column's index once for each,
    where ``IN (subquery)`` was planned as a scan of the whole link table; ``IN`` elsewhere."""

    lookup_name = "one_of_few"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} IN {rhs}", [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]
