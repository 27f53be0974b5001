"""Query budgets: a page's query count does not grow with the rows it shows, and stays
under a ceiling.

Tests assert these two things rather than an exact count: an exact count mirrors today's
implementation and breaks on every harmless change (one more prefetch, one less join),
while the two properties are what readers and the database notice. Each ceiling is a
named constant beside its test, with room above today's count; docs/performance.md
lists them.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

# Any public page, uncached: the brief page, the lists, search and the filtered archive.
PUBLIC_PAGE_MAX_QUERIES = 10


def measured(action):
    """How many queries ``action()`` runs, and what it returned."""
    with CaptureQueriesContext(connection) as queries:
        result = action()
    return len(queries), result


def assert_query_budget(action, add_rows, ceiling):
    """``action()`` runs at most ``ceiling`` queries, and no more once ``add_rows()`` ran.

    Returns what the last ``action()`` returned, for the test's own checks. A test whose
    first call would also fill per-process caches (content types) calls it once before.
    """
    before, _ = measured(action)
    add_rows()
    after, result = measured(action)
    assert before <= ceiling, f"{before} queries, over the ceiling of {ceiling}"
    assert after <= before, f"{before} queries grew to {after} with more rows"
    return result
