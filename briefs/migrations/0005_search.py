"""Full-text search: a weighted tsvector column with a GIN index, and pg_trgm for typos.

The column exists on every database (SQLite stores it untyped and leaves it empty); the
extension and the indexes exist only on PostgreSQL, where search uses them.
"""

import django.contrib.postgres.search
from django.db import migrations

# fastupdate=off: a brief is saved a few times a day but searched all the time; without a
# pending list, every search reads a compact index instead of scanning recent changes.
POSTGRESQL_INDEXES = [
    (
        "brief_search_vector_gin",
        "briefs_brief USING gin (search_vector) WITH (fastupdate = off)",
    ),
    (
        "brief_title_trgm",
        "briefs_brief USING gin (title gin_trgm_ops) WITH (fastupdate = off)",
    ),
    (
        "country_name_trgm",
        "countries_country USING gin (name gin_trgm_ops) WITH (fastupdate = off)",
    ),
]


def create_trigram_extension(apps, schema_editor):
    """pg_trgm on PostgreSQL only (Django's TrigramExtension cannot be reversed on SQLite)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


def drop_trigram_extension(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP EXTENSION IF EXISTS pg_trgm")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, target in POSTGRESQL_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _target in POSTGRESQL_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def index_existing_briefs(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from briefs.search import index as search_index

    search_index.update_vectors(apps.get_model("briefs", "Brief").objects.all(), apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0004_images"),
        ("countries", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_trigram_extension, drop_trigram_extension),
        migrations.AddField(
            model_name="brief",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.RunPython(index_existing_briefs, migrations.RunPython.noop),
    ]
