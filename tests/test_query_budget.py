"""Every public page runs a fixed number of queries, whatever the number of briefs."""

import pytest
from django.urls import reverse

from briefs.models import Author, Series
from countries.models import Country
from tests.factories import AuthorFactory, BriefFactory
from tests.query_counts import PUBLIC_PAGE_MAX_QUERIES, assert_query_budget

pytestmark = pytest.mark.django_db

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


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_query_count_does_not_grow_from_1_to_30_briefs(client, name, args):
    """The page's query count does not grow with the briefs on it, and stays small."""
    url = reverse(name, args=args)
    add_briefs(1, 1)
    response = assert_query_budget(
        lambda: client.get(url), lambda: add_briefs(2, 30), PUBLIC_PAGE_MAX_QUERIES
    )
    assert response.status_code == 200


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
