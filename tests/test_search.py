"""Search and the filtered archive: matching, ranking, snippets, suggestions, facets, limits."""

import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from briefs.models import Author, Brief, Theme
from briefs.search.engine import MAX_QUERY_LENGTH
from countries.models import Country
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory
from tests.forms import add_published_brief
from tests.query_counts import PUBLIC_PAGE_MAX_QUERIES, assert_query_budget, measured

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="PostgreSQL full-text and pg_trgm feature; CI runs it on PostgreSQL"
)


def search(client, q="", **filters):
    return client.get(reverse("briefs:search"), {"q": q, **filters})


def titles(response):
    return [brief.title for brief in response.context["briefs"]]


def facet_counts(response, param):
    facet = next(f for f in response.context["facets"] if f.facet.param == param)
    return {option.label: option.count for option in facet.options}


def test_finds_a_word_in_the_body_and_shows_the_brief(client):
    """A word that only the body holds finds the brief, with title, authors and countries."""
    BriefFactory(
        title="Ports on the Caspian",
        body="<p>The shipyards at Kuryk expanded.</p>",
        authors=[AuthorFactory(name="Leyla Mammadova")],
        countries=[Country.objects.get(code="KZ")],
    )
    BriefFactory(title="Something else")
    response = search(client, "shipyards")
    assert titles(response) == ["Ports on the Caspian"]
    page = response.content.decode()
    assert "Leyla Mammadova" in page and "Kazakhstan" in page
    assert "1 brief matches “shipyards”" in page


def test_a_title_match_ranks_above_a_body_match(client):
    """The brief with the word in its title comes before one with it only in the body."""
    older = timezone.now() - timedelta(days=30)
    BriefFactory(title="Why grain matters", publish_at=older)
    BriefFactory(title="Ports and roads", body="<p>Grain moves by rail and by sea.</p>")
    assert titles(search(client, "grain")) == ["Why grain matters", "Ports and roads"]


def test_snippets_highlight_the_words_and_escape_the_text(client):
    """The passage shown marks the words found and never lets stored text act as markup."""
    BriefFactory(
        title="Caspian freight",
        body="<p>Tariffs &lt;b&gt;rose&lt;/b&gt; by 5 &lt; 6 while the ferries to Baku ran.</p>",
    )
    page = search(client, "ferries").content.decode()
    assert "<mark>ferries</mark>" in page
    assert "<b>" not in page
    assert "5 &lt; 6" in page


def test_kept_cards_show_the_snippet_of_each_search(client, remembered):
    """Cards are kept per content generation; a result's passage still follows the words."""
    BriefFactory(title="Caspian freight", body="<p>The ferries to Baku ran while tariffs rose.</p>")
    assert "<mark>ferries</mark>" in search(client, "ferries").content.decode()
    page = search(client, "tariffs").content.decode()
    assert "<mark>tariffs</mark>" in page and "<mark>ferries</mark>" not in page


@postgresql_only
def test_postgresql_snippet_is_a_headline_around_the_match(client):
    """On PostgreSQL the snippet is ts_headline's passage, with stemmed matches marked."""
    filler = " ".join(["Context that says nothing about the subject at hand."] * 30)
    BriefFactory(title="Long read", body=f"<p>{filler}</p><p>Sanctioned banks kept trading.</p>")
    snippet = search(client, "sanction").context["briefs"][0].snippet
    assert "<mark>Sanctioned</mark>" in snippet
    assert len(snippet) < len(filler)


def test_web_search_syntax_phrases_or_and_minus(client):
    """Quoted phrases, "or" and a leading minus narrow or widen the results."""
    BriefFactory(title="Energy security in the Caucasus")
    BriefFactory(title="Security of energy routes")
    BriefFactory(title="Migrant remittances")
    assert titles(search(client, '"energy security"')) == ["Energy security in the Caucasus"]
    assert sorted(titles(search(client, "remittances or routes"))) == [
        "Migrant remittances",
        "Security of energy routes",
    ]
    assert titles(search(client, "energy -routes")) == ["Energy security in the Caucasus"]


