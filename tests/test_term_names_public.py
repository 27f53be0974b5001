"""Public pages, feeds and metadata name terms in the page's language."""

import json
import re

import feedparser
import pytest
from django.urls import reverse
from django.utils import translation

from briefs.models import Theme
from countries.models import Country, Region
from tests.caching import caches_on
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory
from tests.query_counts import PUBLIC_PAGE_MAX_QUERIES, assert_query_budget

pytestmark = pytest.mark.django_db


def russian(name, *args):
    with translation.override("ru"):
        return reverse(name, args=args)


@pytest.fixture
def world():
    """A Russian brief on Georgia and Azerbaijan, with Russian-named terms; a draft on
    Armenia with a theme of its own."""
    Region.objects.filter(slug="south-caucasus").update(names={"ru": "Южный Кавказ"})
    Theme.objects.create(name="sanctions", slug="sanctions", names={"ru": "санкции"})
    series = SeriesFactory(slug="between", title="Between", titles={"ru": "Между"})
    author = AuthorFactory(slug="nino", role="Fellow", roles={"ru": "Научный сотрудник"})
    countries = Country.objects.filter(code__in=["GE", "AZ"])
    brief = BriefFactory(
        slug="kolebaniya",
        title="Колебания Тбилиси",
        language="ru",
        authors=[author],
        countries=list(countries),
        themes=["sanctions"],
        series=series,
        series_position=1,
    )
    BriefFactory(
        draft=True,
        language="ru",
        countries=[Country.objects.get(code="AM")],
        themes=["secret-theme"],
    )
    Theme.objects.filter(name="secret-theme").update(names={"ru": "тайная тема"})
    return brief


def text_of(response):
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_country_page_is_named_in_russian(client, world):
    """Title, heading, region and the cards' countries are Russian on the Russian page."""
    page = text_of(client.get(russian("briefs:country-detail", "georgia")))
    assert re.search(r"<title>Грузия ·", page)
    assert re.search(r"<h1[^>]*>\s*Грузия\s*</h1>", page)
    assert "Южный Кавказ</a>" in page
    assert "Азербайджан, Грузия" in page
    english = text_of(client.get(reverse("briefs:country-detail", args=["georgia"])))
    assert "<title>Georgia ·" in english and "Грузия" not in english


def test_the_archive_facets_name_terms_in_russian(client, world):
    page = text_of(client.get(russian("briefs:brief-list")))
    for name in ("Грузия", "Азербайджан", "Южный Кавказ", "санкции", "Между"):
        assert name in page
    chosen = text_of(client.get(russian("briefs:brief-list") + "?country=georgia&theme=sanctions"))
    assert "Грузия" in chosen and "санкции" in chosen


def test_a_brief_names_its_terms_in_its_language(client, world):
    """The Russian brief's page: countries, themes, series and the author's role."""
    page = text_of(client.get(world.get_absolute_url()))
    assert "Грузия</a>" in page and "санкции</a>" in page and "Научный сотрудник" in page
    assert "Между" in page


def test_the_json_ld_names_places_themes_and_series_in_the_briefs_language(client, world):
    page = client.get(world.get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(script[1])
    assert {place["name"] for place in data["about"]} == {"Грузия", "Азербайджан"}
    assert data["keywords"] == ["санкции"]
    assert data["isPartOf"]["name"] == "Между"


def test_the_russian_feed_names_its_categories_in_russian(client, world):
    entry = feedparser.parse(client.get(russian("briefs:site-feed-rss")).content).entries[0]
    assert {"Грузия", "Азербайджан", "санкции"} <= {tag.term for tag in entry.tags}


def test_the_russian_country_index_sorts_by_the_russian_names(client, world):
    """Armenia, Azerbaijan, Georgia in English; Азербайджан, Армения, Грузия in Russian."""
    BriefFactory(language="ru", countries=[Country.objects.get(code="AM")])
    russian_page = text_of(client.get(russian("briefs:country-index")))
    listed = re.findall(r'<a href="/ru/countries/[^/]+/">([^<]+)</a>', russian_page)
    assert listed == ["Азербайджан", "Армения", "Грузия"]
    english_page = text_of(client.get(reverse("briefs:country-index")))
    listed = re.findall(r'<a href="/countries/[^/]+/">([^<]+)</a>', english_page)
    assert listed == ["Armenia", "Azerbaijan", "Georgia"]


def test_a_typo_in_a_russian_country_name_is_corrected(client, world):
    """A Russian reader typing «Грузя» is offered «Грузия»."""
    page = text_of(client.get(russian("briefs:search") + "?q=Грузя"))
    assert "Грузия" in page


def test_a_term_of_hidden_briefs_stays_hidden_in_every_language(client, world):
    """The draft's theme and country have no Russian name, page or facet anywhere."""
    for address in (
        russian("briefs:theme-index"),
        russian("briefs:country-index"),
        russian("briefs:brief-list"),
        russian("briefs:site-feed-rss"),
    ):
        page = client.get(address).content.decode()
        assert "тайная тема" not in page and "Армения" not in page
    assert client.get(russian("briefs:theme-detail", "secret-theme")).status_code == 404


@pytest.mark.parametrize("backend", ["locmem", "redis"])
def test_kept_lists_never_lend_one_languages_names_to_the_other(client, settings, world, backend):
    """With every cache on, cards and facets kept for one language stay in it."""
    BriefFactory(countries=list(world.countries.all()), themes=["sanctions"])
    with caches_on(settings, backend):
        for _ in range(2):
            english = client.get(reverse("briefs:brief-list")).content.decode()
            russian_page = client.get(russian("briefs:brief-list")).content.decode()
            assert "Georgia" in english and "Грузия" not in english
            assert "Грузия" in russian_page


PAGES = [
    ("briefs:brief-list", []),
    ("briefs:country-index", []),
    ("briefs:country-detail", ["georgia"]),
    ("briefs:region-detail", ["south-caucasus"]),
    ("briefs:theme-index", []),
    ("briefs:theme-detail", ["sanctions"]),
    ("briefs:series-index", []),
    ("briefs:series-detail", ["between"]),
    ("briefs:author-index", []),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_russian_names_cost_no_query_more(client, world, name, args):
    """Names come with the terms: a Russian page's queries do not grow with its briefs."""

    def add_briefs():
        for _ in range(5):
            BriefFactory(
                language="ru",
                authors=[world.authors.get()],
                countries=list(world.countries.all()),
                themes=["sanctions", "trade"],
            )

    response = assert_query_budget(
        lambda: client.get(russian(name, *args)), add_briefs, PUBLIC_PAGE_MAX_QUERIES
    )
    assert response.status_code == 200
