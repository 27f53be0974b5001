"""Two app servers on one PostgreSQL and one Redis; a database outage and its recovery."""

import json
import time

import pytest
from django.conf import settings
from django.db import connection

from briefs.models import Brief
from loadtest.client import AdminSession, fetch
from loadtest.relay import TcpRelay
from loadtest.server import app_server, database_url
from tests import app_servers
from tests.app_servers import signed_in_session, wait_for
from tests.factories import BriefFactory, CountryFactory, UserFactory
from tests.services import require_postgresql

# Transactional: the app servers read what the test commits. Flushed tables lose the
# reference data, so each test makes its own country and account.
pytestmark = pytest.mark.django_db(transaction=True)

PORT_A, PORT_B, PORT_DOWN, PORT_PROXY = 8191, 8192, 8193, 8194


@pytest.fixture
def server_env(tmp_path_factory):
    """Production settings sharing the test database, the test's secret key and Redis."""
    return app_servers.server_env(tmp_path_factory, require_postgresql(redis_too=True), "scale-out")


def test_a_publish_through_one_server_is_seen_through_the_other_within_the_bound(
    server_env, tmp_path
):
    """Each server reads the public generation from the database at least every
    GENERATION_CHECK_SECONDS, so pages it keeps show a publish made elsewhere by then."""
    brief = BriefFactory(
        draft=True, title="Ferry routes across the Caspian", countries=[CountryFactory(code="XQ")]
    )
    editor = UserFactory(username="chief-editor", is_superuser=True)
    path = brief.get_absolute_url()
    log = tmp_path / "servers.log"
    with (
        app_server(PORT_A, server_env, log) as server_a,
        app_server(PORT_B, server_env, log) as server_b,
    ):
        for server in (server_a, server_b):
            assert fetch(server, path).status == 404
            assert brief.title not in fetch(server, "/briefs/").text

        saved = AdminSession(server_a, signed_in_session(editor)).change_brief(
            brief.pk, status="published"
        )
        assert saved.status == 302, saved.text[:2000]
        assert Brief.objects.published().filter(pk=brief.pk).exists()

        published_at = time.monotonic()
        for server in (server_b, server_a):
            page = fetch(server, path)
            assert page.status == 200
            assert "Ferry routes across the Caspian" in page.text
            assert wait_for(lambda server=server: brief.title in fetch(server, "/briefs/").text)
        assert time.monotonic() - published_at < settings.GENERATION_CHECK_SECONDS + 1
        assert json.loads(fetch(server_b, "/readyz").body) == {"database": "ok", "cache": "ok"}


def test_database_outage_is_a_503_and_the_site_recovers_by_itself(server_env, tmp_path):
    """Pages not in the cache answer a plain 503 while the database is away; no restart needed."""
    brief = BriefFactory(title="Grain corridors", countries=[CountryFactory(code="XQ")])
    database = connection.settings_dict
    relay = TcpRelay(PORT_PROXY, (database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)))
    relay.start()
    env = {
        **server_env,
        "DATABASE_URL": database_url({**database, "HOST": "127.0.0.1", "PORT": PORT_PROXY}),
    }
    with app_server(PORT_DOWN, env, tmp_path / "server.log") as server:
        assert fetch(server, brief.get_absolute_url()).status == 200

        relay.stop()
        # A page readers just saw is still served from the shared page cache...
        assert fetch(server, brief.get_absolute_url()).status == 200
        # ...any other answers the plain 503 page.
        page = fetch(server, "/countries/")
        assert page.status == 503
        assert "Temporarily unavailable" in page.text
        assert "Traceback" not in page.text
        ready = fetch(server, "/readyz")
        assert ready.status == 503
        assert json.loads(ready.body)["database"] == "unavailable"
        assert fetch(server, "/healthz").status == 200

        relay.start()
        assert wait_for(lambda: fetch(server, "/countries/").status == 200)
        assert fetch(server, "/readyz").status == 200
    relay.stop()
