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
from the same code as 0008 and 0009 given another ``Dialect``, and both counts are counted
afresh; backward, they are made again as they were.

On SQLite the new check rebuilds the briefs table, which loses its triggers: they are set
aside and put back around it, as in 0024.
"""

from importlib import import_module

from django.db import migrations, models

published_counts = import_module("briefs.migrations.0008_published_counts")
scheduled_counts = import_module("briefs.migrations.0009_scheduled_counts")
facet_terms = import_module("briefs.migrations.0017_facet_terms")
hero_from_library = import_module("briefs.migrations.0023_hero_from_library")

BRIEFS = "briefs_brief"


class WithoutTakeDowns(published_counts.Dialect):
    """0008's dialect counting only published briefs that have no take-down time."""

    brief_columns = (*published_counts.BRIEF_COLUMNS, "take_down_at")

    def counted(self, brief=None):
        prefix = f"{brief}." if brief else ""
        return f"({prefix}status = 'published' AND {prefix}take_down_at IS NULL)"

    def not_counted(self, brief):
        return f"NOT {self.counted(brief)}"


def make_counts(dialect, schema_editor, counted_columns):
    """Make the counts' functions or triggers with ``dialect``'s rule, and count afresh."""
    execute = schema_editor.execute
    published = [(table, event) for table in published_counts.TRIGGERED for event in published_counts.EVENTS]
    scheduled = [
        (table, event)
        for table, events in scheduled_counts.EVENTS.items()
        for event in events
        if (table, event) != (BRIEFS, "UPDATE")  # 0017's narrowed trigger, below
    ]
    if dialect.postgresql:
        execute(published_counts.postgres_recount_function(dialect))
        execute(scheduled_counts.postgres_recount_function(dialect))
        for table, event in published:
            execute(published_counts.postgres_function(dialect, table, event))
        for table, event in scheduled:
            execute(scheduled_counts.postgres_function(dialect, table, event))
    else:
        for module, pairs in ((published_counts, published), (scheduled_counts, scheduled)):
            for table, event in pairs:
                execute(f"DROP TRIGGER {module.name(table, event)}")
                execute(module.sqlite_trigger(dialect, table, event))
    condition = facet_terms.counted_values_changed(dialect, counted_columns)
    for statement in facet_terms.recount_scheduled_when(condition, dialect):
        execute(statement)
    for statement in [*published_counts.recount(dialect), *scheduled_counts.recount(dialect)]:
        execute(statement)


def count_without_take_downs(apps, schema_editor):
    dialect = WithoutTakeDowns(schema_editor.connection.vendor)
    make_counts(dialect, schema_editor, (*facet_terms.COUNTED, "take_down_at"))


def count_as_before(apps, schema_editor):
    dialect = published_counts.Dialect(schema_editor.connection.vendor)
    make_counts(dialect, schema_editor, facet_terms.COUNTED)


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0024_drop_hero_fields"),
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
