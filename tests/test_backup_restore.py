"""A backup restores into an empty database with every brief, revision, theme and country,
and a restore into the running database retires every kept page."""

from datetime import timedelta

import psycopg
import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from reversion.models import Revision, Version

from briefs.models import Brief, Theme, ThemedBrief
from countries.models import Country
from loadtest.client import fetch
from loadtest.server import app_server, database_url
from ops.backup import backup
from tests.app_servers import free_port, server_env, wait_for
from tests.factories import BriefFactory, CountryFactory
from tests.processes import manage, production_env
from tests.services import require_postgresql

# pg_dump runs in its own process and sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

TABLES = {
    "briefs_brief": Brief,
    "briefs_theme": Theme,
    "briefs_themedbrief": ThemedBrief,
    "countries_country": Country,
    "reversion_revision": Revision,
    "reversion_version": Version,
}


@pytest.fixture
def empty_database():
    require_postgresql()
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield {**connection.settings_dict, "NAME": name}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def record_revision(brief):
    # Earlier transactional tests flush the database and content types come back with new
    # ids; the per-process cache would still hold the old ones.
    ContentType.objects.clear_cache()
    revision = Revision.objects.create(comment="Published", date_created=timezone.now())
    Version.objects.create(
        revision=revision,
        object_id=str(brief.pk),
        content_type=ContentType.objects.get_for_model(Brief),
        db="default",
        format="json",
        serialized_data="[]",
        object_repr=str(brief),
    )


def test_backup_restores_into_an_empty_database(empty_database, tmp_path):
    country = CountryFactory(name="Testland", slug="testland", code="XT")
    for number in range(3):
        brief = BriefFactory(countries=[country], themes=["energy security", f"theme {number}"])
        record_revision(brief)
    BriefFactory(draft=True, countries=[country])
    (settings.MEDIA_ROOT / "authors").mkdir(parents=True)
    (settings.MEDIA_ROOT / "authors" / "portrait.jpg").write_bytes(b"\xff\xd8 portrait")
    expected = {table: model.objects.count() for table, model in TABLES.items()}

    call_command("backup", str(tmp_path / "backup"))
    restored_media = tmp_path / "restored-media"
    result = manage(
        "restore",
        str(tmp_path / "backup"),
        "--no-input",
        env=production_env(
            DATABASE_URL=database_url(empty_database), MEDIA_ROOT=str(restored_media)
        ),
    )
    assert result.returncode == 0, result.stderr

    with psycopg.connect(database_url(empty_database)) as restored:
        found = {
            table: restored.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in TABLES
        }
        slugs = {row[0] for row in restored.execute("SELECT slug FROM briefs_brief")}
    assert found == expected
    assert expected["briefs_brief"] == 4 and expected["reversion_version"] == 3
    assert slugs == set(Brief.objects.values_list("slug", flat=True))
    assert (restored_media / "authors" / "portrait.jpg").read_bytes() == b"\xff\xd8 portrait"


def test_backup_refuses_sqlite(tmp_path):
    with pytest.raises(CommandError, match="need PostgreSQL"):
        backup(tmp_path, {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}, tmp_path)


@pytest.fixture
def page_cache_here(settings):
    """This process keeps pages in local memory, and trusts its reading of the public
    generation for a minute: only what the restore itself does can retire them."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PAGE_CACHE_SECONDS = 300
    settings.GENERATION_CHECK_SECONDS = 60


def test_restore_retires_every_kept_page(page_cache_here, client, tmp_path, tmp_path_factory):
    """A brief the restore takes back to draft is gone at once from this process's pages, and
    within GENERATION_CHECK_SECONDS from an app server's, even from a page the server filed
    under the backup's generation in the moment before it noticed the publish."""
    redis_url = require_postgresql(redis_too=True)
    brief = BriefFactory(draft=True, countries=[CountryFactory(code="XR")])
    path = brief.get_absolute_url()
    call_command("backup", str(tmp_path / "backup"))
    env = server_env(tmp_path_factory, redis_url, "restore", GENERATION_CHECK_SECONDS="3")
    with app_server(free_port(), env, tmp_path / "server.log") as server:
        assert fetch(server, path).status == 404  # the server reads the backup's generation
        brief.status, brief.publish_at = Brief.Status.PUBLISHED, timezone.now() - timedelta(1)
        brief.save()
        assert fetch(server, path).status == 200  # filed under the generation it read before
        assert client.get(path).status_code == 200  # kept here under the new generation

        call_command("restore", str(tmp_path / "backup"), "--no-input")
        assert not Brief.objects.published().filter(pk=brief.pk).exists()
        assert client.get(path).status_code == 404
        assert wait_for(lambda: fetch(server, path).status == 404, seconds=3 + 1)