def test_country_names_are_searchable(client):
    """A brief is found by the name of a country it is filed under."""
    BriefFactory(title="A quiet neighbour", countries=[Country.objects.get(code="TM")])
    BriefFactory(title="Elsewhere", countries=[Country.objects.get(code="GE")])
    assert titles(search(client, "Turkmenistan")) == ["A quiet neighbour"]


def test_theme_and_series_names_are_searchable(client):
    """A brief is found by its themes' and its series' names, on every database."""
    series = SeriesFactory(title="Border watch")
    BriefFactory(title="Plain title", themes=["desalination"], series=series, series_position=1)
    BriefFactory(title="Elsewhere", themes=["tariffs"])
    assert titles(search(client, "desalination")) == ["Plain title"]
    assert titles(search(client, "border watch")) == ["Plain title"]
    assert titles(search(client, "tariffs -desalination")) == ["Elsewhere"]
    assert titles(search(client, "desalination or tariffs")) == ["Elsewhere", "Plain title"]


@postgresql_only
def test_vector_follows_renamed_countries_themes_and_series(client):
    """Renaming a country, theme or series, or retagging a brief, updates what finds it."""
    country = Country.objects.get(code="MD")
    series = SeriesFactory(title="Border watch")
    brief = BriefFactory(title="Plain title", countries=[country], series=series, series_position=1)
    brief.themes.set(["fisheries"])
    assert titles(search(client, "fisheries")) == ["Plain title"]
    assert titles(search(client, "border watch")) == ["Plain title"]

    country.name = "Moldavia Renamed"
    country.save()
    theme = Theme.objects.get(name="fisheries")
    theme.name = "aquaculture"
    theme.save()
    series.title = "Frontier notes"
    series.save()
    assert titles(search(client, "Moldavia")) == ["Plain title"]
    assert titles(search(client, "aquaculture")) == ["Plain title"]
    assert titles(search(client, "frontier")) == ["Plain title"]
    assert titles(search(client, "fisheries")) == []

    brief.countries.set([Country.objects.get(code="AM")])
    assert titles(search(client, "Armenia")) == ["Plain title"]
    assert titles(search(client, "Moldavia")) == []


