"""Each brief's countries, themes and authors kept as ids in its own row, by the database.

``briefs_brief.facet_terms`` holds ``{"country": [...], "theme": [...], "author": [...]}``,
the ids of the brief's terms in ascending order. A search reads it with its candidates and
tallies their facets from it (briefs/candidate_facets.py), instead of reading the three
link tables for a thousand briefs. On PostgreSQL the column is kept in the row (``STORAGE
PLAIN``): a brief's row is over the size at which larger values go to the TOAST table, and
reading the terms from there cost a TOAST lookup per candidate.

Triggers keep it equal to the link tables whichever path writes them (the admin, the
related managers' ``add``/``remove``/``set``/``clear``, the through models, ``bulk_create``,
``loaddata``, plain SQL, a revision restored):

- a write to a link table writes the column of the briefs whose links it changed, and only
  of those whose terms it changed (a byline reordered writes no brief);
- a brief inserted gets the links that already exist (``loaddata`` may load links before
  their brief: foreign keys are checked at commit), and a write of the column itself is
  replaced by the links' value: ``save()`` writes every column, maybe from an instance
  loaded before its links changed;
- a link table emptied by ``TRUNCATE`` (PostgreSQL) rewrites every brief's column.

Writing a brief's terms writes its row, which fires the triggers on briefs too. One of them,
0009's on an update, counted the scheduled briefs afresh whenever the brief was one of
them, a second time after the link's own trigger (about 35 ms at 3,000 scheduled briefs
for each write of a scheduled brief's links). It now does so only when an update changes
what it counts of a brief's row (status, publish time, series), which is all a recount can
change.

Statement triggers on PostgreSQL, row triggers on SQLite, as in 0007-0009; the brief's own
trigger is a row trigger on both, BEFORE the write on PostgreSQL (it sets the row's value)
and AFTER it on SQLite (whose triggers cannot change the row being written, so it writes
it again). A ``pg_restore`` loads the column as dumped, consistent with the dumped links.
"""

from importlib import import_module

from django.db import migrations, models

published_counts = import_module("briefs.migrations.0008_published_counts")
scheduled_counts = import_module("briefs.migrations.0009_scheduled_counts")

BRIEFS = "briefs_brief"
COLUMN = "facet_terms"
# Link table -> (key in the column, column naming the brief, column naming the term).
LINKS = published_counts.LINKS
OWN = f"{COLUMN}_{BRIEFS}"
REFILL = f"{COLUMN}_refill"


def terms_of(brief, postgresql):
    """SQL: the column's value for the brief whose id is the SQL ``brief``, from its links."""
    if postgresql:
        lists = ", ".join(
            f"'{key}', to_jsonb(ARRAY(SELECT {term} FROM {table} WHERE {column} = {brief} "
            f"ORDER BY {term}))"
            for table, (key, column, term) in LINKS.items()
        )
        return f"jsonb_build_object({lists})"
    lists = ", ".join(
        f"'{key}', json((SELECT json_group_array({term}) FROM (SELECT {term} FROM {table} "
        f"WHERE {column} = {brief} ORDER BY {term})))"
        for table, (key, column, term) in LINKS.items()
    )
    return f"json_object({lists})"


def refill(where, postgresql):
    """SQL: write the column of the briefs matching ``where`` (a condition on their id,
    ``{id}``) whose links say otherwise."""
    if postgresql:
        return (
            f"UPDATE {BRIEFS} SET {COLUMN} = t.terms FROM (SELECT b.id, "
            f"{terms_of('b.id', postgresql)} AS terms FROM {BRIEFS} b "
            f"WHERE {where.format(id='b.id')}) t "
            f"WHERE {BRIEFS}.id = t.id AND {BRIEFS}.{COLUMN} IS DISTINCT FROM t.terms"
        )
    # SQLite takes no alias in a trigger's UPDATE: the table's name tells its id from the
    # link tables' own.
    terms = terms_of(f"{BRIEFS}.id", postgresql)
    return (
        f"UPDATE {BRIEFS} SET {COLUMN} = {terms} "
        f"WHERE {where.format(id=f'{BRIEFS}.id')} AND {COLUMN} IS NOT {terms}"
    )


def changed(table, event, postgresql):
    """A ``refill`` condition: the brief is one whose links a write of ``event`` changed."""
    _key, column, _term = LINKS[table]
    sides = [side for side, _sign in published_counts.sides(event)]
    if postgresql:
        rows = " UNION ".join(f"SELECT {column} FROM {side}_rows" for side in sides)
    else:
        rows = ", ".join(f"{side.upper()}.{column}" for side in sides)
    return f"{{id}} IN ({rows})"


def name(table, event):
    return f"{COLUMN}_{table}_{event.lower()}"


