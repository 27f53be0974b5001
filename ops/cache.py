"""Django's Redis cache, made to treat an unreachable Redis as a cache miss.

Several app servers share one Redis so they see the same invalidations. When Redis is
down the site keeps serving from the database, slower but whole: reads miss, writes are
dropped, and each failure is logged as a warning instead of becoming a 500.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (ConnectionError, TimeoutError)


def _degrades_to(fallback):
    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as error:
                logger.warning(
                    "Cache unavailable, %s() treated as a miss: %s", method.__name__, error
                )
                return fallback(*args, **kwargs)

        return wrapper

    return decorator


def _default(key, default=None, *args, **kwargs):
    return default


def _missing(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found (the cache is unavailable).")


class ResilientRedisCache(RedisCache):
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
