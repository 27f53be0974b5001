"""Lists, facets, term pages, feeds and the API show one language's briefs, or all."""

import re
from datetime import timedelta

import feedparser
import pytest
import time_machine
from django.utils import timezone

from briefs.listings.filters import FACETS
from briefs.listings.public_counts import public_counts
from briefs.models import Brief, Correction
from countries.models import Country
from tests.caching import caches_on
from tests.factories import BriefFactory, SeriesFactory
from tests.query_counts import PUBLIC_PAGE_MAX_QUERIES, assert_query_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual():
    """An English brief and its Russian translation on Georgia, an English-only brief on
    Armenia, and a hidden Russian draft on Georgia."""
    georgia, armenia = (Country.objects.get(code=code) for code in ("GE", "AM"))
    english = BriefFactory(
        title="Hedging in Tbilisi", slug="hedging", countries=[georgia], themes=["neutrality"]
    )
    BriefFactory(
        title="Хеджирование в Тбилиси",
        slug="hedging-ru",
        language="ru",
        translation_of=english,
        countries=[georgia],
        themes=["neutrality"],
    )
    BriefFactory(title="Balance in Yerevan", slug="yerevan", countries=[armenia], themes=["trade"])
    BriefFactory(
        title="Черновик",
        slug="draft-ru",
        language="ru",
        status=Brief.Status.DRAFT,
        publish_at=None,
        countries=[georgia],
    )


def titles(response):
    return re.findall(r'class="card__title"[^>]*>\s*<a href="[^"]*">([^<]*)</a>', response.text)


def facet(response, param):
    """{label: count} of the facet ``param`` in the archive's or search's panel."""
    section = re.search(
        rf'<section class="facet" aria-labelledby="facet-{param}">.*?</section>',
        response.text,
        re.S,
    )
    if section is None:
        return {}
    options = re.findall(
        r'class="facet__label">\s*([^<\n]*?)\s*(?:<span|</span>).*?class="count">\s*(\d+)',
        section.group(0),
        re.S,
    )
    return {label: int(count) for label, count in options}


def test_each_language_archive_lists_its_own_briefs(client, bilingual):
    """/briefs/ lists the English briefs, /ru/briefs/ the Russian one; drafts never."""
    assert titles(client.get("/briefs/")) == ["Balance in Yerevan", "Hedging in Tbilisi"]
    assert titles(client.get("/ru/briefs/")) == ["Хеджирование в Тбилиси"]


def test_all_languages_and_another_language_on_request(client, bilingual):
    """?language=all lists every public brief, ?language=ru the Russian ones on an English page."""
    everything = titles(client.get("/briefs/?language=all"))
    assert sorted(everything) == [
        "Balance in Yerevan",
        "Hedging in Tbilisi",
        "Хеджирование в Тбилиси",
    ]
    assert titles(client.get("/briefs/?language=ru")) == ["Хеджирование в Тбилиси"]
    assert "Черновик" not in client.get("/ru/briefs/?language=all").text


def test_a_card_in_another_language_says_so(client, bilingual):
    """In an all-languages list a brief in another language carries lang and its language's name."""
    html = client.get("/briefs/?language=all").text
    assert '<h3 class="card__title" lang="ru">' in html
    assert '<span class="card__language" lang="ru">Русский</span>' in html
    assert 'lang="en-gb"' not in re.sub(
        r'<nav class="(list-languages|language-switch)".*?</nav>', "", html, flags=re.S
    )


def test_a_bad_language_is_ignored_with_a_message(client, bilingual):
    """An unknown language leaves the page's own, and says the filter was ignored."""
    response = client.get("/briefs/?language=klingon")
    assert response.status_code == 200
    assert titles(response) == ["Balance in Yerevan", "Hedging in Tbilisi"]
    assert "Some filters were ignored" in response.text


def test_the_language_links_keep_the_other_filters(client, bilingual):
    """The language choices link the same filtered list in each language and in all."""
    html = client.get("/briefs/?country=georgia").text
    nav = re.search(r'<nav class="list-languages".*?</nav>', html, re.S).group(0)
    assert 'href="?country=georgia"' in nav
    assert 'href="?country=georgia&amp;language=ru"' in nav
    assert 'href="?country=georgia&amp;language=all"' in nav


def test_facets_count_the_briefs_of_the_lists_language(client, bilingual):
    """The facets count the list's language (from the kept counts), or all languages; the
    Russian list names its countries in Russian."""
    assert facet(client.get("/briefs/"), "country") == {"Armenia": 1, "Georgia": 1}
    assert facet(client.get("/ru/briefs/"), "country") == {"Грузия": 1}
    assert facet(client.get("/briefs/?language=all"), "country") == {"Armenia": 1, "Georgia": 2}
    assert facet(client.get("/ru/briefs/?theme=neutrality"), "country") == {"Грузия": 1}