def create_triggers(apps, schema_editor):
    """Fill the column from the links, then keep it filled."""
    execute = schema_editor.execute
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        # A brief's row is over the 2 KB at which PostgreSQL moves its larger values out of
        # line (the vector stays in, migration 0010): the terms, about 100 bytes, would be
        # read through the TOAST index for every candidate. PLAIN keeps them in the row.
        execute(f"ALTER TABLE {BRIEFS} ALTER COLUMN {COLUMN} SET STORAGE PLAIN")
    execute(refill("TRUE", postgresql))
    if postgresql:
        execute(
            f"CREATE FUNCTION {OWN}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN NEW.{COLUMN} := {terms_of('NEW.id', postgresql)}; RETURN NEW; END $$"
        )
        execute(
            f"CREATE TRIGGER {OWN} BEFORE INSERT OR UPDATE OF {COLUMN} ON {BRIEFS} "
            f"FOR EACH ROW EXECUTE FUNCTION {OWN}()"
        )
        execute(
            f"CREATE FUNCTION {REFILL}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {refill('TRUE', postgresql)}; RETURN NULL; END $$"
        )
        for table in LINKS:
            for event in published_counts.EVENTS:
                execute(
                    f"CREATE FUNCTION {name(table, event)}() RETURNS trigger LANGUAGE plpgsql "
                    f"AS $$ BEGIN {refill(changed(table, event, postgresql), postgresql)}; "
                    "RETURN NULL; END $$"
                )
                execute(
                    f"CREATE TRIGGER {name(table, event)} AFTER {event} ON {table} "
                    f"REFERENCING {published_counts.REFERENCING[event]} FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION {name(table, event)}()"
                )
            execute(
                f"CREATE TRIGGER {name(table, 'truncate')} AFTER TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {REFILL}()"
            )
    else:
        own = refill("{id} = NEW.id", postgresql)
        execute(f"CREATE TRIGGER {OWN}_insert AFTER INSERT ON {BRIEFS} BEGIN {own}; END")
        execute(
            f"CREATE TRIGGER {OWN}_update AFTER UPDATE OF {COLUMN} ON {BRIEFS} BEGIN {own}; END"
        )
        for table in LINKS:
            for event in published_counts.EVENTS:
                execute(
                    f"CREATE TRIGGER {name(table, event)} AFTER {event} ON {table} "
                    f"FOR EACH ROW BEGIN {refill(changed(table, event, postgresql), postgresql)}; END"
                )


def drop_triggers(apps, schema_editor):
    execute = schema_editor.execute
    postgresql = schema_editor.connection.vendor == "postgresql"
    for table in LINKS:
        for event in published_counts.EVENTS:
            if postgresql:
                execute(f"DROP TRIGGER {name(table, event)} ON {table}")
                execute(f"DROP FUNCTION {name(table, event)}")
            else:
                execute(f"DROP TRIGGER {name(table, event)}")
        if postgresql:
            execute(f"DROP TRIGGER {name(table, 'truncate')} ON {table}")
    if postgresql:
        execute(f"DROP FUNCTION {REFILL}")
        execute(f"DROP TRIGGER {OWN} ON {BRIEFS}")
        execute(f"DROP FUNCTION {OWN}")
    else:
        execute(f"DROP TRIGGER {OWN}_insert")
        execute(f"DROP TRIGGER {OWN}_update")


def recount_scheduled_when(condition, dialect):
    """Statements making 0009's trigger on an update of briefs recount when ``condition``
    holds."""
    trigger = scheduled_counts.name(BRIEFS, "UPDATE")
    if dialect.postgresql:
        recount = (
            f"CREATE OR REPLACE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF {condition} THEN PERFORM {scheduled_counts.RECOUNT_FUNCTION}(); "
            "END IF; RETURN NULL; END $$"
        )
        return [recount]
    steps = "".join(f"{statement}; " for statement in scheduled_counts.recount(dialect))
    recount = (
        f"CREATE TRIGGER {trigger} AFTER UPDATE ON {BRIEFS} FOR EACH ROW WHEN {condition} "
        f"BEGIN {steps}END"
    )
    return [f"DROP TRIGGER {trigger}", recount]


def counted_values_changed(dialect):
    """0009's condition for an update of briefs (one of them is or was scheduled after the
    moment of counting), narrowed to updates that change what is counted of it (the
    dialect's ``counted_columns``; its links have triggers of their own)."""
    touched = scheduled_counts.touched
    if dialect.postgresql:
        differs = " OR ".join(f"n.{column} IS DISTINCT FROM o.{column}" for column in dialect.counted_columns)
        return (
            "EXISTS (SELECT 1 FROM new_rows n FULL JOIN old_rows o ON o.id = n.id "
            f"WHERE ({touched('n', dialect)} OR {touched('o', dialect)}) AND ({differs}))"
        )
    differs = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in dialect.counted_columns)
    return f"({touched('NEW', dialect)} OR {touched('OLD', dialect)}) AND ({differs})"


def narrow_scheduled_recount(apps, schema_editor):
    """Writing a scheduled brief's terms writes its row: that must not count the scheduled
    briefs afresh a second time (about 35 ms at 3,000 of them), after the link's own
    trigger did. Nor need any update that leaves what is counted as it was."""
    dialect = published_counts.Dialect(schema_editor.connection.vendor)
    for statement in recount_scheduled_when(counted_values_changed(dialect), dialect):
        schema_editor.execute(statement)


def widen_scheduled_recount(apps, schema_editor):
    dialect = published_counts.Dialect(schema_editor.connection.vendor)
    condition = " OR ".join(scheduled_counts.conditions(dialect, BRIEFS, "UPDATE"))
    for statement in recount_scheduled_when(condition, dialect):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0016_notes_into_footnotes"),
    ]

    operations = [
        migrations.AddField(
            model_name="brief",
            name="facet_terms",
            field=models.JSONField(editable=False, null=True),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(narrow_scheduled_recount, widen_scheduled_recount),
    ]
