"""Public briefs per term over the whole archive, read without counting the archive.

The database keeps how many published briefs without a take-down time each term has
(``PublishedCount``, kept by the triggers of migration 0008, with 0028's rule), scheduled
briefs included, and how many of them had a publish time still to come at a moment it last
counted them (``ScheduledCount`` and its moment, counted afresh by the triggers of migration
0009 whenever a write touches one of them). A public count is the first less the second,
plus the briefs published between that moment and now (less those still to come now that
the moment took for past, were the clocks apart): a range of publish times that only the
time since the last such write fills; plus the briefs with a take-down time that are public
now (``coming_down``: those whose take-down is still to come, few, read off their index). So
the counts are exact at any moment, a take-down's included, with no cache involved, all
read in one statement.

Each language's briefs are kept apart too, under the facet's name and the language
(``country@ru``, migration 0031): ``public_counts(facets, language)`` reads those, with its
corrections narrowed to that language.

Years are kept in UTC, which a trigger can compute on any database. A brief published
within a day of a New Year in UTC may belong to another year in the site's time zone: those
few are counted again as the page is drawn, moved from their UTC year to their own, unless
the site's years begin when UTC's do (a site in UTC), where nothing moves.
"""

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Case, DateTimeField, Exists, F, Lookup, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, Least
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from briefs.models import Brief, ContentGeneration, PublishedCount, ScheduledCount

# Wider than any time zone's distance from UTC.
NEW_YEAR_MARGIN = timedelta(days=1)
# The years whose New Years ``years_are_utc`` looks at: wider than any archive's.
YEARS_CHECKED = range(1900, 2201)
# Stands for the moment of reading in a compiled statement (no real moment has this
# microsecond and these parameters hold no other moment like it).
STAND_IN_MOMENT = datetime(2000, 1, 1, 0, 0, 0, 1, tzinfo=UTC)
# The moment of the scheduled counts when there are none (never counted, row gone).
NEVER_COUNTED = datetime(9999, 12, 31, tzinfo=UTC)


def public_counts(facets, language=None):
    """``{param: {term id, or year: public briefs}}`` for each of ``facets``
    (``filters.Facet``), of the briefs in ``language`` or, when None, of all, terms without
    a public brief left out: in one query (two when the site's years are not UTC's: the
    kept years are read first)."""
    now = timezone.now()
    if years_are_utc():
        sql, params = _utc_statement(tuple(facets), now, language)
    else:
        query = _counts_query(facets, now, years_are_utc=False, language=language)
        sql, params = query.query.sql_with_params()
    counts = defaultdict(lambda: defaultdict(int))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for param, sign, key, n in cursor.fetchall():
            counts[param.partition("@")[0]][key] += sign * n
    return {
        facet.param: {
            term: n for term, n in counts[facet.param].items() if term is not None and n > 0
        }
        for facet in facets
    }


def kept_name(param, language):
    """The name the database keeps the counts of the facet ``param`` under: for the briefs
    in ``language``, or, when None, for all."""
    return param if language is None else f"{param}@{language}"


def _counts_query(facets, now, years_are_utc, language=None):
    """The rows ``(param, sign, key, n)`` whose signed sum per param (the kept name, its
    language included) and key is the public count of that term at ``now`` among the
    briefs in ``language`` (all when None), as one ``UNION ALL`` queryset."""
    params = [kept_name(facet.param, language) for facet in facets]
    kept = PublishedCount.objects.filter(facet__in=params).order_by()
    counted = Exists(_generation().filter(scheduled_counted_at__isnull=False))
    scheduled = ScheduledCount.objects.filter(counted, facet__in=params).order_by()
    parts = [
        kept.values(param=F("facet"), sign=Value(1), key=F("term"), n=F("count")),
        scheduled.values(param=F("facet"), sign=Value(-1), key=F("term"), n=F("count")),
    ]
    written_in = Q() if language is None else Q(language=language)
    since, sign = since_counted(now)
    live = [(since.filter(written_in), sign), (coming_down(now).filter(written_in), Value(1))]
    near_new_year = None if years_are_utc else cache(lambda: _near_new_year(kept) & written_in)
    for facet in facets:
        parts += facet.corrections(now, live, near_new_year)
    first, *others = parts
    return first.union(*others, all=True)


def _utc_statement(facets, now, language):
    """``_counts_query``'s SQL and parameters on a site in UTC, at ``now``.

    Building and compiling those ten-odd parts took more time than PostgreSQL took to plan
    and run them (docs/performance.md); only the moment of reading changes between readings, so
    the statement is compiled once per process (per set of facets and database time zone,
    which the parameters depend on) with a stand-in moment, which each reading replaces.
    """
    adapt = connection.ops.adapt_datetimefield_value
    sql, params, moments = _compiled_utc_statement(facets, connection.timezone_name, language)
    params = list(params)
    for position in moments:
        params[position] = adapt(now)
    return sql, params


@lru_cache(maxsize=64)
def _compiled_utc_statement(facets, database_zone, language):
    """(SQL, parameters, the positions of the stand-in moment among the parameters)."""
    query = _counts_query(facets, STAND_IN_MOMENT, years_are_utc=True, language=language)
    sql, params = query.query.sql_with_params()
    stand_in = connection.ops.adapt_datetimefield_value(STAND_IN_MOMENT)
    moments = [position for position, param in enumerate(params) if param == stand_in]
    return sql, tuple(params), tuple(moments)


def since_counted(now):
    """The published briefs whose publish time lies between the moment the scheduled counts
    were counted and ``now``, and the sign they count with (one for all: only one of the
    two ranges can hold any): one when published since the moment, so public now though
    counted as scheduled; minus one when still to come at ``now`` though the moment took
    them for past (clocks apart), or when never counted (every scheduled brief then)."""
    moment = Coalesce(
        Subquery(_generation().values("scheduled_counted_at")),
        Value(NEVER_COUNTED, output_field=DateTimeField()),
    )
    now = Value(now, output_field=DateTimeField())
    briefs = Brief.objects.filter(
        status=Brief.Status.PUBLISHED,
        take_down_at__isnull=True,  # the kept counts leave out those with one
        publish_at__gt=Least(moment, now),
        publish_at__lte=Greatest(moment, now),
    )
    return briefs, Case(When(LessThanOrEqual(moment, now), then=Value(1)), default=Value(-1))


def coming_down(now):
    """The public briefs that have a take-down time, which the kept counts leave out: their
    take-down is still to come, so few are read, through its index."""
    return Brief.objects.coming_down(now).filter(publish_at__lte=now)


def _generation():
    return ContentGeneration.objects.filter(pk=ContentGeneration.ONLY)


@cache
def _years_are_utc(zone_name):
    zone = ZoneInfo(zone_name)
    return not any(
        (moment + shift).astimezone(zone).utcoffset()
        for moment in (datetime(year, 1, 1, tzinfo=UTC) for year in YEARS_CHECKED)
        for shift in (-NEW_YEAR_MARGIN, timedelta(0), NEW_YEAR_MARGIN)
    )


def years_are_utc():
    """Whether every year in the site's time zone begins and ends when it does in UTC: the
    zone keeps UTC's time around every New Year (UTC does), so the kept UTC years are the
    site's and no brief moves to another year."""
    return _years_are_utc(timezone.get_default_timezone_name())


def _near_new_year(kept):
    """A condition on briefs: published within ``NEW_YEAR_MARGIN`` of a New Year in UTC
    that the kept years reach (one query reads them)."""
    years = set(kept.filter(facet__startswith="year").values_list("term", flat=True))
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
