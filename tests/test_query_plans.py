"""The hot reads use their indexes on PostgreSQL, whatever the size of the archive.

The test tables are tiny, so the planner is told to avoid sequential scans and sorts, as
it does by itself on a big table when a page needs only the first rows: the plan then
shows whether a suitable index exists at all.
"""

import pytest
from django.db import connection

from briefs.models import Brief, BriefAuthor, ThemedBrief
from countries.models import Country
from tests.factories import BriefFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner():
    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL, the reference database")
    series = SeriesFactory()
    for position in (1, 2):
        BriefFactory(series=series, series_position=position, themes=["trade"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    return series


def plan(queryset):
    return queryset.explain()


def test_newest_public_briefs_use_the_public_order_index(planner):
    assert "brief_public_order" in plan(Brief.objects.published().newest_first()[:20])


def test_newest_public_briefs_of_one_language_use_the_language_order_index(planner):
    """The per-language archive and home page walk one language's newest public briefs."""
    in_russian = Brief.objects.published().filter(language="ru").newest_first()
    assert "brief_language_order" in plan(in_russian[:20])


def test_admin_newest_first_uses_the_newest_order_index(planner):
    assert "brief_newest_order" in plan(Brief.objects.order_by("-publish_at", "-id")[:100])


def test_series_contents_use_the_position_index(planner):
    contents = Brief.objects.published().filter(series=planner).order_by("series_position")
    assert "unique_position_in_series" in plan(contents)


def test_briefs_of_a_country_use_the_country_index(planner):
    through = Brief.countries.through.objects.filter(country=Country.objects.get(code="AZ"))
    assert "country_briefs" in plan(through.values("brief_id"))


def test_briefs_of_an_author_and_a_theme_use_their_indexes(planner):
    author = BriefAuthor.objects.first().author_id
    assert "author_briefs" in plan(BriefAuthor.objects.filter(author_id=author).values("brief_id"))
    theme = ThemedBrief.objects.first().tag_id
    assert "theme_briefs" in plan(
        ThemedBrief.objects.filter(tag_id=theme).values("content_object_id")
    )


def test_the_site_connects_with_jit_off(planner):
    """Short queries only: a plan estimated costly (stale statistics) must not be compiled,
    which cost the archive's first reader 240 ms at 100,000 briefs for a 2 ms query."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
