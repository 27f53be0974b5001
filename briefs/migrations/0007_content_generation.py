"""The public content generation, kept by the database itself (see briefs/caching/generation.py).

Triggers replace the token in the same transaction as any write that changes what readers
can see, whichever path made it (the admin, QuerySet.update(), loaddata, plain SQL):

- a brief that is public before or after the write (published, publish time passed);
- a byline, country or theme link of such a brief;
- a change to, or removal of, an author, series, theme, country or region (a new term
  shows nowhere until a public brief uses it, which that link's trigger reports).

A draft, a brief in review or a still-scheduled brief changes no token: no public page
shows it. The brief that a scheduled time makes public moves the generation by its
publish time, with no write (see briefs/caching/generation.py).
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
# SQLite's clock has milliseconds and stored times microseconds: a brief published in the
# current millisecond must count as public (a spare token is harmless, a missing one not).
SQLITE_PUBLIC_UNTIL = "strftime('%Y-%m-%d %H:%M:%f', 'now', '+0.001 seconds')"
SQLITE_BUMP = (
    "INSERT INTO briefs_contentgeneration (id, token, changed_at) "
    f"VALUES (1, lower(hex(randomblob(16))), {SQLITE_NOW}) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token, changed_at = excluded.changed_at"
)


def sqlite_public(row):
    return f"({row}.status = 'published' AND {row}.publish_at <= {SQLITE_PUBLIC_UNTIL})"


def sqlite_brief_public(row, column):
    return (
        f"EXISTS (SELECT 1 FROM {BRIEF} b WHERE b.id = {row}.{column} "
        f"AND {sqlite_public('b')})"
    )


def sqlite_triggers():
    """(name, table, event, condition or None) for every trigger on SQLite: once per row,
    as SQLite has no statement triggers (it writes the token's row in place, cheaply)."""
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


POSTGRES_BUMP = """
CREATE FUNCTION briefs_bump_generation() RETURNS void LANGUAGE sql AS $$
  INSERT INTO briefs_contentgeneration (id, token, changed_at)
  VALUES (1, md5(random()::text || clock_timestamp()::text), clock_timestamp())
  ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token, changed_at = EXCLUDED.changed_at
$$
"""
# Statement triggers see a statement's rows as transition tables, one event each.
REFERENCING = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}
POSTGRES_PUBLIC = "{row}.status = 'published' AND {row}.publish_at <= clock_timestamp()"


def postgres_triggers():
    """(table, event, condition over the statement's rows) for every trigger on PostgreSQL.

    Once per statement, not per row: a bulk insert of a thousand briefs writes the token
    once (a row written again and again in one transaction gets slower each time).
    """
    for table, column in [(BRIEF, None), *LINKS.items()]:

        def public(rows, column=column):
            if column is None:
                return f"EXISTS (SELECT 1 FROM {rows} r WHERE {POSTGRES_PUBLIC.format(row='r')})"
            return (
                f"EXISTS (SELECT 1 FROM {rows} r JOIN {BRIEF} b ON b.id = r.{column} "
                f"WHERE {POSTGRES_PUBLIC.format(row='b')})"
            )

        yield table, "INSERT", public("new_rows")
        yield table, "UPDATE", f"{public('old_rows')} OR {public('new_rows')}"
        yield table, "DELETE", public("old_rows")
    for table in TERMS:
        yield table, "UPDATE", "EXISTS (SELECT 1 FROM old_rows)"
        yield table, "DELETE", "EXISTS (SELECT 1 FROM old_rows)"


def postgres_name(table, event):
    return f"generation_{table}_{event.lower()}"


def create_triggers(apps, schema_editor):
    """Make the triggers, then the first token."""
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        execute(POSTGRES_BUMP)
        execute("SELECT briefs_bump_generation()")
        for table, event, condition in postgres_triggers():
            name = postgres_name(table, event)
            execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN IF {condition} THEN PERFORM briefs_bump_generation(); END IF; "
                "RETURN NULL; END $$"
            )
            execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                f"REFERENCING {REFERENCING[event]} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
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
        for table, event, _condition in postgres_triggers():
            execute(f"DROP TRIGGER {postgres_name(table, event)} ON {table}")
            execute(f"DROP FUNCTION {postgres_name(table, event)}")
        execute("DROP FUNCTION briefs_bump_generation")
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