def test_kept_counts_follow_a_language_changed_by_a_raw_update(bilingual):
    """A brief moved to Russian by ``update()`` moves in the kept counts of both languages."""
    armenia = Country.objects.get(code="AM").pk
    assert public_counts(FACETS, "en-gb")["country"][armenia] == 1
    Brief.objects.filter(slug="yerevan").update(language="ru")
    assert armenia not in public_counts(FACETS, "en-gb")["country"]
    assert public_counts(FACETS, "ru")["country"][armenia] == 1
    assert public_counts(FACETS)["country"][armenia] == 1


def test_an_empty_language_offers_all_languages(client, bilingual):
    """A term with no brief in the page's language says so and links every language's."""
    response = client.get("/ru/countries/armenia/")
    assert response.status_code == 200
    assert "Здесь пока нет записок на этом языке" in response.text
    assert 'href="?language=all"' in response.text
    assert titles(client.get("/ru/countries/armenia/?language=all")) == ["Balance in Yerevan"]


def test_a_term_with_public_briefs_in_another_language_keeps_its_page(client, bilingual):
    """A theme used only by English briefs has a Russian page (empty, saying so); one used
    only by a hidden brief has none in any language."""
    assert client.get("/ru/themes/trade/").status_code == 200
    BriefFactory(status=Brief.Status.DRAFT, publish_at=None, themes=["hidden-theme"])
    assert client.get("/themes/hidden-theme/").status_code == 404
    assert client.get("/ru/themes/hidden-theme/?language=all").status_code == 404


def test_term_pages_count_and_list_their_language(client, bilingual):
    """A country's page lists and counts its briefs in the page's language."""
    english = client.get("/countries/georgia/")
    assert titles(english) == ["Hedging in Tbilisi"]
    assert "1 brief" in english.text
    assert titles(client.get("/ru/countries/georgia/")) == ["Хеджирование в Тбилиси"]
    assert len(titles(client.get("/countries/georgia/?language=all"))) == 2


def test_series_pages_list_their_language(client):
    """A series with a part in each language lists the page's language's part."""
    series = SeriesFactory(slug="between")
    original = BriefFactory(title="Part one", series=series, series_position=1)
    BriefFactory(
        title="Часть первая",
        language="ru",
        translation_of=original,
        series=series,
        series_position=1,
    )
    assert titles(client.get("/series/between/")) == ["Part one"]
    assert titles(client.get("/ru/series/between/")) == ["Часть первая"]


def test_home_shows_the_latest_in_the_pages_language(client, bilingual):
    """The home page's latest briefs and country counts are the page's language's."""
    assert titles(client.get("/")) == ["Balance in Yerevan", "Hedging in Tbilisi"]
    russian = client.get("/ru/")
    assert titles(russian) == ["Хеджирование в Тбилиси"]
    assert 'href="/ru/briefs/?language=all"' in russian.text


def test_search_looks_in_the_pages_language_unless_asked_for_all(client, bilingual):
    """A search on /ru/ finds Russian briefs; ?language=all finds every language's."""
    assert titles(client.get("/ru/search/?q=Тбилиси")) == ["Хеджирование в Тбилиси"]
    assert titles(client.get("/search/?q=Tbilisi")) == ["Hedging in Tbilisi"]
    assert titles(client.get("/search/?q=Тбилиси")) == []
    assert titles(client.get("/search/?q=Тбилиси&language=all")) == ["Хеджирование в Тбилиси"]


@pytest.mark.parametrize("backend", ["locmem", "redis"])
def test_kept_lists_of_each_language_are_kept_apart(client, settings, bilingual, backend):
    """With every cache on, the lists in one language, another and all never stand for
    each other, and a hidden brief stays hidden."""
    with caches_on(settings, backend):
        for _ in range(2):
            assert titles(client.get("/ru/briefs/")) == ["Хеджирование в Тбилиси"]
            assert len(titles(client.get("/ru/briefs/?language=all"))) == 3
            assert titles(client.get("/briefs/?language=ru")) == ["Хеджирование в Тбилиси"]
            assert len(titles(client.get("/briefs/"))) == 2
            assert "Черновик" not in client.get("/ru/feed/?language=all").text


