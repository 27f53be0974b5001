"""Corrections and workflow events, and the database's rules for corrections.

Triggers, whatever path writes (the admin, ``QuerySet.update()``, plain SQL):

- a note on a public brief that is added, changed or removed replaces the public
  generation (as migration 0007 does for briefs), so every kept page showing it retires;
- a note is *fixed* once its brief has a publish time that has passed (the brief is, or
  was, public): the database refuses to delete it, to change its brief, kind, date or
  text, or to change a strike-through once made. Striking it (a time and a reason, once)
  is the only change allowed. The refusal is an integrity error on both databases.

On SQLite, ``DELETE FROM`` every table (a transactional test's flush) meets the guard too
when a fixed note outlives its brief in that order; PostgreSQL flushes with TRUNCATE,
which row triggers do not see.
"""

from importlib import import_module

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

generation = import_module("briefs.migrations.0007_content_generation")

TABLE = "briefs_correction"
REFUSED = "A public correction cannot be deleted or reworded: strike it through with a reason."
# The columns a fixed note keeps for good (the strike-through is checked apart).
KEPT = ("brief_id", "kind", "noted_at", "text", "created_at")


def sqlite_fixed(row):
    return (
        f"EXISTS (SELECT 1 FROM briefs_brief b WHERE b.id = {row}.brief_id "
        f"AND b.publish_at IS NOT NULL AND b.publish_at <= {generation.SQLITE_PUBLIC_UNTIL})"
    )


def changed(compare):
    kept = " OR ".join(compare(column) for column in KEPT)
    strike = " OR ".join(compare(column) for column in ("struck_at", "strike_reason"))
    return kept, strike


SQLITE_TRIGGERS = {
    # The generation, as for a brief's links (migration 0007).
    "generation_briefs_correction_insert": (
        "AFTER INSERT",
        generation.sqlite_brief_public("NEW", "brief_id"),
        generation.SQLITE_BUMP,
    ),
    "generation_briefs_correction_update": (
        "AFTER UPDATE",
        f"{generation.sqlite_brief_public('OLD', 'brief_id')} "
        f"OR {generation.sqlite_brief_public('NEW', 'brief_id')}",
        generation.SQLITE_BUMP,
    ),
    "generation_briefs_correction_delete": (
        "AFTER DELETE",
        generation.sqlite_brief_public("OLD", "brief_id"),
        generation.SQLITE_BUMP,
    ),
    # The guard of fixed notes.
    "correction_fixed_delete": (
        "BEFORE DELETE",
        sqlite_fixed("OLD"),
        f"SELECT RAISE(ABORT, '{REFUSED}')",
    ),
    "correction_fixed_update": (
        "BEFORE UPDATE",
        "{fixed} AND ({kept} OR (OLD.struck_at IS NOT NULL AND ({strike})))".format(
            fixed=sqlite_fixed("OLD"),
            kept=changed(lambda c: f"NEW.{c} IS NOT OLD.{c}")[0],
            strike=changed(lambda c: f"NEW.{c} IS NOT OLD.{c}")[1],
        ),
        f"SELECT RAISE(ABORT, '{REFUSED}')",
    ),
}

POSTGRES_GUARD = """
CREATE FUNCTION briefs_correction_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM briefs_brief b WHERE b.id = OLD.brief_id
             AND b.publish_at <= clock_timestamp()) THEN
    IF TG_OP = 'DELETE' OR {kept}
       OR (OLD.struck_at IS NOT NULL AND ({strike})) THEN
      RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE = '{refused}';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$
""".format(
    kept=changed(lambda c: f"NEW.{c} IS DISTINCT FROM OLD.{c}")[0],
    strike=changed(lambda c: f"NEW.{c} IS DISTINCT FROM OLD.{c}")[1],
    refused=REFUSED,
)


def postgres_generation_triggers():
    """(event, condition over the statement's rows), as migration 0007's links."""

    def public(rows):
        return (
            f"EXISTS (SELECT 1 FROM {rows} r JOIN briefs_brief b ON b.id = r.brief_id "
            f"WHERE {generation.POSTGRES_PUBLIC.format(row='b')})"
        )

    yield "INSERT", public("new_rows")
    yield "UPDATE", f"{public('old_rows')} OR {public('new_rows')}"
    yield "DELETE", public("old_rows")


