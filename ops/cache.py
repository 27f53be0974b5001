"""The shared Redis cache, made so that Redis trouble costs a request one short timeout at most.

Several app servers share one Redis, through django-redis (``redis_cache``). django-redis
itself turns a failed call into a miss (reads) or nothing (writes) (``IGNORE_EXCEPTIONS``),
after at most ``REDIS_TIMEOUT_SECONDS`` (its socket timeouts). That alone would still make
a Redis that accepts connections and never answers cost every cache call a timeout, so a
page making ten calls would wait ten of them (measured in docs/caching.md).

So the Redis client django-redis is given (``CircuitBreakingRedis``) adds a circuit
breaker: after a call fails, the circuit opens, and for the next ``CACHE_RETRY_SECONDS``
every call in this process fails at once without touching Redis (and so, through
django-redis, is a miss), so the site serves from the database, slower but whole, with
no 5xx. Then calls go to Redis again, and keep going while it answers. Nothing
the cache loses can keep a page public: kept values are filed under the public
generation, which the database keeps (``briefs.caching.generation``).
"""

import logging
import threading
import time

import redis
from django.conf import settings
from redis.client import Pipeline
from redis.exceptions import ConnectionError, ResponseError, TimeoutError

logger = logging.getLogger(__name__)

# Redis refused, did not answer in time, or answered with an error (out of memory, a
# read-only replica...): the failures django-redis turns into misses.
UNAVAILABLE = (ConnectionError, TimeoutError, ResponseError)


def redis_cache(location, timeout_seconds, key_prefix=""):
    """The ``CACHES`` entry of the Redis at ``location``: django-redis, each call failing
    after ``timeout_seconds`` at most and then counted as a miss, through the circuit."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "REDIS_CLIENT_CLASS": "ops.cache.CircuitBreakingRedis",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": timeout_seconds,
            "SOCKET_TIMEOUT": timeout_seconds,
        },
    }


class Circuit:
    """Open after a failure, for ``CACHE_RETRY_SECONDS``; shared by a process's threads."""

    def __init__(self):
        self.open_until = 0.0
        self.lock = threading.Lock()

    def is_open(self):
        return time.monotonic() < self.open_until

    def trip(self):
        """Open the circuit; whether it was closed (so the outage is news, worth a log)."""
        with self.lock:
            was_closed = not self.is_open()
            self.open_until = time.monotonic() + settings.CACHE_RETRY_SECONDS
        return was_closed


# One circuit per connection pool, which django-redis keeps one of per Redis address for
# the whole process: every thread's cache object shares it.
_circuits = {}
_circuits_lock = threading.Lock()


def circuit_for(pool):
    with _circuits_lock:
        return _circuits.setdefault(pool, Circuit())


def _through_circuit(pool, call, *args, **kwargs):
    """``call(*args, **kwargs)`` (one round trip to Redis) unless the circuit is open."""
    circuit = circuit_for(pool)
    if circuit.is_open():
        raise ConnectionError("Redis is skipped while its circuit is open")
    try:
        return call(*args, **kwargs)
    except UNAVAILABLE as error:
        if circuit.trip():
            logger.warning(
                "Cache unavailable, skipped for %ss; calls are misses: %s",
                settings.CACHE_RETRY_SECONDS,
                error,
            )
        raise


class CircuitBreakingRedis(redis.Redis):
    """redis-py's client, each command and pipeline going through the circuit."""

    def execute_command(self, *args, **options):
        return _through_circuit(self.connection_pool, super().execute_command, *args, **options)

    def pipeline(self, transaction=True, shard_hint=None):
        return CircuitBreakingPipeline(
            self.connection_pool, self.response_callbacks, transaction, shard_hint
        )


class CircuitBreakingPipeline(Pipeline):
    """A pipeline (django-redis' ``set_many``) sent through the circuit as one round trip."""

    def execute(self, raise_on_error=True):
        return _through_circuit(self.connection_pool, super().execute, raise_on_error)
