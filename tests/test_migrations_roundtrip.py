"""Every migration runs back to zero and forward again, reference data included."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_tasks_db.models import DBTaskResult

from countries.models import Country

# django-tasks-db ships data migrations that cannot run backwards; its one table stays.
IRREVERSIBLE = {DBTaskResult._meta.app_label}


@pytest.mark.django_db(transaction=True)
def test_migrate_to_zero_and_forward_again():
    apps_with_migrations = sorted(MigrationLoader(connection).migrated_apps - IRREVERSIBLE)
    for app_label in apps_with_migrations:
        call_command("migrate", app_label, "zero", verbosity=0)
    assert connection.introspection.table_names() == sorted(
        ["django_migrations", DBTaskResult._meta.db_table]
    )

    call_command("migrate", verbosity=0)
    ContentType.objects.clear_cache()
    assert Country.objects.filter(code="AZ", region__slug="south-caucasus").exists()
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Contributors"}
