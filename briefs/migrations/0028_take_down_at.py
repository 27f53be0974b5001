"""A brief may come down by itself: ``Brief.take_down_at`` (an embargo's end).

``published()`` leaves out a brief whose take-down time has passed, at query time, as it
leaves out a scheduled one; the public generation moves by itself at that moment
(``briefs.content.public_generation``). The database refuses a take-down time that is not
after the publish time (check ``take_down_after_publish``).

The kept counts (``briefs_publishedcount`` of 0008, ``briefs_scheduledcount`` of 0009 with
0017's narrowing) count from now on only published briefs *without* a take-down time: a
reader counts the few with one that are public at its own moment
(``briefs.listings.public_counts``), so the counts drop when a brief comes down, with no
write. Their functions (PostgreSQL) or triggers (SQLite) are made again here with that rule,
from the same code as 0008 and 0009 given another ``Dialect`` (0027's, which counts the
content type off a brief's row, plus the rule), and both counts are counted afresh;
backward, they are made again as 0027 left them.

On SQLite the new check rebuilds the briefs table, which loses its triggers: they are set
aside and put back around it, as in 0024.
"""

from importlib import import_module

from django.db import migrations, models

content_types = import_module("briefs.migrations.0027_content_types")
hero_from_library = import_module("briefs.migrations.0023_hero_from_library")


class TypedWithoutTakeDowns(content_types.Typed):
    """0027's dialect (the content type counted off a brief's row) counting only published
    briefs that have no take-down time."""

    rule_columns = ("take_down_at",)

    def counted(self, brief=None):
        prefix = f"{brief}." if brief else ""
        return f"({prefix}status = 'published' AND {prefix}take_down_at IS NULL)"

    def not_counted(self, brief):
        return f"NOT {self.counted(brief)}"


def count_without_take_downs(apps, schema_editor):
    dialect = TypedWithoutTakeDowns(schema_editor.connection.vendor)
    content_types.make_counts(dialect, schema_editor)


def count_as_before(apps, schema_editor):
    dialect = content_types.Typed(schema_editor.connection.vendor)
    content_types.make_counts(dialect, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0027_content_types"),
    ]

    operations = [
        migrations.AddField(
            model_name="brief",
            name="take_down_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Optional: when the brief leaves every public page by itself (an "
                "embargo ends, a statement expires). Must be after the publish time; empty "
                "keeps it up.",
                null=True,
                verbose_name="take down at",
            ),
        ),
        migrations.AddIndex(
            model_name="brief",
            index=models.Index(
                condition=models.Q(take_down_at__isnull=False),
                fields=["take_down_at"],
                name="brief_take_down",
            ),
        ),
        migrations.RunPython(hero_from_library.set_triggers_aside, hero_from_library.put_triggers_back),
        migrations.AddConstraint(
            model_name="brief",
            constraint=models.CheckConstraint(
                condition=models.Q(take_down_at__isnull=True)
                | models.Q(publish_at__isnull=True)
                | models.Q(take_down_at__gt=models.F("publish_at")),
                name="take_down_after_publish",
                violation_error_message="The take-down time must be after the publish time.",
            ),
        ),
        migrations.RunPython(hero_from_library.put_triggers_back, hero_from_library.set_triggers_aside),
        migrations.RunPython(count_without_take_downs, count_as_before),
    ]