@postgresql_only
def test_admin_save_indexes_the_chosen_countries_and_themes(editor_client, client):
    """A brief saved in the admin is found by the countries and themes chosen in the form."""
    response = add_published_brief(
        editor_client, countries=[Country.objects.get(code="BY")], themes="co-belligerence"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert titles(search(client, "Belarus")) == ["From the admin"]
    assert titles(search(client, "co-belligerence")) == ["From the admin"]


@postgresql_only
def test_misspelled_country_suggests_and_finds(client):
    """A misspelled country name offers the right spelling and shows its briefs."""
    BriefFactory(title="Gas and guarantees", countries=[Country.objects.get(code="AZ")])
    response = search(client, "Azerbajan")
    assert titles(response) == ["Gas and guarantees"]
    page = response.content.decode()
    assert "Did you mean" in page
    assert 'href="?q=Azerbaijan"' in page
    assert "1 brief matches “Azerbaijan”" in page


@postgresql_only
def test_misspelled_title_word_suggests_and_finds(client):
    """A misspelled word of a title is corrected from the closest public title."""
    BriefFactory(
        title="Kazakhstan's careful neutrality", countries=[Country.objects.get(code="KZ")]
    )
    response = search(client, "nuetrality")
    assert response.context["suggestion"].text == "neutrality"
    assert titles(response) == ["Kazakhstan's careful neutrality"]


@pytest.mark.skipif(ON_POSTGRESQL, reason="checks the SQLite matcher; PostgreSQL uses pg_trgm")
def test_simple_matcher_suggests_country_names(client):
    """Without pg_trgm, a misspelled country name is still corrected."""
    BriefFactory(title="Gas and guarantees", countries=[Country.objects.get(code="AZ")])
    response = search(client, "azerbajan")
    assert response.context["suggestion"].text == "Azerbaijan"
    assert titles(response) == ["Gas and guarantees"]


def test_no_suggestion_when_nothing_is_close(client):
    """A word unlike any title or country gets a plain "no results", not a wild guess."""
    BriefFactory(title="Gas and guarantees")
    response = search(client, "xylophone")
    assert titles(response) == []
    assert "suggestion" not in response.context
    assert "No published brief matches this search" in response.content.decode()


@pytest.mark.parametrize(
    "hidden",
    [{"draft": True}, {"in_review": True}, {"scheduled": True}],
    ids=["draft", "review", "scheduled"],
)
def test_hidden_briefs_are_never_found_or_counted(client, hidden):
    """Drafts, briefs in review and scheduled briefs stay out of results, facets, suggestions."""
    secret_country = Country.objects.get(code="TJ")
    BriefFactory(
        title="Zanzibarian secret", countries=[secret_country], themes=["secret"], **hidden
    )
    BriefFactory(title="Public one", countries=[Country.objects.get(code="GE")])
    assert titles(search(client, "zanzibarian")) == []
    assert "Tajikistan" not in facet_counts(search(client, "public"), "country")
    assert titles(search(client, "Tajikistan")) == []
    response = search(client, "zanzibarien")
    assert titles(response) == [] and "suggestion" not in response.context
    archive = client.get(reverse("briefs:brief-list"), {"theme": "secret"})
    assert titles(archive) == ["Public one"]
    assert "theme" in archive.context["filters"].ignored


@pytest.fixture
def filed():
    """Five public briefs across two countries, two themes, two authors and two years."""
    kz, uz = Country.objects.get(code="KZ"), Country.objects.get(code="UZ")
    ana, ben = AuthorFactory(name="Ana"), AuthorFactory(name="Ben")
    y2023 = timezone.make_aware(datetime(2023, 5, 1))
    y2024 = timezone.make_aware(datetime(2024, 5, 1))
    BriefFactory(
        title="Trade one", countries=[kz], themes=["trade"], authors=[ana], publish_at=y2023
    )
    BriefFactory(
        title="Trade two", countries=[kz, uz], themes=["trade"], authors=[ben], publish_at=y2024
    )
    BriefFactory(
        title="Water one", countries=[uz], themes=["water"], authors=[ana], publish_at=y2024
    )
    BriefFactory(
        title="Water two", countries=[uz], themes=["water"], authors=[ben], publish_at=y2023
    )
    BriefFactory(title="Trade water", countries=[kz], themes=["trade", "water"], authors=[ana])


def test_facets_count_public_briefs_per_option(client, filed):
    """Each option shows how many public briefs it would list."""
    response = client.get(reverse("briefs:brief-list"))
    assert facet_counts(response, "country") == {"Kazakhstan": 3, "Uzbekistan": 3}
    assert facet_counts(response, "region") == {"Central Asia": 5}
    assert facet_counts(response, "theme") == {"trade": 3, "water": 3}
    assert facet_counts(response, "author") == {"Ana": 3, "Ben": 2}
    assert facet_counts(response, "year")["2023"] == 2


def test_filters_combine_with_each_other_and_with_a_query(client, filed):
    """Country, theme, author and year narrow together; a query narrows further."""
    archive = reverse("briefs:brief-list")
    assert sorted(titles(client.get(archive, {"country": "kazakhstan", "theme": "trade"}))) == [
        "Trade one",
        "Trade two",
        "Trade water",
    ]
    response = client.get(archive, {"country": "uzbekistan", "year": "2023"})
    assert titles(response) == ["Water two"]
    assert facet_counts(response, "theme") == {"water": 1}
    ana = Author.objects.get(name="Ana").slug
    assert sorted(titles(client.get(archive, {"author": ana, "theme": "water"}))) == [
        "Trade water",
        "Water one",
    ]
    response = search(client, "trade", country="uzbekistan", region="central-asia")
    assert titles(response) == ["Trade two"]
    assert facet_counts(response, "country") == {"Kazakhstan": 3, "Uzbekistan": 1}


@pytest.mark.parametrize("year", [None, "2023"])
def test_list_size_and_pages_follow_the_filters_with_counts_remembered(
    client, filed, settings, year
):
    """The filtered archive counts its own briefs, not the whole archive's, even with
    archive-wide counts remembered between requests; a page past its end is a 404."""
    settings.AGGREGATE_CACHE_SECONDS = 3600
    archive = reverse("briefs:brief-list")
    everything = client.get(archive).context["paginator"].count
    params = {"country": "uzbekistan", **({"year": year} if year else {})}
    response = client.get(archive, params)
    shown = titles(response)
    assert response.context["paginator"].count == len(shown) < everything
    assert client.get(archive, {**params, "page": 2}).status_code == 404


def test_links_carry_the_state_and_remove_one_filter(client, filed):
    """Option, removal and page links keep the query and the other filters."""
    page = search(client, "trade", country="kazakhstan", theme="trade").content.decode()
    assert 'href="?q=trade&amp;theme=trade"' in page  # remove the country
    assert 'href="?q=trade&amp;country=kazakhstan"' in page  # remove the theme
    assert 'aria-current="true"' in page
    assert '<input type="hidden" name="country" value="kazakhstan">' in page


def test_pages_keep_the_query(client):
    """The next page of results is the same search, 20 a page."""
    for n in range(25):
        BriefFactory(title=f"Grain report {n}")
    response = search(client, "grain", theme="")
    assert len(response.context["briefs"]) == 20
    assert 'href="?q=grain&amp;theme=&amp;page=2"' in response.content.decode()
    assert (
        len(client.get(reverse("briefs:search"), {"q": "grain", "page": 2}).context["briefs"]) == 5
    )


@pytest.mark.parametrize(
    "params",
    [
        {"country": "no-such-country"},
        {"year": "abc"},
        {"year": "99999"},
        {"region": "../../etc"},
        {"author": "a\x00b"},
        {"series": "x" * 300},
    ],
)
def test_invalid_filters_are_ignored_with_a_message(client, filed, params):
    """An unknown or malformed filter value is dropped and said so, never a 500."""
    for url in (reverse("briefs:brief-list"), reverse("briefs:search")):
        response = client.get(url, {"q": "trade", **params})
        assert response.status_code == 200
        assert "Some filters were ignored" in response.content.decode()
    assert len(titles(client.get(reverse("briefs:brief-list"), params))) == 5


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("energy " * 40, "limited to 200 characters"),
        ('-- " or OR - ""', "Type at least one word"),
        ("a\x00b", "cannot be searched for"),
        (" ".join(f"w{n}" for n in range(40)), "limited to 32 words"),
    ],
    ids=["too-long", "only-operators", "nul-byte", "too-many-words"],
)
def test_bad_queries_get_a_clear_message(client, q, message):
    """Queries the site will not run answer 400 with the reason and the form."""
    response = search(client, q)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'id="search-q"' in page


