"""Listings stay correct while their costs stop growing with the archive."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from briefs.listings.views import BriefListView
from briefs.models import Brief
from tests.factories import BriefFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def remembered_counts(remembered, settings):
    settings.BRIEFS_PER_PAGE = 20


def make_briefs(count):
    now = timezone.now()
    return [
        BriefFactory(title=f"Archive item {n:02}", publish_at=now - timedelta(days=n))
        for n in range(1, count + 1)
    ]


def titles(response):
    return [brief.title for brief in response.context["briefs"]]


def test_a_deep_page_lists_the_right_briefs_in_order(client):
    make_briefs(25)
    response = client.get("/briefs/?page=2")
    assert titles(response) == [f"Archive item {n:02}" for n in range(21, 26)]
    assert response.context["paginator"].num_pages == 2


def test_remembered_count_follows_a_new_brief(remembered_counts, client):
    make_briefs(20)
    assert client.get("/briefs/").context["paginator"].num_pages == 1
    BriefFactory(title="One more")
    response = client.get("/briefs/")
    assert response.context["paginator"].count == 21
    assert client.get("/briefs/?page=2").status_code == 200


def test_remembered_count_follows_a_scheduled_brief(remembered_counts, client):
    import time_machine

    make_briefs(20)
    soon = BriefFactory(publish_at=timezone.now() + timedelta(minutes=5))
    assert client.get("/briefs/").context["paginator"].count == 20
    with time_machine.travel(soon.publish_at + timedelta(seconds=1)):
        assert client.get("/briefs/").context["paginator"].count == 21


def test_archive_pages_skip_hidden_briefs(client):
    make_briefs(3)
    BriefFactory(title="Hidden draft", draft=True)
    assert "Hidden draft" not in titles(client.get("/briefs/"))
    assert client.get("/briefs/").context["paginator"].count == 3


def test_home_lists_the_busiest_series_and_links_to_all(client):
    busy = SeriesFactory(title="Busy series")
    for position in (1, 2, 3):
        BriefFactory(series=busy, series_position=position)
    for n in range(9):
        BriefFactory(series=SeriesFactory(title=f"Small series {n}"), series_position=1)
    page = client.get("/").content.decode()
    aside = page[page.index('id="series-heading"') :]
    aside = aside[: aside.index("</section>")]
    assert "Busy series" in aside
    assert sum(f"Small series {n}<" in aside for n in range(9)) == 7
    assert "All series" in aside


def test_listing_cards_do_not_load_the_body(client):
    BriefFactory()
    with CaptureQueriesContext(connection) as queries:
        assert len(client.get("/briefs/").context["briefs"]) == 1
    assert not any('"briefs_brief"."body"' in query["sql"] for query in queries)


def test_remembered_deep_page_follows_a_new_brief(remembered_counts, client):
    """A page's ids and its cards are kept per content generation, never past a change."""
    make_briefs(25)
    assert titles(client.get("/briefs/?page=2"))[0] == "Archive item 21"
    BriefFactory(title="Newest of all")
    page_two = client.get("/briefs/?page=2")
    assert titles(page_two)[0] == "Archive item 20"
    assert "Archive item 20" in page_two.content.decode()


def test_remembered_cards_show_an_edit_and_drop_an_unpublished_brief(remembered_counts, client):
    first, second = make_briefs(2)
    for address in ("/", "/briefs/"):
        assert "Archive item 01" in client.get(address).content.decode()
    first.title = "Retitled item"
    first.save()
    second.status = Brief.Status.DRAFT
    second.save()
    for address in ("/", "/briefs/"):
        page = client.get(address).content.decode()
        assert "Retitled item" in page
        assert "Archive item 01" not in page
        assert "Archive item 02" not in page


def test_remembered_cards_load_no_brief_rows(remembered_counts, client, django_assert_num_queries):
    """Once a page's cards are kept, showing it again reads neither briefs nor bylines."""
    make_briefs(3)
    client.get("/themes/")  # warm the per-connection lookups shared by every page
    client.get("/briefs/")
    with django_assert_num_queries(0):
        response = client.get("/briefs/")
    assert "Archive item 03" in response.content.decode()


