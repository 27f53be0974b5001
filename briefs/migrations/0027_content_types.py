"""Content types: every brief has one (brief, commentary, report, or one an administrator
adds), counted per type in the kept counts like a series.

1. The types, and their former address prefixes (which keep redirecting).
2. Brief, Commentary and Report; every existing brief becomes a Brief (the first type,
   the default).
3. ``briefs_brief.kind_id``. On SQLite, adding a column with a default rebuilds the table,
   and a rebuilt table loses its triggers: they are set aside and put back, as in 0024.
4. The kept counts (0008, 0009 and 0017's narrowing) count the ``type`` facet from the
   brief's row, as they count its series: the briefs' triggers and the recount functions
   are made again with it, then everything is counted afresh.
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
TYPED = {**published_counts.OWN, "type": "kind_id"}
TYPED_COUNTED = (*facet_terms.COUNTED, "kind_id")

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


def count_triggers(schema_editor, own, counted):
    """Make the briefs' count triggers and the recount functions count the facets ``own``
    off a brief's row, and the scheduled recount run when one of ``counted`` changes; then
    count everything afresh."""
    execute = schema_editor.execute
    dialect = published_counts.Dialect(schema_editor.connection.vendor)
    scheduled_steps = "".join(f"{step}; " for step in scheduled_counts.recount(dialect, own))
    if dialect.postgresql:
        for event in published_counts.EVENTS:
            body = "; ".join(published_counts.statements(dialect, BRIEFS, event, own))
            execute(
                f"CREATE OR REPLACE FUNCTION {published_counts.name(BRIEFS, event)}() "
                f"RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN NULL; END $$"
            )
        body = "; ".join(published_counts.recount(dialect, own))
        execute(
            f"CREATE OR REPLACE FUNCTION {published_counts.RECOUNT_FUNCTION}() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN NULL; END $$"
        )
        execute(
            f"CREATE OR REPLACE FUNCTION {scheduled_counts.RECOUNT_FUNCTION}() RETURNS void "
            f"LANGUAGE plpgsql AS $$ BEGIN {scheduled_steps}END $$"
        )
    else:
        for event in published_counts.EVENTS:
            body = published_counts.statements(dialect, BRIEFS, event, own)
            if event == "DELETE":
                # As 0008: a flush may empty the counts' table first.
                body.append(
                    f"DELETE FROM {published_counts.COUNTS} "
                    f"WHERE NOT EXISTS (SELECT 1 FROM {BRIEFS})"
                )
            steps = "".join(f"{statement}; " for statement in body)
            execute(f"DROP TRIGGER {published_counts.name(BRIEFS, event)}")
            execute(
                f"CREATE TRIGGER {published_counts.name(BRIEFS, event)} AFTER {event} ON "
                f"{BRIEFS} FOR EACH ROW BEGIN {steps}END"
            )
        # 0009's triggers on SQLite hold the recount itself, on every table.
        for table, events in scheduled_counts.EVENTS.items():
            for event in events:
                condition = " OR ".join(scheduled_counts.conditions(dialect, table, event))
                execute(f"DROP TRIGGER {scheduled_counts.name(table, event)}")
                execute(
                    f"CREATE TRIGGER {scheduled_counts.name(table, event)} AFTER {event} ON "
                    f"{table} FOR EACH ROW WHEN {condition} BEGIN {scheduled_steps}END"
                )
    narrowed = facet_terms.counted_values_changed(dialect, counted)
    for statement in facet_terms.recount_scheduled_when(narrowed, dialect, own):
        execute(statement)
    for statement in published_counts.recount(dialect, own) + scheduled_counts.recount(
        dialect, own
    ):
        execute(statement)


def generation_triggers():
    """(name, event) of the triggers that retire public pages when a type changes."""
    return [(generation.postgres_name(KINDS, event), event) for event in ("UPDATE", "DELETE")]


def count_types(apps, schema_editor):
    count_triggers(schema_editor, TYPED, TYPED_COUNTED)
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
    count_triggers(schema_editor, published_counts.OWN, facet_terms.COUNTED)


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
