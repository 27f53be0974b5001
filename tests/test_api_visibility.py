"""The API never shows what readers may not see: a walk of every address and every link.

Beside one public brief stand a draft, a brief in review, a scheduled brief and one
unpublished after being public (with a former slug), each sharing the public brief's
terms; terms only hidden briefs use (an author with a login, a series, a theme, a
country); and live share links. The walk starts at every list and follows every API
address the answers hold, `next` cursors included, page by page.
"""

import json
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.utils import timezone

from briefs.editorial import sharing
from briefs.models import Brief, OldSlug
from countries.models import Country
from tests.factories import (
    AuthorFactory,
    BriefFactory,
    SeriesFactory,
    UserFactory,
    library_image,
    with_hero,
)

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
STARTS = [
    "/api/v1/briefs/?limit=1",
    "/api/v1/briefs/?q=brief&limit=1",
    "/api/v1/countries/",
    "/api/v1/regions/",
    "/api/v1/themes/",
    "/api/v1/series/",
    "/api/v1/authors/",
    "/api/v1/openapi.json",
]


@pytest.fixture
def world():
    """The public brief, the hidden ones, the terms only they use and what must not leak."""
    login = UserFactory(username="hidden-login", email="hidden-login@example.org")
    shared = {
        "authors": [AuthorFactory(slug="shared-author")],
        "countries": [Country.objects.get(code="GE")],
        "themes": ["neutrality"],
    }
    series = SeriesFactory(slug="shared-series")
    public = BriefFactory(
        title="Visible brief", slug="visible", series=series, series_position=2, **shared
    )
    public.countries.add(Country.objects.get(code="AM"))
    with_hero(public, alt="Public hero", caption="The port.", credit="Photo: Shown")
    secret_author = AuthorFactory(slug="secret-author", name="Secret Author", user=login)
    secret_series = SeriesFactory(slug="secret-series", title="Secret series")
    kinds = {
        "draft": {"draft": True},
        "review": {"in_review": True},
        "scheduled": {"scheduled": True},
        "unpublished": {},
    }
    hidden = {}
    for position, (kind, state) in enumerate(kinds.items(), start=3):
        hidden[kind] = BriefFactory(
            title=f"Secret {kind} brief",
            slug=f"secret-{kind}",
            series=series,
            series_position=position,
            created_by=login,
            **state,
            **shared,
        )
    only_hidden = BriefFactory(
        title="Secret lone draft",
        slug="secret-lone-draft",
        draft=True,
        authors=[secret_author],
        series=secret_series,
        series_position=1,
        countries=[Country.objects.get(code="TM")],
        themes=["secret-theme"],
    )
    hidden["lone"] = only_hidden
    # Each hidden brief has a hero of its own, which only it shows.
    hidden_heroes = []
    for kind, brief in hidden.items():
        brief.hero = library_image(
            alt=f"Secret {kind} hero", caption="Secret caption", credit="Secret credit"
        )
        brief.save()
        hidden_heroes.append(brief.hero)
    OldSlug.objects.create(slug="secret-former-slug", brief=hidden["unpublished"])
    unpublished = hidden["unpublished"]
    unpublished.status, unpublished.publish_at = Brief.Status.DRAFT, None
    unpublished.save()
    tokens = [sharing.token_for(sharing.create_link(brief, by=login)) for brief in hidden.values()]
    secrets = [
        *(brief.title for brief in hidden.values()),
        *(brief.slug for brief in hidden.values()),
        "secret-former-slug",
        "secret-author",
        "Secret Author",
        "secret-series",
        "Secret series",
        "secret-theme",
        "turkmenistan",
        "hidden-login",
        "hidden-login@example.org",
        "Secret caption",
        "Secret credit",
        *(hero.alt for hero in hidden_heroes),
        *(item["name"] for hero in hidden_heroes for item in hero.renditions["jpeg"]),
        *tokens,
    ]
    return public, hidden, secrets