def test_an_over_long_query_gets_a_short_page_that_does_not_repeat_it(client, filed):
    """A 4 KB query answers a small 400 page naming the limit, with no link carrying it."""
    q = ("energy " * 600)[:4096]
    response = search(client, q, country="kazakhstan")
    assert response.status_code == 400
    page = response.content.decode()
    assert f"limited to {MAX_QUERY_LENGTH} characters" in page
    assert "energy energy" not in page and "energy+energy" not in page
    assert len(response.content) < 12_000
    assert 'name="country" value="kazakhstan"' in page


def test_a_refused_query_short_enough_to_edit_stays_in_the_box(client):
    """A query refused for another reason than its length is shown again for fixing."""
    page = search(client, '-- " or').content.decode()
    assert 'value="-- &quot; or"' in page
    assert "Filter briefs" not in page


def test_every_search_box_carries_the_query_limit(client):
    """The header's box and the search page's box stop typing at the parser's limit."""
    page = search(client, "trade").content.decode()
    assert page.count(f'maxlength="{MAX_QUERY_LENGTH}"') == 2


@pytest.mark.parametrize(
    "q",
    [
        "😀 ﷽",
        "Ａｚｅｒｂａｉｊａｎ",
        "e\u0301nergy\u200b",
        "\u202eevil",
        "'; DROP TABLE x; --",
        "((&|!:*",
    ],
)
def test_odd_unicode_and_syntax_are_searched_safely(client, q):
    """Emoji, full-width letters, control marks and tsquery syntax never break the page."""
    BriefFactory(title="Energy")
    assert search(client, q).status_code in {200, 400}


