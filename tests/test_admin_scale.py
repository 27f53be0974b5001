"""The brief change list stays cheap however many briefs the archive holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefs.editorial.admin import scale
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory
from tests.query_counts import assert_query_budget

pytestmark = pytest.mark.django_db

CHANGE_LIST = reverse("admin:briefs_brief_changelist")
# Today 15 on SQLite: the user, the session, the page of briefs and what it shows, the filters.
CHANGE_LIST_MAX_QUERIES = 20


def add_briefs(count):
    series = SeriesFactory()
    author = AuthorFactory()
    for n in range(count):
        BriefFactory(
            authors=[author, AuthorFactory(name=f"Co-author {n}")],
            series=series,
            series_position=n + 1,
            themes=["trade", "water"],
        )


def load(client, url=CHANGE_LIST):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries]


@pytest.mark.parametrize("url", [CHANGE_LIST, CHANGE_LIST + "?status=published"])
def test_change_list_query_count_does_not_grow(editor_client, url):
    """No more queries for 30 briefs than for 1, filtered or not, and few."""
    add_briefs(1)
    assert_query_budget(
        lambda: load(editor_client, url), lambda: add_briefs(29), CHANGE_LIST_MAX_QUERIES
    )


def test_a_contributors_change_list_query_count_does_not_grow(contributor_client, contributor):
    """Their own drafts and the public briefs: no more queries for 40 than for 2, and few."""
    add_briefs(1)
    BriefFactory(draft=True, created_by=contributor)

    def add_more():
        add_briefs(29)
        BriefFactory.create_batch(9, draft=True, created_by=contributor)

    assert_query_budget(lambda: load(contributor_client), add_more, CHANGE_LIST_MAX_QUERIES)


def test_change_list_never_counts_the_whole_table(editor_client):
    """Only the (filtered) page total is counted; no second full-table count."""
    add_briefs(3)
    counts = [sql for sql in load(editor_client) if "COUNT(" in sql.upper()]
    assert len(counts) <= 1


def test_big_unfiltered_list_uses_the_planner_estimate(editor_client, monkeypatch):
    """On PostgreSQL a big table's total comes from statistics, not COUNT(*)."""
    if connection.vendor != "postgresql":
        pytest.skip("the row estimate comes from PostgreSQL's pg_class; SQLite counts exactly")
    add_briefs(5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE briefs_brief")
    monkeypatch.setattr(scale, "ESTIMATE_ABOVE", 0)
    queries = load(editor_client)
    assert not [sql for sql in queries if "COUNT(" in sql.upper()]
    filtered = load(editor_client, CHANGE_LIST + "?status=published")
    assert [sql for sql in filtered if "COUNT(" in sql.upper()]


def test_used_terms_filter_lists_only_terms_in_use(editor_client):
    add_briefs(2)
    AuthorFactory(name="Unused Author")
    page = editor_client.get(CHANGE_LIST).content.decode()
    assert "Unused Author" not in page
    assert "Co-author 1" in page
