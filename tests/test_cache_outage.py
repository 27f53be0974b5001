"""Redis that refuses, hangs or answers errors costs a request one timeout at most, never a 500."""

import logging
import os
import time
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_redis.cache import RedisCache

from loadtest.relay import SilentPort, TcpRelay
from loadtest.server import redis_server
from ops import cache as resilient
from ops.cache import redis_cache
from tests.app_servers import free_port, redis_url_through
from tests.caching import caches_on, real_redis_url, redis_at
from tests.factories import BriefFactory

CLOSED_PORT = "redis://127.0.0.1:8199/0"
TIMEOUT = 0.2


def redis_backend(location):
    """The cache object Django makes (one per thread) from the ``CACHES`` entry production
    uses for the Redis at ``location``."""
    params = redis_cache(location, TIMEOUT)
    return RedisCache(params.pop("LOCATION"), params)


def open_circuits():
    return [circuit for circuit in resilient._circuits.values() if circuit.is_open()]


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
    unreachable = redis_backend(CLOSED_PORT)
    with caplog.at_level(logging.WARNING, logger="ops.cache"):
        unreachable.set("page", "cached html")
        assert unreachable.get("page") is None
        assert unreachable.get("page", "fallback") == "fallback"
        assert unreachable.get_many(["a", "b"]) == {}
        unreachable.set_many({"a": 1, "b": 2})
        assert unreachable.get_or_set("count", lambda: 42) == 42
        assert not unreachable.add("lock", 1)
        assert not unreachable.delete("page")
        unreachable.delete_many(["a", "b"])
    assert len(caplog.records) == 1, "one warning when the circuit opens, not one per call"
    assert "Cache unavailable" in caplog.records[0].getMessage()


def test_a_hung_redis_costs_one_timeout_then_nothing(hung_redis):
    """The first call waits the short timeout; the calls after it skip Redis at once."""
    hung = redis_backend(hung_redis)
    started = time.monotonic()
    assert hung.get("page") is None
    first = time.monotonic() - started
    assert TIMEOUT * 0.8 <= first < TIMEOUT * 5
    started = time.monotonic()
    for number in range(50):
        hung.set(f"page-{number}", "html")
        assert hung.get(f"page-{number}") is None
        hung.set_many({"a": 1, "b": 2})  # a pipeline
        assert hung.get_many(["a", "b"]) == {}
    assert time.monotonic() - started < TIMEOUT


def test_every_thread_shares_the_open_circuit(hung_redis):
    """Django makes a cache object per thread; they skip a hung Redis together."""
    redis_backend(hung_redis).get("page")
    other_thread_cache = redis_backend(hung_redis)
    started = time.monotonic()
    assert other_thread_cache.get("page") is None
    assert time.monotonic() - started < TIMEOUT / 2


def test_redis_is_tried_again_after_the_retry_time(hung_redis, settings, monkeypatch):
    settings.CACHE_RETRY_SECONDS = 5
    hung = redis_backend(hung_redis)
    hung.get("page")
    assert open_circuits()
    later = time.monotonic() + 5.1
    monkeypatch.setattr(resilient.time, "monotonic", lambda: later)
    assert not open_circuits()
    started = time.perf_counter()
    hung.get("page")  # half open: this one call tries Redis again, and waits
    assert time.perf_counter() - started >= TIMEOUT * 0.8
    assert open_circuits()


@pytest.fixture
def full_redis(tmp_path):
    """A Redis of its own that is out of memory: it answers every write with an error."""
    port = free_port()
    server = redis_server(
        port, tmp_path, "--maxmemory", "100kb", "--maxmemory-policy", "noeviction"
    )
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


@pytest.mark.django_db
def test_a_redis_answering_errors_is_skipped_like_a_hung_one(full_redis, settings, client, caplog):
    """Redis refusing writes (out of memory, a read-only replica) costs no page a 500."""
    settings.CACHES = redis_at(settings, full_redis)
    settings.PAGE_CACHE_SECONDS = 300
    BriefFactory(slug="full")
    with caplog.at_level(logging.WARNING, logger="ops.cache"):
        for url in ["/", "/briefs/", "/briefs/full/", "/briefs/full/"]:
            assert client.get(url).status_code == 200
    assert [record.getMessage() for record in caplog.records if "maxmemory" in record.getMessage()]
    assert open_circuits()


@pytest.fixture
def flapping_redis():
    """The real Redis behind a relay the test makes hang, refuse and answer by turns."""
    url = real_redis_url()
    target = urlsplit(url)
    relay = TcpRelay(free_port(), (target.hostname, target.port or 6379))
    relay.start()
    yield relay, redis_url_through(url, relay.port)
    relay.stop()


FLAPS = [TcpRelay.hang, TcpRelay.resume, TcpRelay.stop, TcpRelay.start] * 2


@pytest.mark.django_db
def test_a_flapping_redis_costs_a_page_one_timeout_at_most(
    flapping_redis, settings, client, django_assert_num_queries
):
    """Redis hanging, answering and refusing by turns: every page answers 200 at once or
    after one timeout, and once Redis is steady again pages come from the cache."""
    relay, url = flapping_redis
    settings.CACHE_RETRY_SECONDS = 0.5
    settings.CACHES = redis_at(settings, url, os.environ.get("CACHE_KEY_PREFIX", "") + "-flapping")
    settings.PAGE_CACHE_SECONDS = 300
    BriefFactory(slug="flapping")
    pages = ["/", "/briefs/", "/briefs/flapping/"]
    for flap in FLAPS:
        flap(relay)
        until = time.monotonic() + 2 * settings.CACHE_RETRY_SECONDS
        while time.monotonic() < until:
            for page in pages:
                started = time.monotonic()
                assert client.get(page).status_code == 200
                assert time.monotonic() - started < TIMEOUT * 2 + 1.0, flap.__name__
    time.sleep(settings.CACHE_RETRY_SECONDS)
    client.get("/briefs/flapping/")
    with django_assert_num_queries(0):
        assert client.get("/briefs/flapping/").status_code == 200


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
    assert not open_circuits()
