"""Search in each language: stemming with the language's configuration on PostgreSQL, case
folded in any script on SQLite, and typo help in Cyrillic on both."""

import re

import pytest
from django.db import connection

from briefs.search.index import search_config
from countries.models import Country
from tests.factories import BriefFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming is PostgreSQL's full-text engine"
)


def titles(response):
    return re.findall(r'class="card__title"[^>]*>\s*<a href="[^"]*">([^<]*)</a>', response.text)


@pytest.fixture
def sanctions():
    """A Russian brief about sanctions («санкциями») and an English one ("sanctions")."""
    azerbaijan = Country.objects.get(code="AZ")
    BriefFactory(
        title="Азербайджан между санкциями",
        language="ru",
        dek="Как Баку обходит ограничения.",
        body="<p>Торговля под санкциями растёт.</p>",
        countries=[azerbaijan],
    )
    BriefFactory(
        title="Trade around sanctions",
        dek="How Baku trades.",
        body="<p>Sanctions reshape the corridor.</p>",
        countries=[azerbaijan],
    )


def test_each_language_has_its_configuration(settings):
    """Russian briefs are stemmed as Russian, English as English, others as written."""
    assert search_config("ru") == "russian"
    assert search_config("en-gb") == "english"
    settings.SEARCH_CONFIGS = {"en-gb": "english"}
    assert search_config("kk") == "simple"


@postgresql_only
@pytest.mark.parametrize("word", ["санкции", "санкций", "Санкциям"])
def test_russian_words_are_found_by_their_stem(client, sanctions, word):
    """«санкции» and «санкций» find the brief that says «санкциями»."""
    assert titles(client.get("/ru/search/", {"q": word})) == ["Азербайджан между санкциями"]


@postgresql_only
def test_english_words_are_found_by_their_stem(client, sanctions):
    """ "sanction" finds the brief that says "sanctions"."""
    assert titles(client.get("/search/", {"q": "sanction"})) == ["Trade around sanctions"]


@postgresql_only
def test_all_languages_match_each_brief_with_its_own_configuration(client, sanctions):
    """Among all languages, a Russian word finds the Russian brief by its Russian stem."""
    found = titles(client.get("/search/", {"q": "санкций", "language": "all"}))
    assert found == ["Азербайджан между санкциями"]
    html = client.get("/ru/search/", {"q": "санкций"}).text
    assert "<mark>санкциями</mark>" in html


def test_cyrillic_matches_whatever_the_case(client, sanctions):
    """«ТОРГОВЛЯ» finds «Торговля»: case is folded in any script, on every database."""
    assert titles(client.get("/ru/search/", {"q": "ТОРГОВЛЯ"})) == ["Азербайджан между санкциями"]
    assert titles(client.get("/ru/search/", {"q": "азербайджан"})) == [
        "Азербайджан между санкциями"
    ]


def test_a_cyrillic_typo_gets_a_suggestion(client, sanctions):
    """«Азербайджн» suggests «Азербайджан» and shows what that finds."""
    response = client.get("/ru/search/", {"q": "Азербайджн"})
    assert "Азербайджан" in re.search(r'class="suggestion".*?</p>', response.text, re.S).group(0)
    assert titles(response) == ["Азербайджан между санкциями"]
