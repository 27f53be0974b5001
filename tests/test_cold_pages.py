"""The first reader after a change: what a page costs when nothing of it is kept yet."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from briefs.caching import generation
from briefs.models import Brief, ContentGeneration
from countries.models import Country
from tests.caching import caches_on
from tests.factories import BriefFactory

pytestmark = pytest.mark.django_db

CACHE_CALLS = ("get", "set", "get_many", "set_many", "add", "delete", "delete_many")
COLD_PAGES = ["/", "/briefs/", "/countries/georgia/", "/search/?q=energy"]


@pytest.fixture
def kept(settings):
    """Every kept value and fragment on, over local memory; the page cache off, so that
    every request draws its page."""
    with caches_on(settings):
        settings.PAGE_CACHE_SECONDS = 0
        yield


def add_briefs(count):
    georgia = Country.objects.get(code="GE")
    now = timezone.now()
    for n in range(count):
        BriefFactory(
            title=f"Energy brief {n}",
            publish_at=now - timedelta(hours=n + 1),
            countries=[georgia],
        )


def cache_round_trips(client, url, monkeypatch):
    """How many calls ``url`` makes to the cache when the content has just changed."""
    ContentGeneration.bump()
    generation.forget()
    backend = caches["default"]
    calls = []
    for name in CACHE_CALLS:
        original = getattr(backend, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(backend, name, counted)
    response = client.get(url)
    monkeypatch.undo()
    assert response.status_code == 200
    return len(calls)


@pytest.mark.parametrize("url", COLD_PAGES)
def test_cache_round_trips_of_a_cold_page_do_not_grow_with_its_briefs(
    kept, client, monkeypatch, url
):
    """After a change every kept card is stale at once: a page asks the cache a fixed
    number of times, whether it shows one brief or twenty."""
    add_briefs(1)
    with_one = cache_round_trips(client, url, monkeypatch)
    add_briefs(19)
    assert cache_round_trips(client, url, monkeypatch) == with_one


@pytest.mark.parametrize("url", [*COLD_PAGES, "/search/?country=georgia"])
def test_cards_are_read_as_values_not_as_briefs(client, monkeypatch, url):
    """A page of cards builds no brief object: its cards are three queries of plain
    values, however many briefs the page shows."""
    add_briefs(3)
    built = []
    from_db = Brief.from_db.__func__
    monkeypatch.setattr(
        Brief, "from_db", classmethod(lambda *args: built.append(1) or from_db(*args))
    )
    response = client.get(url)
    assert response.status_code == 200
    assert built == []
