"""Listings: pagination, ordering, and bad input answered with the site's 404 page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from briefs.models import Brief
from countries.models import Country
from tests.factories import BriefFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    now = timezone.now()
    return [
        BriefFactory(title=f"Brief {n:02}", publish_at=now - timedelta(hours=n)) for n in range(25)
    ]


def test_archive_is_paginated_20_a_page_newest_first(client, archive):
    """Page 1 holds the 20 newest briefs; page 2 the remaining 5."""
    first = client.get(reverse("briefs:brief-list"))
    assert [b.title for b in first.context["briefs"]] == [f"Brief {n:02}" for n in range(20)]
    second = client.get(reverse("briefs:brief-list"), {"page": 2})
    assert [b.title for b in second.context["briefs"]] == [f"Brief {n:02}" for n in range(20, 25)]
    assert 'aria-label="Pages"' in second.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "3", "999999999999999999999", "1.5"])
def test_bad_page_numbers_answer_404(client, archive, page):
    """A page that is not a number, or is out of range, is a 404, never a 500."""
    response = client.get(reverse("briefs:brief-list"), {"page": page})
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "brief-detail",
        "country-detail",
        "region-detail",
        "theme-detail",
        "series-detail",
        "author-detail",
    ],
)
def test_unknown_slugs_answer_404(client, name):
    """An unknown term or brief is the site's 404 page."""
    response = client.get(reverse(f"briefs:{name}", args=["no-such-thing"]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_series_page_lists_parts_in_series_order(client):
    """The series page follows positions, not publish times, and numbers the parts."""
    series = SeriesFactory(slug="ordered")
    now = timezone.now()
    for position in (3, 1, 2):
        BriefFactory(
            title=f"Part {position}",
            series=series,
            series_position=position,
            publish_at=now - timedelta(days=position),
        )
    response = client.get(reverse("briefs:series-detail", args=["ordered"]))
    assert [b.title for b in response.context["briefs"]] == ["Part 1", "Part 2", "Part 3"]
    assert "Part 3</p>" in response.content.decode()


def test_region_lists_a_brief_on_two_of_its_countries_once(client):
    """A brief about Armenia and Azerbaijan appears once on the South Caucasus page."""
    BriefFactory(countries=list(Country.objects.filter(code__in=["AM", "AZ"])))
    response = client.get(reverse("briefs:region-detail", args=["south-caucasus"]))
    assert response.context["paginator"].count == 1


def test_country_index_groups_countries_by_region_with_counts(client):
    """/countries/ lists countries with public briefs under their region."""
    BriefFactory(countries=[Country.objects.get(code="KZ")])
    BriefFactory(countries=[Country.objects.get(code="KZ"), Country.objects.get(code="FR")])
    regions = client.get(reverse("briefs:country-index")).context["regions"]
    grouped = {
        str(region): [(c.code, c.public_count) for c in countries] for region, countries in regions
    }
    assert grouped == {"Central Asia": [("KZ", 2)], "None": [("FR", 1)]}


def test_brief_page_shows_what_a_reader_expects(client):
    """Title, summary, linked authors, date, reading time, countries, themes and body."""
    brief = BriefFactory(
        title="Azerbaijan's cautious neutrality",
        countries=[Country.objects.get(code="AZ")],
        themes=["neutrality"],
        body="<h2>Energy</h2><p>" + "word " * 700 + "</p>",
    )
    html = client.get(brief.get_absolute_url()).content.decode()
    author = brief.ordered_authors[0]
    assert '<h1 class="brief__title">Azerbaijan&#x27;s cautious neutrality</h1>' in html
    assert f'href="{author.get_absolute_url()}"' in html
    assert "4 min read" in html
    assert 'href="/countries/azerbaijan/"' in html
    assert 'href="/themes/neutrality/"' in html
    assert '<h2 id="energy">Energy</h2>' in html
    assert brief.publish_at.strftime("%Y") in html


def test_derived_fields_are_computed_on_save():
    """Word count, reading time and the search document come from the text itself."""
    brief = BriefFactory(title="Title", dek="Dek", body="<p>one two&nbsp;three</p><p>four</p>")
    assert (brief.word_count, brief.reading_minutes) == (4, 1)
    assert brief.search_document == "Title Dek one two three four"
    assert Brief.objects.get(pk=brief.pk).word_count == 4
