"""Gunicorn app servers on the test database, for tests that run the site as production does.

The servers read what the test commits, so tests using them are transactional; an editor's
session is made in the shared database and used over HTTP (``loadtest.client.AdminSession``).
"""

import os
import socket
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test import Client

from loadtest.server import collect_static, database_url
from tests.processes import production_env


def server_env(tmp_path_factory, redis_url, name, **overrides):
    """Production settings on the test database and ``redis_url``, with the test's secret
    key (which signs the sessions the test makes) and a cache key prefix of their own."""
    return production_env(
        SECRET_KEY=settings.SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=cache_key_prefix(name),
        STATIC_ROOT=str(collected_static(tmp_path_factory)),
        **overrides,
    )


def collected_static(tmp_path_factory):
    """Static files collected for production's manifest storage, once per test run."""
    root = tmp_path_factory.getbasetemp() / "app-server-static"
    if not root.is_dir():
        collecting = tmp_path_factory.mktemp("collecting-static")
        collect_static(production_env(), collecting)
        collecting.rename(root)
    return root


def cache_key_prefix(name):
    return f"{os.environ.get('CACHE_KEY_PREFIX', 'briefs')}-{name}-{os.getpid()}"


def servers_cache(redis_url, name):
    """The cache the servers started with ``server_env(..., name)`` share, seen from here."""
    return RedisCache(redis_url, {"KEY_PREFIX": cache_key_prefix(name)})


def redis_url_through(redis_url, port):
    """``redis_url`` with its host and port replaced by a loopback relay's."""
    parts = urlsplit(redis_url)
    credentials, _, _ = parts.netloc.rpartition("@")
    address = f"127.0.0.1:{port}"
    return parts._replace(netloc=f"{credentials}@{address}" if credentials else address).geturl()


def free_port():
    """A loopback port nothing listens on now, so that test runs side by side (other
    checkouts' suites, the load test) do not start their servers on each other's ports."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def signed_in_session(user):
    """A session cookie for ``user``, stored in the shared database like any login."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def wait_for(check, seconds=15):
    """Whether ``check()`` came true within ``seconds``, asking every quarter second."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return False