def test_remembered_filtered_page_reads_nothing_and_follows_a_change(
    remembered_counts, client, django_assert_num_queries
):
    """A filtered page is kept per set of filters: shown again it costs no query, and a
    brief filed under the filter afterwards appears at once."""
    BriefFactory(title="Grain by rail", themes=["trade"])
    BriefFactory(title="Rivers", themes=["water"])
    client.get("/themes/")
    client.get("/briefs/?theme=trade")
    with django_assert_num_queries(0):
        response = client.get("/briefs/?theme=trade")
    assert titles(response) == ["Grain by rail"]
    BriefFactory(title="Grain by sea", themes=["trade"])
    response = client.get("/briefs/?theme=trade")
    assert titles(response) == ["Grain by sea", "Grain by rail"]
    assert response.context["paginator"].count == 2


def test_remembered_home_counts_follow_a_scheduled_brief(remembered_counts, client):
    import time_machine

    series = SeriesFactory(title="Scheduled series")
    BriefFactory(series=series, series_position=1)
    soon = BriefFactory(
        series=series, series_position=2, publish_at=timezone.now() + timedelta(minutes=5)
    )
    assert re.search(r"\b1 part\s*<", client.get("/").content.decode())
    with time_machine.travel(soon.publish_at + timedelta(seconds=1)):
        assert re.search(r"\b2 parts\s*<", client.get("/").content.decode())


def shown_count(client, address, label):
    """The count the filters panel of ``address`` shows beside ``label``."""
    page = client.get(address).content.decode()
    found = re.search(rf'facet__label">\s*{label}\s*</span>\s*<span class="count">\s*(\d+)<', page)
    return int(found.group(1)) if found else None


def test_kept_filters_panel_follows_a_publish_and_a_scheduled_brief(remembered_counts, client):
    """The filters panel is kept whole, yet its counts follow a new brief at once and a
    scheduled one when it goes public."""
    import time_machine

    BriefFactory(title="Grain by rail", themes=["trade"])
    soon = BriefFactory(themes=["trade"], publish_at=timezone.now() + timedelta(minutes=5))
    assert shown_count(client, "/briefs/", "trade") == 1
    assert shown_count(client, "/briefs/", "trade") == 1
    BriefFactory(title="Grain by sea", themes=["trade"])
    assert shown_count(client, "/briefs/", "trade") == 2
    with time_machine.travel(soon.publish_at + timedelta(seconds=1)):
        assert shown_count(client, "/briefs/", "trade") == 3


def test_kept_filters_panels_of_search_and_archive_stay_apart(remembered_counts, client):
    """The same query string on the archive and on search keeps two panels: the archive
    counts every brief, search only those matching the words."""
    BriefFactory(title="Grain by rail", themes=["trade"])
    BriefFactory(title="Rivers", themes=["trade"])
    for _ in range(2):
        assert shown_count(client, "/briefs/?q=grain", "trade") == 2
        assert shown_count(client, "/search/?q=grain", "trade") == 1


def briefs_over_years(years, each):
    """``each`` public briefs in each of ``years``, titled by year and rank, newest first."""
    made = []
    for year in sorted(years, reverse=True):
        for n in range(each):
            published = datetime(year, 6, 1, tzinfo=UTC) - timedelta(days=n)
            made.append(BriefFactory(title=f"{year} item {n}", publish_at=published).title)
    return made


@pytest.mark.parametrize("query", ["", "&theme=trade"])
def test_every_archive_page_lists_the_briefs_in_order_across_years(client, monkeypatch, query):
    """Deep pages start from their own year: every page, whether it spans a New Year or
    not, lists exactly the briefs that follow the page before it."""
    monkeypatch.setattr(BriefListView, "paginate_by", 4)
    made = briefs_over_years([2021, 2022, 2023], each=5)
    if query:
        Brief.objects.get(title="2022 item 4").themes.add("trade")
        for brief in Brief.objects.all():
            brief.themes.add("trade")
    listed = []
    for number in (1, 2, 3, 4):
        listed += titles(client.get(f"/briefs/?page={number}{query}"))
    assert listed == made


def test_a_deep_archive_page_skips_whole_years_by_its_index(client, monkeypatch):
    """A page in an old year reads from that year's end: OFFSET skips none of the newer
    years' briefs."""
    monkeypatch.setattr(BriefListView, "paginate_by", 2)
    briefs_over_years([2020, 2021, 2022, 2023], each=6)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/briefs/?page=11")  # the briefs 21 and 22: 2020's 3rd and 4th
    assert titles(response) == ["2020 item 2", "2020 item 3"]
    offsets = [
        int(found)
        for query in queries.captured_queries
        for found in re.findall(r"OFFSET (\d+)", query["sql"])
    ]
    assert offsets and max(offsets) < 6