def walk(client):
    """{address: answer} for every address reached from ``STARTS``, following every API
    address in the answers."""
    seen, queue = {}, list(STARTS)
    while queue:
        address = queue.pop()
        if address in seen:
            continue
        response = client.get(address)
        assert response.status_code == 200, (address, response.content[:300])
        seen[address] = response.content.decode()
        queue += [link for link in api_links(response.json()) if link not in seen]
    return seen


def api_links(value):
    """The API addresses (as paths with their query) anywhere in a JSON answer."""
    if isinstance(value, dict):
        return [link for item in value.values() for link in api_links(item)]
    if isinstance(value, list):
        return [link for item in value for link in api_links(item)]
    if isinstance(value, str) and value.startswith(f"{SITE}/api/"):
        parts = urlsplit(value)
        return [f"{parts.path}?{parts.query}" if parts.query else parts.path]
    return []


def test_the_walk_reaches_every_public_thing_and_nothing_hidden(client, world):
    """Every address reached answers, the public brief and its terms are there, and no
    hidden brief, term, login, e-mail or share token is anywhere in any answer."""
    public, _, secrets = world
    answers = walk(client)
    assert f"/api/v1/briefs/{public.slug}/" in answers
    hero = json.loads(answers[f"/api/v1/briefs/{public.slug}/"])["hero_image"]
    assert (hero["alt"], hero["caption"], hero["credit"]) == (
        "Public hero",
        "The port.",
        "Photo: Shown",
    )
    assert "/api/v1/briefs/?country=georgia" in answers
    assert "/api/v1/briefs/?region=south-caucasus" in answers
    assert "/api/v1/briefs/?author=shared-author" in answers
    assert "/api/v1/briefs/?series=shared-series" in answers
    assert "/api/v1/briefs/?theme=neutrality" in answers
    for address, text in answers.items():
        for secret in secrets:
            assert secret.lower() not in text.lower(), (address, secret)


def test_the_series_counts_only_its_public_part(client, world):
    """The public brief is part 1 of 1: hidden parts are neither counted nor numbered."""
    series = json.loads(client.get("/api/v1/briefs/visible/").content)["series"]
    assert (series["part"], series["parts"]) == (1, 1)
    (listed,) = json.loads(client.get("/api/v1/series/").content)["results"]
    assert listed["briefs"] == 1


@pytest.mark.parametrize("kind", ["draft", "review", "scheduled", "unpublished", "lone"])
def test_a_hidden_brief_is_not_found_by_any_address(client, world, kind):
    """Its API address, and a former slug of it, answer 404."""
    _, hidden, _ = world
    assert client.get(f"/api/v1/briefs/{hidden[kind].slug}/").status_code == 404
    assert client.get("/api/v1/briefs/secret-former-slug/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "author=secret-author",
        "series=secret-series",
        "theme=secret-theme",
        "country=turkmenistan",
        f"year={timezone.now().year + 1}",
    ],
)
def test_a_filter_on_a_term_only_hidden_briefs_use_answers_as_an_unknown_one(client, world, query):
    """The answer is the unknown term's 400, word for word: whether it exists stays hidden."""
    name = query.split("=")[0]
    hidden = client.get(f"/api/v1/briefs/?{query}")
    unknown = client.get(
        f"/api/v1/briefs/?{name}=1900" if name == "year" else f"/api/v1/briefs/?{name}=no-such-term"
    )
    assert hidden.status_code == unknown.status_code == 400
    assert hidden.content == unknown.content


def test_a_scheduled_brief_appears_when_its_time_comes(client, world):
    """No job runs: at its publish time the scheduled brief is in the list and has a record."""
    _, hidden, _ = world
    scheduled = hidden["scheduled"]
    with time_machine.travel(scheduled.publish_at + timedelta(seconds=1)):
        listed = json.loads(client.get("/api/v1/briefs/").content)["results"]
        assert scheduled.slug in [brief["slug"] for brief in listed]
        assert client.get(f"/api/v1/briefs/{scheduled.slug}/").status_code == 200
    assert client.get(f"/api/v1/briefs/{scheduled.slug}/").status_code == 404
    assert timezone.now() < scheduled.publish_at