def test_empty_query_shows_the_prompt_and_filters_not_every_brief(client, filed):
    """With no words and no filters, the page invites a search and lists nothing."""
    response = search(client, "   ")
    assert response.status_code == 200
    assert "briefs" not in response.context
    assert "Type a few words above" in response.content.decode()
    assert facet_counts(response, "country") == {"Kazakhstan": 3, "Uzbekistan": 3}
    assert sorted(titles(search(client, "", theme="water"))) == [
        "Trade water",
        "Water one",
        "Water two",
    ]


def test_search_never_writes(client, filed):
    """Searching, filtering and a suggestion only read (and no session is saved).

    The suggestion lowers a pg_trgm threshold with ``SET LOCAL``, which lasts until the end
    of its transaction and writes nothing.
    """
    BriefFactory(title="Trade route", themes=["trade"])
    with CaptureQueriesContext(connection) as queries:
        search(client, "trade", country="kazakhstan")
        search(client, "Uzbekistn")
        search(client, "Trade ruote")
        search(client, "x" * 300)
        client.get(reverse("briefs:brief-list"), {"year": "2024", "theme": "nope"})
    sql = [query["sql"].lstrip(" \n(").upper() for query in queries]
    statements = {statement.split()[0] for statement in sql}
    assert statements <= {"SELECT", "EXPLAIN", "SAVEPOINT", "RELEASE", "SET"}, statements
    assert all(statement.startswith("SET LOCAL ") for statement in sql if statement[:4] == "SET ")


def test_header_search_box_works_without_javascript(client):
    """Every page has a labelled GET search form in the header that leads to /search/."""
    page = client.get(reverse("briefs:home")).content.decode()
    form = re.search(r'<form class="site-search"[^>]*>.*?</form>', page, re.S).group(0)
    assert f'action="{reverse("briefs:search")}"' in form and 'method="get"' in form
    assert '<label class="visually-hidden" for="site-search-q">' in form
    assert 'name="q"' in form


def add_matching_briefs(first, last):
    series = SeriesFactory(slug=f"budget-series-{first}")
    for n in range(first, last + 1):
        BriefFactory(
            title=f"Budget grain {n}",
            series=series,
            series_position=n,
            authors=[AuthorFactory(), AuthorFactory()],
            countries=list(Country.objects.filter(code__in=["KZ", "UZ"])),
            themes=["trade", "sanctions"],
        )


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("briefs:search", {"q": "grain"}),
        ("briefs:search", {"q": "grain", "country": "kazakhstan", "theme": "trade"}),
        ("briefs:search", {"theme": "trade"}),
        ("briefs:brief-list", {}),
        ("briefs:brief-list", {"country": "kazakhstan", "year": str(timezone.now().year)}),
    ],
)
def test_query_count_does_not_grow_from_1_to_30_results(client, name, params):
    """Search and the filtered archive run no more queries for 30 results than for 1."""
    url = reverse(name)
    add_matching_briefs(1, 1)
    assert len(titles(client.get(url, params))) == 1
    response = assert_query_budget(
        lambda: client.get(url, params),
        lambda: add_matching_briefs(2, 30),
        PUBLIC_PAGE_MAX_QUERIES,
    )
    assert len(titles(response)) == 20


@postgresql_only
def test_full_text_match_can_use_the_gin_index():
    """The planner can answer a search from the GIN index on the vector."""
    BriefFactory(title="Indexed")
    matches = Brief.objects.filter(search_vector="indexed")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = matches.explain()
    assert "brief_search_vector_gin" in plan


def add_grain_briefs(count, *, days_ago=1, **traits):
    for n in range(count):
        BriefFactory(
            title=f"Grain note {days_ago}-{n}",
            publish_at=timezone.now() - timedelta(days=days_ago, minutes=n),
            **traits,
        )