def create_triggers(apps, schema_editor):
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        for event, condition in postgres_generation_triggers():
            name = generation.postgres_name(TABLE, event)
            execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN IF {condition} THEN PERFORM briefs_bump_generation(); END IF; "
                "RETURN NULL; END $$"
            )
            execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {TABLE} REFERENCING "
                f"{generation.REFERENCING[event]} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )
        execute(POSTGRES_GUARD)
        execute(
            f"CREATE TRIGGER briefs_correction_guard BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION briefs_correction_guard()"
        )
    else:
        for name, (moment, condition, action) in SQLITE_TRIGGERS.items():
            execute(
                f"CREATE TRIGGER {name} {moment} ON {TABLE} FOR EACH ROW WHEN {condition} "
                f"BEGIN {action}; END"
            )


def drop_triggers(apps, schema_editor):
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        execute(f"DROP TRIGGER briefs_correction_guard ON {TABLE}")
        execute("DROP FUNCTION briefs_correction_guard")
        for event, _condition in postgres_generation_triggers():
            name = generation.postgres_name(TABLE, event)
            execute(f"DROP TRIGGER {name} ON {TABLE}")
            execute(f"DROP FUNCTION {name}")
    else:
        for name in SQLITE_TRIGGERS:
            execute(f"DROP TRIGGER {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0019_alerts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Correction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("correction", "Correction"), ("update", "Update")],
                        default="correction",
                        help_text=(
                            "A correction fixes an error; an update adds what happened since."
                        ),
                        max_length=10,
                    ),
                ),
                (
                    "noted_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now,
                        help_text=(
                            "Shown to readers with the note; now, unless the change was made "
                            "earlier."
                        ),
                        verbose_name="date",
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        help_text=(
                            "What was wrong and what is right, e.g. “An earlier version gave the "
                            "aid as 15 million dollars; it was 15 million euros.” Fixed once the "
                            "brief is public."
                        ),
                        max_length=2000,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "struck_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="struck through"
                    ),
                ),
                (
                    "strike_reason",
                    models.CharField(
                        blank=True,
                        help_text=(
                            "Only to withdraw a note that was itself wrong: readers see the note "
                            "struck through with this reason. A struck note stays struck."
                        ),
                        max_length=500,
                        verbose_name="reason for striking it through",
                    ),
                ),
                (
                    "brief",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="corrections",
                        to="briefs.brief",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "struck_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "correction or update",
                "verbose_name_plural": "corrections and updates",
                "ordering": ["-noted_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="WorkflowEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("submit", "Submitted for review"),
                            ("withdraw", "Withdrawn to draft"),
                            ("send_back", "Sent back to draft"),
                            ("publish", "Published"),
                            ("schedule", "Scheduled"),
                            ("reschedule", "Rescheduled"),
                            ("unpublish", "Unpublished (back to draft)"),
                            ("correct", "Note added"),
                            ("edit_note", "Note changed before publication"),
                            ("delete_note", "Note deleted before publication"),
                            ("strike", "Note struck through"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "from_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("draft", "Draft"),
                            ("review", "In review"),
                            ("published", "Published"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "to_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("draft", "Draft"),
                            ("review", "In review"),
                            ("published", "Published"),
                        ],
                        max_length=10,
                    ),
                ),
                ("publish_at", models.DateTimeField(blank=True, null=True)),
                ("note", models.TextField(blank=True)),
                ("version", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "brief",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="briefs.brief",
                    ),
                ),
                (
                    "by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "correction",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="events",
                        to="briefs.correction",
                    ),
                ),
            ],
            options={
                "ordering": ["-at", "-id"],
            },
        ),
        migrations.AddIndex(
            model_name="correction",
            index=models.Index(fields=["noted_at", "id"], name="correction_newest_order"),
        ),
        migrations.AddConstraint(
            model_name="correction",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("strike_reason", ""), ("struck_at__isnull", True)),
                    models.Q(
                        ("struck_at__isnull", False), models.Q(("strike_reason", ""), _negated=True)
                    ),
                    _connector="OR",
                ),
                name="correction_struck_with_reason",
                violation_error_message="A note is struck through with a reason, and only then.",
            ),
        ),
        migrations.AddIndex(
            model_name="workflowevent",
            index=models.Index(fields=["brief", "action", "at"], name="event_brief_action"),
        ),
        migrations.AddConstraint(
            model_name="workflowevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    (
                        "action__in",
                        [
                            "submit",
                            "withdraw",
                            "send_back",
                            "publish",
                            "schedule",
                            "reschedule",
                            "unpublish",
                        ],
                    )
                ),
                fields=("brief", "version"),
                name="one_move_per_brief_version",
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