@pytest.mark.parametrize(
    "url", ["/ru/briefs/", "/briefs/?language=all", "/ru/countries/georgia/", "/ru/"]
)
def test_per_language_lists_keep_their_query_budget(client, url):
    """A per-language or all-languages list runs a fixed number of queries from 1 to 21
    briefs in its language."""
    georgia = Country.objects.get(code="GE")

    def add(count):
        for _ in range(count):
            BriefFactory(language="ru", countries=[georgia])
            BriefFactory(countries=[georgia])

    add(1)
    response = assert_query_budget(
        lambda: client.get(url), lambda: add(20), PUBLIC_PAGE_MAX_QUERIES
    )
    assert response.status_code == 200


def test_feeds_list_their_language_and_name_each_entrys(client, bilingual):
    """/feed/ carries English briefs, /ru/feed/ Russian ones; ?language=all both, each entry
    with its own language."""
    english = feedparser.parse(client.get("/feed/").content)
    assert english.feed.language == "en-gb"
    assert [entry.title for entry in english.entries] == [
        "Balance in Yerevan",
        "Hedging in Tbilisi",
    ]
    russian = feedparser.parse(client.get("/ru/feed/").content)
    assert russian.feed.language == "ru"
    assert [entry.title for entry in russian.entries] == ["Хеджирование в Тбилиси"]
    assert russian.entries[0].link.endswith("/ru/briefs/hedging-ru/")
    every = client.get("/ru/feed/atom/?language=all").text
    assert every.count("<entry") == 3
    assert '<entry xml:lang="en-gb">' in every and '<entry xml:lang="ru">' in every
    rss = client.get("/feed/?language=all").text
    assert "<dc:language>ru</dc:language>" in rss


def test_term_feeds_follow_the_language_too(client, bilingual):
    """A country's Russian feed lists its Russian briefs."""
    russian = feedparser.parse(client.get("/ru/countries/georgia/feed/").content)
    assert [entry.title for entry in russian.entries] == ["Хеджирование в Тбилиси"]


def test_the_api_lists_every_language_with_a_language_filter(client, bilingual):
    """The API lists all languages by default, each brief with its language; ?language=ru
    narrows; an unknown language is a 400."""
    everything = client.get("/api/v1/briefs/").json()["results"]
    assert {brief["slug"]: brief["language"] for brief in everything} == {
        "hedging": "en-gb",
        "hedging-ru": "ru",
        "yerevan": "en-gb",
    }
    russian = client.get("/api/v1/briefs/?language=ru").json()["results"]
    assert [brief["slug"] for brief in russian] == ["hedging-ru"]
    russian_brief = client.get("/api/v1/briefs/hedging-ru/").json()
    assert russian_brief["language"] == "ru"
    [original] = russian_brief["translations"]
    assert (original["language"], original["original"]) == ("en-gb", True)
    assert original["url"].endswith("/briefs/hedging/")
    assert original["api_url"].endswith("/api/v1/briefs/hedging/")
    Brief.objects.filter(slug="hedging").update(status=Brief.Status.DRAFT)
    assert client.get("/api/v1/briefs/hedging-ru/").json()["translations"] == []
    refused = client.get("/api/v1/briefs/?language=xx")
    assert refused.status_code == 400
    assert "language" in refused.json()["parameters"]


def test_a_brief_coming_out_of_schedule_joins_its_languages_counts():
    """A scheduled Russian brief counts in the Russian facets from its publish time on."""
    soon = timezone.now() + timedelta(hours=1)
    georgia = Country.objects.get(code="GE")
    BriefFactory(language="ru", publish_at=soon, countries=[georgia])
    assert georgia.pk not in public_counts(FACETS, "ru")["country"]
    with time_machine.travel(soon + timedelta(minutes=1)):
        assert public_counts(FACETS, "ru")["country"][georgia.pk] == 1
        assert georgia.pk not in public_counts(FACETS, "en-gb")["country"]


def test_corrections_list_the_notes_of_the_pages_language(client, bilingual):
    """/corrections/ lists the notes of English briefs, /ru/corrections/ of Russian ones."""
    for slug, text in (("hedging", "A date fixed."), ("hedging-ru", "Исправлена дата.")):
        Correction.objects.create(
            brief=Brief.objects.get(slug=slug), kind=Correction.Kind.CORRECTION, text=text
        )
    assert "A date fixed." in client.get("/corrections/").text
    assert "Исправлена дата." not in client.get("/corrections/").text
    russian = client.get("/ru/corrections/").text
    assert "Исправлена дата." in russian and "A date fixed." not in russian
    every = client.get("/ru/corrections/?language=all").text
    assert "A date fixed." in every
    assert "Исправлена дата." in client.get("/ru/corrections/feed/").text
    assert "A date fixed." not in client.get("/ru/corrections/feed/").text