def test_common_and_rare_words_run_the_same_queries(client, settings):
    """A word found in more briefs than are ranked costs no more queries than a word found
    in one."""
    settings.SEARCH_CANDIDATES = 10
    BriefFactory(title="Ophiolite outcrops")
    add_grain_briefs(25)
    rare, found = measured(lambda: search(client, "ophiolite"))
    assert titles(found) == ["Ophiolite outcrops"]
    common, response = measured(lambda: search(client, "grain"))
    assert common <= rare <= PUBLIC_PAGE_MAX_QUERIES
    assert len(titles(response)) == 10 and response.context["capped"]


def test_more_hits_than_candidates_says_so_and_ranks_the_newest(client, settings):
    """Past the cap the page says that only the newest matches are ranked, and the count,
    the pages and the facets agree with what is shown."""
    settings.SEARCH_CANDIDATES = 3
    add_grain_briefs(3, days_ago=1, themes=["trade"])
    BriefFactory(
        title="Grain grain grain",
        dek="Grain",
        themes=["water"],
        publish_at=timezone.now() - timedelta(days=30),
    )
    response = search(client, "grain")
    page = " ".join(response.content.decode().split())
    assert "More than 3 briefs match “grain”; the most relevant of the newest 3 are shown" in page
    assert "Add words or filters to narrow the search." in page
    assert response.context["paginator"].count == 3
    assert sorted(titles(response)) == ["Grain note 1-0", "Grain note 1-1", "Grain note 1-2"]
    assert facet_counts(response, "theme") == {"trade": 3}
    assert sum(facet_counts(response, "year").values()) == 3

    narrowed = search(client, "grain", theme="water")
    assert titles(narrowed) == ["Grain grain grain"]
    assert "More than" not in narrowed.content.decode()
    assert narrowed.context["paginator"].count == 1


def test_exactly_as_many_hits_as_candidates_is_not_capped(client, settings):
    """The cap message appears only when some matches were left out."""
    settings.SEARCH_CANDIDATES = 3
    add_grain_briefs(3)
    response = search(client, "grain")
    assert not response.context["capped"]
    assert "3 briefs match" in response.content.decode()


def test_hidden_briefs_never_take_a_place_among_the_candidates(client, settings):
    """Newer drafts, briefs in review and scheduled briefs are neither shown nor counted,
    and do not push public briefs out of the ranked set."""
    settings.SEARCH_CANDIDATES = 2
    add_grain_briefs(2, days_ago=5, themes=["trade"])
    add_grain_briefs(1, days_ago=1, draft=True, themes=["secret"])
    add_grain_briefs(1, days_ago=2, in_review=True, themes=["secret"])
    add_grain_briefs(1, days_ago=-3, themes=["secret"])  # scheduled: published, not yet public
    response = search(client, "grain")
    assert sorted(titles(response)) == ["Grain note 5-0", "Grain note 5-1"]
    assert not response.context["capped"]
    assert response.context["paginator"].count == 2
    assert facet_counts(response, "theme") == {"trade": 2}


@pytest.mark.parametrize("name", ["briefs:search", "briefs:brief-list"])
def test_query_count_does_not_grow_with_1_2_and_3_filters(
    client, filed, name, django_assert_max_num_queries
):
    """Checking the chosen filters and counting the facets take no more queries however
    many filters are chosen (their names come from one query for all of them; a search
    reads the links of its candidates only for facets whose filter is not chosen)."""
    url = reverse(name)
    ana = Author.objects.get(name="Ana").slug
    one = {"q": "trade", "country": "kazakhstan"}
    with CaptureQueriesContext(connection) as queries:
        assert titles(client.get(url, one))
    for more in ({"theme": "trade"}, {"theme": "trade", "author": ana}):
        with django_assert_max_num_queries(len(queries)):
            response = client.get(url, {**one, **more})
        assert [chosen.label for chosen in response.context["filters"].active] == [
            "Kazakhstan",
            "trade",
            *(["Ana"] if "author" in more else []),
        ]


