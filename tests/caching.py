"""The caches that tests turn on: local memory, the real Redis, and a Redis in trouble."""

import contextlib
import os

import pytest
import redis
from django.core.cache import cache

from loadtest.relay import SilentPort
from ops import cache as resilient
from ops.cache import redis_cache
from tests.conftest import require

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REFUSING_REDIS = "redis://127.0.0.1:8199/0"


def real_redis_url():
    """REDIS_URL; skipped where it is not set, failed under CI if it does not answer."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: the Redis run of these tests needs it")
    try:
        reachable = redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        reachable = False
    require(reachable, f"Redis at {url} does not answer")
    return url


def redis_at(settings, location, key_prefix=""):
    """``CACHES`` on the Redis at ``location``, reached as production reaches it."""
    return {"default": redis_cache(location, settings.REDIS_TIMEOUT_SECONDS, key_prefix)}


@contextlib.contextmanager
def caches_on(settings, kind="locmem"):
    """The page cache and every kept value on, over ``kind``: "locmem", "redis" (the real
    one), "redis-refusing" (a closed port) or "redis-hung" (a port that never answers)."""
    saved_circuits, resilient._circuits = resilient._circuits, {}
    silent = None
    if kind == "redis":
        prefix = os.environ.get("CACHE_KEY_PREFIX", "briefs") + "-page-cache-tests"
        settings.CACHES = redis_at(settings, real_redis_url(), prefix)
    elif kind == "redis-refusing":
        settings.CACHES = redis_at(settings, REFUSING_REDIS)
    elif kind == "redis-hung":
        silent = SilentPort().start()
        settings.CACHES = redis_at(settings, f"redis://127.0.0.1:{silent.port}/0")
    else:
        settings.CACHES = LOCMEM
    settings.PAGE_CACHE_SECONDS = 300
    settings.AGGREGATE_CACHE_SECONDS = 3600
    reachable = kind in ("locmem", "redis")  # the others are left untouched until a test asks
    if reachable:
        cache.clear()
    try:
        yield kind
    finally:
        if reachable:
            cache.clear()
        cache.close()
        resilient._circuits = saved_circuits
        if silent:
            silent.stop()
