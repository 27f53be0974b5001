"""A backup restores into an empty database with every brief, revision, theme and country."""

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
from loadtest.server import database_url
from ops.backup import backup
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
