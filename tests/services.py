"""The real PostgreSQL and Redis that scale-out, fault and backup tests need."""

import os

import pytest
import redis
from django.db import connection

from tests.conftest import require


def _redis_answers(url):
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def require_postgresql(redis_too=False):
    """Skip on the SQLite pass of the suite; under CI=true a missing Redis fails the run."""
    if connection.vendor != "postgresql":
        pytest.skip("runs on the PostgreSQL pass of the suite")
    if redis_too:
        url = os.environ.get("REDIS_URL", "")
        require(url and _redis_answers(url), "Redis is not answering at REDIS_URL")
        return url
    return None
