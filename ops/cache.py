"""Django's Redis cache, made so that Redis trouble costs a request one short timeout at most.

Several app servers share one Redis. When it refuses, hangs or answers too slowly, a call
fails after ``REDIS_TIMEOUT_SECONDS`` and the circuit opens: for the next
``CACHE_RETRY_SECONDS`` every cache call in this process returns at once as a miss (reads)
or does nothing (writes), so the site serves from the database, slower but whole, with no
5xx. Then one call tries Redis again; the circuit closes when it answers. Nothing the
cache loses can keep a page public: kept values are filed under the public generation,
which the database keeps (``briefs.caching.generation``).
"""

import functools
import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (ConnectionError, TimeoutError)


class Circuit:
    """Open after a failure, for ``CACHE_RETRY_SECONDS``; shared by a process's threads."""

    def __init__(self):
        self.open_until = 0.0
        self.lock = threading.Lock()

    def is_open(self):
        return time.monotonic() < self.open_until

    def trip(self):
        with self.lock:
            was_closed = not self.is_open()
            self.open_until = time.monotonic() + settings.CACHE_RETRY_SECONDS
        return was_closed


# One circuit per Redis address: Django makes a cache object per thread.
_circuits = {}
_circuits_lock = threading.Lock()


def circuit_for(location):
    with _circuits_lock:
        return _circuits.setdefault(location, Circuit())


def _degrades_to(fallback):
    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self.circuit.is_open():
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as error:
                if self.circuit.trip():
                    logger.warning(
                        "Cache unavailable, skipped for %ss; %s() treated as a miss: %s",
                        settings.CACHE_RETRY_SECONDS,
                        method.__name__,
                        error,
                    )
                return fallback(*args, **kwargs)

        return wrapper

    return decorator


def _default(key, default=None, *args, **kwargs):
    return default


def _missing(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found (the cache is unavailable).")


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**self.timeouts(), **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self.circuit = circuit_for(str(server))

    @staticmethod
    def timeouts():
        seconds = settings.REDIS_TIMEOUT_SECONDS
        return {"socket_connect_timeout": seconds, "socket_timeout": seconds}

    get = _degrades_to(_default)(RedisCache.get)
    get_many = _degrades_to(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _degrades_to(lambda *args, **kwargs: False)(RedisCache.has_key)
    set = _degrades_to(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = _degrades_to(lambda keys, *args, **kwargs: list(keys))(RedisCache.set_many)
    add = _degrades_to(lambda *args, **kwargs: False)(RedisCache.add)
    touch = _degrades_to(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _degrades_to(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _degrades_to(lambda *args, **kwargs: None)(RedisCache.delete_many)
    incr = _degrades_to(_missing)(RedisCache.incr)
    clear = _degrades_to(lambda *args, **kwargs: False)(RedisCache.clear)
