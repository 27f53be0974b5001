"""An unpublish saved while Redis is cut or hung is seen on every surface of every app server
once Redis is back, within GENERATION_CHECK_SECONDS + CACHE_RETRY_SECONDS + 1 s."""

import time
from urllib.parse import urlsplit

import pytest

from briefs.models import Brief
from loadtest.client import AdminSession, fetch
from loadtest.relay import TcpRelay
from loadtest.server import app_server
from loadtest.surfaces import fetch_all, kept_in, showing, surfaces_of
from tests.app_servers import (
    free_port,
    redis_url_through,
    server_env,
    servers_cache,
    signed_in_session,
    wait_for,
)
from tests.factories import BriefFactory, CountryFactory, UserFactory
from tests.services import require_postgresql

# Transactional: the app servers read what the test commits.
pytestmark = pytest.mark.django_db(transaction=True)

GENERATION_CHECK_SECONDS, CACHE_RETRY_SECONDS = 2, 5
BOUND = GENERATION_CHECK_SECONDS + CACHE_RETRY_SECONDS + 1
# How Redis goes away and comes back.
OUTAGES = {
    "refused": (TcpRelay.stop, TcpRelay.start),
    "hung": (TcpRelay.hang, TcpRelay.resume),
}


@pytest.fixture
def redis_relay():
    """The real Redis behind a relay that the test can cut, hang and restore."""
    redis_url = require_postgresql(redis_too=True)
    target = urlsplit(redis_url)
    relay_port = free_port()
    relay = TcpRelay(relay_port, (target.hostname, target.port or 6379))
    relay.start()
    yield relay, redis_url_through(redis_url, relay_port)
    relay.stop()


@pytest.fixture
def two_servers(tmp_path_factory, redis_relay, tmp_path):
    """Two app servers whose cache is the relayed Redis; (server A, server B, their cache)."""
    relay, relayed_url = redis_relay
    env = server_env(
        tmp_path_factory,
        relayed_url,
        "outage",
        GENERATION_CHECK_SECONDS=str(GENERATION_CHECK_SECONDS),
        CACHE_RETRY_SECONDS=str(CACHE_RETRY_SECONDS),
    )
    log = tmp_path / "servers.log"
    with (
        app_server(free_port(), env, log) as server_a,
        app_server(free_port(), env, log) as server_b,
    ):
        yield server_a, server_b, servers_cache(relayed_url, "outage")


def is_ready(server):
    """/readyz answers 200 when this server uses its cache again (its circuit is closed)."""
    return fetch(server, "/readyz").status == 200


@pytest.mark.parametrize("outage", OUTAGES)
def test_an_unpublish_during_a_redis_outage_shows_everywhere_once_redis_is_back(
    two_servers, redis_relay, outage
):
    """Readers were served the brief from Redis; it is unpublished while Redis is away;
    when Redis is back, no surface of either server shows it, within the bound."""
    server_a, server_b, shared_cache = two_servers
    relay, _ = redis_relay
    cut, restore = OUTAGES[outage]
    brief = BriefFactory(
        title="Caspian ferry tariffs", countries=[CountryFactory(code="XQ", slug="qland")]
    )
    editor = UserFactory(username="outage-editor", is_superuser=True)
    surfaces, path = surfaces_of(brief), brief.get_absolute_url()
    for _ in range(2):  # the second round is served from the page cache in Redis
        assert len(showing([server_a, server_b], surfaces, path)) == 2 * len(surfaces)
    assert kept_in(shared_cache, server_a, path) and kept_in(shared_cache, server_b, path)

    cut(relay)
    saved = AdminSession(server_a, signed_in_session(editor)).change_brief(brief.pk, status="draft")
    assert saved.status == 302, saved.text[:2000]
    assert not Brief.objects.published().filter(pk=brief.pk).exists()
    during = fetch_all(
        [(server, surface, None) for server in (server_b, server_a) for surface in surfaces]
    )
    assert all(answer.status < 500 for answer in during)

    restore(relay)
    back = time.monotonic()
    assert wait_for(lambda: not showing([server_a, server_b], surfaces, path), BOUND)
    assert wait_for(lambda: is_ready(server_a) and is_ready(server_b), BOUND)
    # With Redis in use again on both servers, nothing kept before the outage comes back.
    assert showing([server_a, server_b], surfaces, path, repeat=2) == []
    assert time.monotonic() - back < BOUND
    assert [fetch(server, path).status for server in (server_a, server_b)] == [404, 404]