def test_unknown_and_hidden_values_are_ignored_and_the_others_applied(client, filed):
    """A filter naming nothing public is reported as ignored; the valid ones still narrow."""
    BriefFactory(title="Secret trade", themes=["secret"], draft=True)
    response = client.get(
        reverse("briefs:brief-list"),
        {"country": "uzbekistan", "theme": "secret", "series": "no-such-series", "year": "2023"},
    )
    assert titles(response) == ["Water two"]
    assert response.context["filters"].ignored == ["theme", "series"]
    page = response.content.decode()
    assert "Some filters were ignored because nothing public matches them: theme, series." in page
    assert "Country: Uzbekistan" in page and "Year: 2023" in page


def test_removing_the_last_filter_links_to_the_unfiltered_list(client, filed):
    """The chip of the only filter leads to the list without any filter, not back to itself."""
    page = client.get(reverse("briefs:brief-list"), {"country": "uzbekistan"}).content.decode()
    assert '<a href="?" class="chip--remove">Country: Uzbekistan' in page


def test_a_repeated_search_is_answered_from_what_was_kept(
    client, filed, remembered, django_assert_num_queries
):
    """The same words and filters again cost no query at all: hits, counts, chosen filters
    and cards are kept until the content changes; the page reads the same."""
    first = search(client, "trade", country="kazakhstan", page=1)
    with django_assert_num_queries(0):
        again = search(client, "trade", country="kazakhstan", page=1)
    assert again.content == first.content
    assert titles(again) == titles(first) and len(titles(first)) == 3
    assert facet_counts(again, "theme") == facet_counts(first, "theme")


def test_a_kept_search_follows_a_publish_and_an_unpublish(client, filed, remembered):
    """A brief published or taken down after a search was kept shows up, or goes, at once,
    and the counts beside the results follow."""
    assert len(titles(search(client, "trade"))) == 3
    newcomer = BriefFactory(title="Trade corridor", status=Brief.Status.DRAFT)
    assert "Trade corridor" not in titles(search(client, "trade"))
    newcomer.status, newcomer.publish_at = Brief.Status.PUBLISHED, timezone.now()
    newcomer.save()
    response = search(client, "trade")
    assert "Trade corridor" in titles(response)
    assert sum(facet_counts(response, "year").values()) == 4
    taken_down = Brief.objects.get(title="Trade one")
    taken_down.status = Brief.Status.DRAFT
    taken_down.save()
    response = search(client, "trade")
    assert "Trade one" not in titles(response)
    assert sum(facet_counts(response, "year").values()) == 3


def test_search_facets_count_as_the_archive_does(client, filed):
    """Counted among a search's candidates, each facet gives the archive's count for the
    same briefs: regions count a brief about two of their countries once, and series and
    years come from the briefs themselves."""
    series = SeriesFactory(title="Caspian trade")
    BriefFactory(
        title="Trade three",
        series=series,
        series_position=1,
        countries=[Country.objects.get(code="KZ")],
        themes=["trade"],
    )
    found = search(client, "trade or water")
    archive = client.get(reverse("briefs:brief-list"))
    assert len(titles(found)) == len(titles(archive)) == 6
    for param in ("country", "region", "theme", "series", "author", "year"):
        assert facet_counts(found, param) == facet_counts(archive, param), param
    assert facet_counts(found, "region") == {"Central Asia": 6}
    assert facet_counts(found, "series") == {"Caspian trade": 1}


def test_a_kept_search_lasts_its_own_shorter_time(
    client, filed, remembered, settings, django_assert_num_queries
):
    """Readers can ask for any number of different searches, so each is kept for
    ``SEARCH_CACHE_SECONDS``, not for the archive counts' hour."""
    import time_machine

    settings.SEARCH_CACHE_SECONDS = 60
    search(client, "trade")
    with django_assert_num_queries(0):
        search(client, "trade")
    later = timezone.now() + timedelta(seconds=61)
    with time_machine.travel(later), CaptureQueriesContext(connection) as queries:
        assert len(titles(search(client, "trade"))) == 3
    assert any("briefs_brief" in query["sql"] for query in queries)
