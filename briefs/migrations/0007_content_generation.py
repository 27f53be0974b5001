"""The public content generation, kept by the database itself (see briefs/generation.py).

Triggers replace the token in the same transaction as any write that changes what readers
can see, whichever path made it (the admin, QuerySet.update(), loaddata, plain SQL):

- a brief that is public before or after the write (published, publish time passed);
- a byline, country or theme link of such a brief;
- a change to, or removal of, an author, series, theme, country or region (a new term
  shows nowhere until a public brief uses it, which that link's trigger reports).

A draft, a brief in review or a still-scheduled brief changes no token: no public page
shows it. The brief that a scheduled time makes public moves the generation by its
publish time, with no write (see briefs/generation.py).
"""

from django.db import migrations, models

BRIEF = "briefs_brief"
# Tables that link a brief to a term, and the column naming the brief.
LINKS = {
    "briefs_briefauthor": "brief_id",
    "briefs_themedbrief": "content_object_id",
    "briefs_brief_countries": "brief_id",
}
TERMS = ("briefs_author", "briefs_series", "briefs_theme", "countries_country", "countries_region")

SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
SQLITE_BUMP = (
    "INSERT INTO briefs_contentgeneration (id, token, changed_at) "
    f"VALUES (1, lower(hex(randomblob(16))), {SQLITE_NOW}) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token, changed_at = excluded.changed_at"
)


def sqlite_public(row):
    return f"({row}.status = 'published' AND {row}.publish_at <= {SQLITE_NOW})"


def sqlite_brief_public(row, column):
    return (
        f"EXISTS (SELECT 1 FROM {BRIEF} b WHERE b.id = {row}.{column} "
        f"AND {sqlite_public('b')})"
    )


def sqlite_triggers():
    """(name, table, event, condition or None) for every trigger on SQLite."""
    yield "brief_insert", BRIEF, "INSERT", sqlite_public("NEW")
    yield "brief_update", BRIEF, "UPDATE", f"{sqlite_public('OLD')} OR {sqlite_public('NEW')}"
    yield "brief_delete", BRIEF, "DELETE", sqlite_public("OLD")
    for table, column in LINKS.items():
        yield f"{table}_insert", table, "INSERT", sqlite_brief_public("NEW", column)
        yield (
            f"{table}_update",
            table,
            "UPDATE",
            f"{sqlite_brief_public('OLD', column)} OR {sqlite_brief_public('NEW', column)}",
        )
        yield f"{table}_delete", table, "DELETE", sqlite_brief_public("OLD", column)
    for table in TERMS:
        yield f"{table}_update", table, "UPDATE", None
        yield f"{table}_delete", table, "DELETE", None


POSTGRES_FUNCTIONS = """
CREATE FUNCTION briefs_bump_generation() RETURNS void LANGUAGE sql AS $$
  INSERT INTO briefs_contentgeneration (id, token, changed_at)
  VALUES (1, md5(random()::text || clock_timestamp()::text), clock_timestamp())
  ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token, changed_at = EXCLUDED.changed_at
$$;

CREATE FUNCTION briefs_brief_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP <> 'INSERT' AND OLD.status = 'published' AND OLD.publish_at <= clock_timestamp())
     OR (TG_OP <> 'DELETE' AND NEW.status = 'published'
         AND NEW.publish_at <= clock_timestamp()) THEN
    PERFORM briefs_bump_generation();
  END IF;
  RETURN NULL;
END $$;

-- TG_ARGV[0] names the link table's column that holds the brief's id.
CREATE FUNCTION briefs_link_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  brief_ids bigint[] := '{}';
BEGIN
  IF TG_OP <> 'INSERT' THEN
    brief_ids := brief_ids || (to_jsonb(OLD) ->> TG_ARGV[0])::bigint;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    brief_ids := brief_ids || (to_jsonb(NEW) ->> TG_ARGV[0])::bigint;
  END IF;
  IF EXISTS (SELECT 1 FROM briefs_brief WHERE id = ANY (brief_ids)
             AND status = 'published' AND publish_at <= clock_timestamp()) THEN
    PERFORM briefs_bump_generation();
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION briefs_term_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM briefs_bump_generation();
  RETURN NULL;
END $$;
"""


def postgres_triggers():
    """(name, table, events, function call) for every trigger on PostgreSQL."""
    yield "brief", BRIEF, "INSERT OR UPDATE OR DELETE", "briefs_brief_changed()"
    for table, column in LINKS.items():
        yield table, table, "INSERT OR UPDATE OR DELETE", f"briefs_link_changed('{column}')"
    for table in TERMS:
        yield table, table, "UPDATE OR DELETE", "briefs_term_changed()"


def create_triggers(apps, schema_editor):
    """Make the triggers, then the first token."""
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        execute(POSTGRES_FUNCTIONS)
        execute("SELECT briefs_bump_generation()")
        for name, table, events, call in postgres_triggers():
            execute(
                f"CREATE TRIGGER generation_{name} AFTER {events} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {call}"
            )
    else:
        for name, table, event, condition in sqlite_triggers():
            when = f"WHEN {condition} " if condition else ""
            execute(
                f"CREATE TRIGGER generation_{name} AFTER {event} ON {table} "
                f"FOR EACH ROW {when}BEGIN {SQLITE_BUMP}; END"
            )
        execute(SQLITE_BUMP)


def drop_triggers(apps, schema_editor):
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        for name, table, _events, _call in postgres_triggers():
            execute(f"DROP TRIGGER generation_{name} ON {table}")
        for function in ("bump_generation", "brief_changed", "link_changed", "term_changed"):
            execute(f"DROP FUNCTION briefs_{function}")
    else:
        for name, *_rest in sqlite_triggers():
            execute(f"DROP TRIGGER generation_{name}")


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0006_indexes"),
        ("countries", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
                ("changed_at", models.DateTimeField()),
            ],
            options={"verbose_name": "public content generation"},
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
