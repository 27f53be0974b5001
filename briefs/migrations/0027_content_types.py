"""Content types: every brief has one (brief, commentary, report, or one an administrator
adds), counted per type in the kept counts like a series.

1. The types, and their former address prefixes (which keep redirecting).
2. Brief, Commentary and Report; every existing brief becomes a Brief (the first type,
   the default).
3. ``briefs_brief.kind_id``. On SQLite, adding a column with a default rebuilds the table,
   and a rebuilt table loses its triggers: they are set aside and put back, as in 0024.
4. The kept counts (0008, 0009 and 0017's narrowing) count the ``type`` facet from the
   brief's row, as they count its series: their functions (PostgreSQL) or triggers
   (SQLite) are made again from 0008's and 0009's code with the ``Typed`` dialect, then
   everything is counted afresh (``make_counts``, which 0028 uses too).
5. A change to, or removal of, a type replaces the public generation (0007's terms), so
   the pages showing its name, label or addresses are retired.
"""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

import briefs.models

generation = import_module("briefs.migrations.0007_content_generation")
published_counts = import_module("briefs.migrations.0008_published_counts")
scheduled_counts = import_module("briefs.migrations.0009_scheduled_counts")
facet_terms = import_module("briefs.migrations.0017_facet_terms")
hero_from_library = import_module("briefs.migrations.0023_hero_from_library")

BRIEFS = "briefs_brief"
KINDS = "briefs_briefkind"


class Typed(published_counts.Dialect):
    """0008's dialect counting the content type off a brief's row, as its series."""

    own = {**published_counts.OWN, "type": "kind_id"}


FIRST_TYPES = [
    # name, plural, slug, schema.org type, prefix
    ("Brief", "Briefs", "brief", "Report", "briefs"),
    ("Commentary", "Commentaries", "commentary", "OpinionNewsArticle", "commentary"),
    ("Report", "Reports", "report", "Report", "reports"),
]


def create_types(apps, schema_editor):
    BriefKind = apps.get_model("briefs", "BriefKind")
    for order, (name, plural, slug, schema_type, prefix) in enumerate(FIRST_TYPES):
        BriefKind.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "plural_name": plural,
                "schema_type": schema_type,
                "prefix": prefix,
                "order": order,
            },
        )


def make_counts(dialect, schema_editor):
    """Make the counts' functions (PostgreSQL) or triggers (SQLite) of 0008, 0009 and 0017's
    narrowing again from their own code with ``dialect``, then count everything afresh."""
    execute = schema_editor.execute
    published = [(table, event) for table in published_counts.TRIGGERED for event in published_counts.EVENTS]
    scheduled = [
        (table, event)
        for table, events in scheduled_counts.EVENTS.items()
        for event in events
        if (table, event) != (BRIEFS, "UPDATE")  # 0017's narrowed trigger, below
    ]
    if dialect.postgresql:
        execute(published_counts.postgres_recount_function(dialect, replace=True))
        execute(scheduled_counts.postgres_recount_function(dialect, replace=True))
        for table, event in published:
            execute(published_counts.postgres_function(dialect, table, event, replace=True))
        for table, event in scheduled:
            execute(scheduled_counts.postgres_function(dialect, table, event, replace=True))
    else:
        for module, pairs in ((published_counts, published), (scheduled_counts, scheduled)):
            for table, event in pairs:
                execute(f"DROP TRIGGER {module.name(table, event)}")
                execute(module.sqlite_trigger(dialect, table, event))
    condition = facet_terms.counted_values_changed(dialect)
    for statement in facet_terms.recount_scheduled_when(condition, dialect):
        execute(statement)
    for statement in [*published_counts.recount(dialect), *scheduled_counts.recount(dialect)]:
        execute(statement)


def generation_triggers():
    """(name, event) of the triggers that retire public pages when a type changes."""
    return [(generation.postgres_name(KINDS, event), event) for event in ("UPDATE", "DELETE")]


