"""Every public page runs a fixed number of queries, whatever the number of briefs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefs.models import Author, Series
from countries.models import Country
from tests.factories import AuthorFactory, BriefFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10

PAGES = [
    ("briefs:home", []),
    ("briefs:brief-list", []),
    ("briefs:brief-detail", ["budget-1"]),
    ("briefs:country-index", []),
    ("briefs:country-detail", ["kazakhstan"]),
    ("briefs:region-detail", ["central-asia"]),
    ("briefs:theme-index", []),
    ("briefs:theme-detail", ["trade"]),
    ("briefs:series-index", []),
    ("briefs:series-detail", ["budget-series"]),
    ("briefs:author-index", []),
    ("briefs:author-detail", ["budget-author"]),
]


def add_briefs(first, last):
    """Public briefs ``first``..``last`` in one series, sharing an author, themes and countries."""
    author, _ = Author.objects.get_or_create(slug="budget-author", defaults={"name": "Budget"})
    series, _ = Series.objects.get_or_create(slug="budget-series", defaults={"title": "Budget"})
    countries = list(Country.objects.filter(code__in=["KZ", "UZ"]))
    for n in range(first, last + 1):
        BriefFactory(
            slug=f"budget-{n}",
            series=series,
            series_position=n,
            authors=[author, AuthorFactory()],
            countries=countries,
            themes=["trade", "sanctions"],
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_query_count_is_the_same_for_1_and_30_briefs(client, name, args, django_assert_num_queries):
    """The page's query count does not grow with the briefs on it, and stays small."""
    url = reverse(name, args=args)
    add_briefs(1, 1)
    with_one = count_queries(client, url)
    assert with_one <= MAX_QUERIES
    add_briefs(2, 30)
    with django_assert_num_queries(with_one):
        client.get(url)


def test_a_brief_page_with_its_fragments_kept_reads_only_the_brief(
    client, remembered, django_assert_num_queries
):
    """Once drawn, a brief page needs one query: the visibility check that loads the brief."""
    add_briefs(1, 3)
    address = reverse("briefs:brief-detail", args=["budget-2"])
    first = client.get(address).content.decode()
    with django_assert_num_queries(1):
        again = client.get(address).content.decode()
    assert again == first
