"""Each language's briefs counted apart, besides all of them: the per-language lists, facets
and term pages read their numbers off the kept counts, as the all-languages ones do.

The kept counts (``briefs_publishedcount`` of 0008, ``briefs_scheduledcount`` of 0009, with
0017's narrowing and 0028's rule) count each brief a second time under its facet's name and
its language: ``country@ru`` beside ``country``. Their functions (PostgreSQL) or triggers
(SQLite) are made again from the same code as 0008 and 0009, given 0028's ``Dialect`` with
the language as a split column; a brief whose language changes (any path: ``update()``,
``loaddata``, plain SQL) moves from one language's counts to the other's. The facet column
grows to hold the longer names (on SQLite that rebuilds the counts' tables, which the
triggers write: they are set aside and put back around it, as in 0024). Backward, the counts are made again as 0028 left them.

The per-language archive reads the newest public briefs of one language: an index on
(language, status, publish_at, id) keeps that a walk of an index at any size, as
``brief_public_order`` does for all languages.
"""

from importlib import import_module

from django.db import migrations, models

content_types = import_module("briefs.migrations.0027_content_types")
take_down_at = import_module("briefs.migrations.0028_take_down_at")
hero_from_library = import_module("briefs.migrations.0023_hero_from_library")


class PerLanguage(take_down_at.TypedWithoutTakeDowns):
    """0028's dialect, counting each language's briefs apart too."""

    split_columns = ("language",)


def count_per_language(apps, schema_editor):
    content_types.make_counts(PerLanguage(schema_editor.connection.vendor), schema_editor)


def count_as_before(apps, schema_editor):
    dialect = take_down_at.TypedWithoutTakeDowns(schema_editor.connection.vendor)
    content_types.make_counts(dialect, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0030_brief_text_changed_at"),
    ]

    operations = [
        migrations.RunPython(
            hero_from_library.set_triggers_aside, hero_from_library.put_triggers_back
        ),
        migrations.AlterField(
            model_name="publishedcount",
            name="facet",
            field=models.CharField(max_length=30),
        ),
        migrations.AlterField(
            model_name="scheduledcount",
            name="facet",
            field=models.CharField(max_length=30),
        ),
        migrations.RunPython(
            hero_from_library.put_triggers_back, hero_from_library.set_triggers_aside
        ),
        migrations.AddIndex(
            model_name="brief",
            index=models.Index(
                fields=["language", "status", "publish_at", "id"], name="brief_language_order"
            ),
        ),
        migrations.RunPython(count_per_language, count_as_before),
    ]
