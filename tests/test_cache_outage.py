"""Redis that refuses or hangs costs a request one short timeout at most, never a 500."""

import logging
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loadtest.relay import SilentPort
from ops import cache as resilient
from ops.cache import ResilientRedisCache
from tests.caching import caches_on
from tests.factories import BriefFactory

CLOSED_PORT = "redis://127.0.0.1:8199/0"
TIMEOUT = 0.2


@pytest.fixture(autouse=True)
def fresh_circuits(settings, monkeypatch):
    """Each test starts with every circuit closed and a short timeout."""
    settings.REDIS_TIMEOUT_SECONDS = TIMEOUT
    monkeypatch.setattr(resilient, "_circuits", {})


@pytest.fixture
def hung_redis():
    """A Redis address that accepts connections and never answers."""
    port = SilentPort().start()
    yield f"redis://127.0.0.1:{port.port}/0"
    port.stop()


def test_reads_miss_and_writes_are_dropped(caplog):
    unreachable = ResilientRedisCache(CLOSED_PORT, {})
    with caplog.at_level(logging.WARNING, logger="ops.cache"):
        unreachable.set("page", "cached html")
        assert unreachable.get("page") is None
        assert unreachable.get("page", "fallback") == "fallback"
        assert unreachable.get_many(["a", "b"]) == {}
        assert unreachable.get_or_set("count", lambda: 42) == 42
        assert unreachable.add("lock", 1) is False
        assert unreachable.delete("page") is False
        unreachable.delete_many(["a", "b"])
    assert len(caplog.records) == 1, "one warning when the circuit opens, not one per call"
    assert "Cache unavailable" in caplog.records[0].getMessage()


def test_counters_report_a_missing_key():
    with pytest.raises(ValueError):
        ResilientRedisCache(CLOSED_PORT, {}).incr("hits")


def test_a_hung_redis_costs_one_timeout_then_nothing(hung_redis):
    """The first call waits the short timeout; the calls after it skip Redis at once."""
    hung = ResilientRedisCache(hung_redis, {})
    started = time.monotonic()
    assert hung.get("page") is None
    first = time.monotonic() - started
    assert TIMEOUT * 0.8 <= first < TIMEOUT * 5
    started = time.monotonic()
    for number in range(50):
        hung.set(f"page-{number}", "html")
        assert hung.get(f"page-{number}") is None
    assert time.monotonic() - started < TIMEOUT


def test_every_thread_shares_the_open_circuit(hung_redis):
    """Django makes a cache object per thread; they skip a hung Redis together."""
    ResilientRedisCache(hung_redis, {}).get("page")
    other_thread_cache = ResilientRedisCache(hung_redis, {})
    started = time.monotonic()
    assert other_thread_cache.get("page") is None
    assert time.monotonic() - started < TIMEOUT / 2


def test_redis_is_tried_again_after_the_retry_time(hung_redis, settings, monkeypatch):
    settings.CACHE_RETRY_SECONDS = 5
    hung = ResilientRedisCache(hung_redis, {})
    hung.get("page")
    assert hung.circuit.is_open()
    later = time.monotonic() + 5.1
    monkeypatch.setattr(resilient.time, "monotonic", lambda: later)
    assert not hung.circuit.is_open()
    started = time.perf_counter()
    hung.get("page")  # half open: this one call tries Redis again, and waits
    assert time.perf_counter() - started >= TIMEOUT * 0.8
    assert hung.circuit.is_open()


@pytest.fixture
def hung_page_cache(settings):
    """The page cache on, over a Redis that accepts connections and never answers."""
    with caches_on(settings, "redis-hung"):
        yield


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/briefs/", "/briefs/hung/", "/feed/", "/search/?q=grain"])
def test_pages_with_a_hung_redis_wait_one_timeout_at_most(hung_page_cache, client, url):
    """Every page answers 200 from the database; the first waits one timeout, not dozens."""
    BriefFactory(slug="hung", title="Grain through the Caspian")
    for attempt in range(3):
        started = time.monotonic()
        response = client.get(url)
        assert response.status_code == 200
        assert time.monotonic() - started < TIMEOUT * 2 + 1.0, f"attempt {attempt}"


@pytest.mark.django_db
def test_health_probe_touches_neither_cache_nor_database(hung_page_cache, client):
    with CaptureQueriesContext(connection) as queries:
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert len(queries) == 0
    assert elapsed < TIMEOUT / 2
    assert not resilient._circuits or not any(c.is_open() for c in resilient._circuits.values())