def count_types(apps, schema_editor):
    make_counts(Typed(schema_editor.connection.vendor), schema_editor)
    execute = schema_editor.execute
    postgresql = schema_editor.connection.vendor == "postgresql"
    # Every brief's address and label changed shape: no kept page or value may be read.
    execute("SELECT briefs_bump_generation()" if postgresql else generation.SQLITE_BUMP)
    for name, event in generation_triggers():
        if postgresql:
            execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF "
                "EXISTS (SELECT 1 FROM old_rows) THEN PERFORM briefs_bump_generation(); "
                "END IF; RETURN NULL; END $$"
            )
            execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {KINDS} REFERENCING "
                f"{generation.REFERENCING[event]} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )
        else:
            execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {KINDS} FOR EACH ROW "
                f"BEGIN {generation.SQLITE_BUMP}; END"
            )


def uncount_types(apps, schema_editor):
    for name, _event in generation_triggers():
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER {name} ON {KINDS}")
            schema_editor.execute(f"DROP FUNCTION {name}")
        else:
            schema_editor.execute(f"DROP TRIGGER {name}")
    make_counts(published_counts.Dialect(schema_editor.connection.vendor), schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0026_autosave"),
    ]

    operations = [
        migrations.CreateModel(
            name="BriefKind",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="Shown on cards and pages.", max_length=60, unique=True
                    ),
                ),
                (
                    "plural_name",
                    models.CharField(
                        help_text="Shown in the archive's and search's filters, e.g. “Reports”.",
                        max_length=60,
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="The filter's value in addresses: /briefs/?type=…",
                        max_length=60,
                        unique=True,
                    ),
                ),
                (
                    "schema_type",
                    models.CharField(
                        choices=[
                            ("Report", "Report"),
                            ("AnalysisNewsArticle", "Analysis (AnalysisNewsArticle)"),
                            ("OpinionNewsArticle", "Opinion (OpinionNewsArticle)"),
                            ("ScholarlyArticle", "Scholarly article (ScholarlyArticle)"),
                            ("NewsArticle", "News (NewsArticle)"),
                            ("BlogPosting", "Blog post (BlogPosting)"),
                            ("Article", "Article"),
                        ],
                        default="Report",
                        help_text="What search engines are told each item of this type is.",
                        max_length=30,
                        verbose_name="schema.org type",
                    ),
                ),
                (
                    "prefix",
                    models.SlugField(
                        help_text="Items of this type live at /prefix/slug/. Changing it keeps "
                        "the old addresses working as permanent redirects.",
                        max_length=60,
                        unique=True,
                        verbose_name="address prefix",
                    ),
                ),
                (
                    "order",
                    models.PositiveSmallIntegerField(
                        default=0,
                        help_text="Lower comes first in lists; the first type is the default.",
                    ),
                ),
            ],
            options={"verbose_name": "content type", "ordering": ["order", "name"]},
        ),
        migrations.CreateModel(
            name="FormerPrefix",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("prefix", models.SlugField(max_length=60, unique=True)),
                (
                    "kind",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="former_prefixes",
                        to="briefs.briefkind",
                    ),
                ),
            ],
            options={"verbose_name_plural": "former prefixes", "ordering": ["prefix"]},
        ),
        migrations.RunPython(create_types, migrations.RunPython.noop),
        migrations.RunPython(
            hero_from_library.set_triggers_aside, hero_from_library.put_triggers_back
        ),
        migrations.AddField(
            model_name="brief",
            name="kind",
            field=models.ForeignKey(
                default=briefs.models.default_kind,
                help_text="Brief, commentary, report…: shown on cards and the page, and sets "
                "the address (/commentary/…/). Changing it keeps the old address as a redirect.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="briefs",
                to="briefs.briefkind",
                verbose_name="type",
            ),
        ),
        migrations.RunPython(
            hero_from_library.put_triggers_back, hero_from_library.set_triggers_aside
        ),
        migrations.RunPython(count_types, uncount_types),
    ]
