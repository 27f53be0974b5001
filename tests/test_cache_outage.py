"""A Redis outage is a cache miss, never a 500: the site serves from the database."""

import logging

import pytest

from ops.cache import ResilientRedisCache

CLOSED_PORT = "redis://127.0.0.1:8199/0"


@pytest.fixture
def unreachable_cache():
    return ResilientRedisCache(
        CLOSED_PORT, {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}
    )


def test_reads_miss_and_writes_are_dropped(unreachable_cache, caplog):
    with caplog.at_level(logging.WARNING, logger="ops.cache"):
        unreachable_cache.set("page", "cached html")
        assert unreachable_cache.get("page") is None
        assert unreachable_cache.get("page", "fallback") == "fallback"
        assert unreachable_cache.get_many(["a", "b"]) == {}
        assert unreachable_cache.get_or_set("count", lambda: 42) == 42
        assert unreachable_cache.add("lock", 1) is False
        assert unreachable_cache.delete("page") is False
        unreachable_cache.delete_many(["a", "b"])
    assert caplog.records
    assert all("Cache unavailable" in record.getMessage() for record in caplog.records)


def test_counters_report_a_missing_key(unreachable_cache):
    with pytest.raises(ValueError):
        unreachable_cache.incr("hits")
