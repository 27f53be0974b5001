"""The API's answers are kept by the page cache like pages, and retired with them."""

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefs.models import Brief
from countries.models import Country
from tests.caching import caches_on
from tests.factories import BriefFactory, library_image

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["locmem", "redis"])
def page_caching(request, settings):
    """The page cache turned on, over local memory or the real Redis."""
    with caches_on(settings, request.param):
        yield request.param


@pytest.mark.parametrize("url", ["/api/v1/briefs/", "/api/v1/briefs/kept/", "/api/v1/themes/"])
def test_a_second_request_runs_no_query(page_caching, client, django_assert_num_queries, url):
    """A kept answer is served, and revalidated with its ETag, without the database."""
    BriefFactory(slug="kept", themes=["energy"])
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(url)
        assert again.content == first.content
        assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_a_kept_answer_still_gets_its_cors_headers(page_caching, client):
    """CORS headers are added on the way out, so an answer kept for one origin serves all."""
    BriefFactory()
    client.get("/api/v1/briefs/")
    kept = client.get("/api/v1/briefs/", headers={"Origin": "https://partner.example"})
    assert kept["Access-Control-Allow-Origin"] == "*"


def test_publishing_retires_the_kept_answers(page_caching, client):
    """The public generation bump that retires pages retires the API's answers too."""
    draft = BriefFactory(slug="soon", draft=True, themes=["fresh"])
    assert client.get("/api/v1/briefs/").json()["results"] == []
    assert client.get("/api/v1/themes/").json()["results"] == []
    assert client.get("/api/v1/briefs/soon/").status_code == 404
    draft.status, draft.publish_at = Brief.Status.PUBLISHED, timezone.now()
    draft.save()
    assert [b["slug"] for b in client.get("/api/v1/briefs/").json()["results"]] == ["soon"]
    assert [t["slug"] for t in client.get("/api/v1/themes/").json()["results"]] == ["fresh"]
    assert client.get("/api/v1/briefs/soon/").status_code == 200


def test_editing_a_public_brief_shows_the_edit(page_caching, client):
    brief = BriefFactory(slug="edited", title="First title")
    assert client.get("/api/v1/briefs/edited/").json()["title"] == "First title"
    brief.title = "Corrected title"
    brief.save()
    assert client.get("/api/v1/briefs/edited/").json()["title"] == "Corrected title"


def test_correcting_the_heros_words_in_the_library_shows_the_correction(page_caching, client):
    """The hero's words are the library image's: a correction there retires the kept answer."""
    hero = library_image(alt="Tankers at Sangachl", credit="Photo: BP")
    BriefFactory(slug="hero-corrected", hero=hero)
    assert client.get("/api/v1/briefs/hero-corrected/").json()["hero_image"]["alt"] == (
        "Tankers at Sangachl"
    )
    hero.alt = "Tankers at Sangachal"
    hero.save()
    shown = client.get("/api/v1/briefs/hero-corrected/").json()["hero_image"]
    assert (shown["alt"], shown["credit"]) == ("Tankers at Sangachal", "Photo: BP")


def test_errors_are_never_kept(page_caching, client, django_assert_num_queries):
    """A 400 or a 404 is not stored: the next request asks the database again."""
    BriefFactory()
    for url in ("/api/v1/briefs/?country=atlantis", "/api/v1/briefs/missing/"):
        assert client.get(url).status_code in (400, 404)
        assert "public" not in client.get(url).get("Cache-Control", "")


def test_the_answers_survive_a_cache_that_refuses(settings, client):
    """Redis refusing costs nothing but the cache: the API answers from the database."""
    settings.REDIS_TIMEOUT_SECONDS = 0.1
    with caches_on(settings, "redis-refusing"):
        BriefFactory(slug="served")
        assert client.get("/api/v1/briefs/served/").status_code == 200
        assert client.get("/api/v1/briefs/").json()["results"][0]["slug"] == "served"


PARAMETERS = ["country", "region", "theme", "series", "author", "year", "q", "cursor", "limit"]
VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["georgia", "south-caucasus", "2020", "20", "-1", "%00", "\x00", "0x10"]),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.dictionaries(st.sampled_from(PARAMETERS), VALUES, max_size=4))
def test_any_parameters_answer_200_or_400_never_500(client, query):
    """Whatever the parameters hold, the list answers 200 or a 400 in JSON."""
    if not Brief.objects.exists():
        BriefFactory(countries=None)
    response = client.get("/api/v1/briefs/", query)
    assert response.status_code in (200, 400), (query, response.content[:300])
    body = response.json()
    assert ("results" in body) if response.status_code == 200 else body["parameters"]


@pytest.mark.parametrize(
    "url", ["/api/v1/briefs/?country=georgia", "/api/v1/briefs/kept/", "/api/v1/countries/"]
)
def test_answers_are_kept_for_readers_the_page_cache_does_not_serve(
    remembered, client, django_assert_max_num_queries, url
):
    """With the page cache off, a second reader still gets the kept answer; a publish
    retires it."""
    georgia = Country.objects.get(code="GE")
    BriefFactory(slug="kept", countries=[georgia])
    first = client.get(url)
    with django_assert_max_num_queries(1):  # at most the generation's periodic check
        assert client.get(url).content == first.content
    BriefFactory(slug="later", countries=[georgia], title="Later")
    if "countries" in url:
        assert client.get(url).json()["results"][0]["briefs"] == 2
    elif "?" in url:
        assert client.get(url).json()["results"][0]["slug"] == "later"
