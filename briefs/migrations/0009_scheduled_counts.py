"""Published briefs per term still to come, counted by the database (read by briefs/listings/public_counts.py).

``briefs_scheduledcount`` holds, per facet and term as in ``briefs_publishedcount`` (0008),
how many published briefs have a publish time after ``scheduled_counted_at`` of the
``briefs_contentgeneration`` row: the moment they were counted. A reader subtracts them
from the published counts, and corrects for the few briefs whose publish time lies between
that moment and its own (``public_counts``), so it never counts every scheduled brief.

Any write that touches a brief published for after that moment (before or after the write),
or its links, or moves countries between regions, counts them afresh in its own transaction,
at its own moment, whichever path made it. So the briefs after the moment are as they were
when counted, and those between the moment and now are counted as they are. Statement
triggers on PostgreSQL, row triggers on SQLite, as in 0007 and 0008.
"""

from importlib import import_module

from django.db import migrations, models

published_counts = import_module("briefs.migrations.0008_published_counts")

COUNTS = "briefs_scheduledcount"
GENERATION = "briefs_contentgeneration"
COUNTED_AT = f"(SELECT scheduled_counted_at FROM {GENERATION} WHERE id = 1)"
LINKS = {table: brief for table, (_facet, brief, _term) in published_counts.LINKS.items()}
SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def touched(row, dialect):
    """Whether the brief ``row`` is one of those counted, or to be: before any count (or
    with the row gone) every published brief is."""
    earliest = "'-infinity'" if dialect.postgresql else "''"
    return f"{dialect.counted(row)} AND {row}.publish_at > COALESCE({COUNTED_AT}, {earliest})"


def counted(dialect):
    """(facet, term, n) rows: the briefs after the moment per term, read from the briefs'
    index and their ids' probes of the link tables (a join was planned as a scan of each
    whole link table)."""
    after = f"{dialect.counted()} AND publish_at > {COUNTED_AT}"
    ids = f"SELECT id FROM briefs_brief WHERE {after}"
    one_of = "{} = ANY(ARRAY(" + ids + "))" if dialect.postgresql else "{} IN (" + ids + ")"
    year = dialect.year("publish_at")
    # (facet's name, term, count, the rest of the SELECT)
    selects = [
        *(
            (
                named,
                column,
                "count(*)",
                f"FROM briefs_brief WHERE {after} AND {column} IS NOT NULL "
                f"GROUP BY {column}{grouped}",
            )
            for facet, column in dialect.own.items()
            for named, grouped in _split(dialect, facet, "briefs_brief")
        ),
        *(
            (named, year, "count(*)", f"FROM briefs_brief WHERE {after} GROUP BY {year}{grouped}")
            for named, grouped in _split(dialect, "year", "briefs_brief")
        ),
        *(
            (
                named,
                "c.region_id",
                "count(DISTINCT l.brief_id)",
                "FROM briefs_brief_countries l JOIN countries_country c ON c.id = l.country_id "
                f"{_brief_of(grouped, 'l.brief_id')}WHERE {one_of.format('l.brief_id')} "
                f"AND c.region_id IS NOT NULL GROUP BY c.region_id{grouped}",
            )
            for named, grouped in _split(dialect, "region", "b")
        ),
    ]
    for table, (facet, brief, term) in published_counts.LINKS.items():
        # One link per brief and term: count(*) counts distinct briefs.
        selects += [
            (
                named,
                f"l.{term}",
                "count(*)",
                f"FROM {table} l {_brief_of(grouped, 'l.' + brief)}"
                f"WHERE {one_of.format('l.' + brief)} GROUP BY l.{term}{grouped}",
            )
            for named, grouped in _split(dialect, facet, "b")
        ]
    # The first SELECT, the series' as in 0009 at first, names the columns.
    names = [(" AS facet", " AS term", " AS n")] + [("", "", "")] * (len(selects) - 1)
    return " UNION ALL ".join(
        f"SELECT {named}{as_facet}, {term}{as_term}, {n}{as_n} {rest}"
        for (named, term, n, rest), (as_facet, as_term, as_n) in zip(selects, names, strict=True)
    )


def _split(dialect, facet, brief):
    """(name, GROUP BY addition) of each count of ``facet`` a brief (the alias ``brief``)
    adds to: the facet's own, then one per ``split_columns`` value (0031)."""
    additions = ["", *(f", {brief}.{column}" for column in dialect.split_columns)]
    return zip(dialect.facets(facet, brief), additions, strict=True)


def _brief_of(grouped, brief):
    """SQL joining the brief ``brief`` (as ``b``) for a split count, which reads its row."""
    return f"JOIN briefs_brief b ON b.id = {brief} " if grouped else ""


def recount(dialect):
    """Statements moving the moment to now and counting the briefs after it afresh."""
    now = "clock_timestamp()" if dialect.postgresql else SQLITE_NOW
    return [
        # On PostgreSQL this also waits for any other transaction recounting, so the
        # statements below see its writes.
        f"UPDATE {GENERATION} SET scheduled_counted_at = {now} WHERE id = 1",
        f"DELETE FROM {COUNTS}",
        f"INSERT INTO {COUNTS} (facet, term, count) SELECT * FROM ({counted(dialect)}) AS c",
    ]


def conditions(dialect, table, event):
    """When a write of ``event`` to ``table`` recounts, over its rows (``rows(side)``)."""
    if table == "countries_country":
        return [f"EXISTS (SELECT 1 FROM {rows} r)" for rows in _rows(dialect, table, event)]
    if table == "briefs_brief":
        return [
            f"EXISTS (SELECT 1 FROM {rows} r WHERE {touched('r', dialect)})"
            for rows in _rows(dialect, table, event)
        ]
    return [
        f"EXISTS (SELECT 1 FROM {rows} r JOIN briefs_brief b ON b.id = r.{LINKS[table]} "
        f"WHERE {touched('b', dialect)})"
        for rows in _rows(dialect, table, event)
    ]


def _rows(dialect, table, event):
    return [dialect.rows(table, side) for side, _sign in published_counts.sides(event)]


# A new country is in no brief yet: only its later changes can move briefs between regions.
EVENTS = {
    table: ("UPDATE", "DELETE") if table == "countries_country" else published_counts.EVENTS
    for table in published_counts.TRIGGERED
}
RECOUNT_FUNCTION = "briefs_recount_scheduled"


def name(table, event):
    return f"scheduled_counts_{table}_{event.lower()}"


def postgres_recount_function(dialect, replace=False):
    """SQL making (or replacing) the function that counts afresh, on PostgreSQL."""
    steps = "".join(f"{statement}; " for statement in recount(dialect))
    return (
        f"{published_counts.create_function(replace)} {RECOUNT_FUNCTION}() RETURNS void LANGUAGE plpgsql AS $$ "
        f"BEGIN {steps}END $$"
    )


def postgres_function(dialect, table, event, replace=False):
    """SQL making (or replacing) the function a write of ``event`` to ``table`` runs."""
    condition = " OR ".join(conditions(dialect, table, event))
    return (
        f"{published_counts.create_function(replace)} {name(table, event)}() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN IF {condition} THEN PERFORM {RECOUNT_FUNCTION}(); END IF; "
        "RETURN NULL; END $$"
    )


def sqlite_trigger(dialect, table, event):
    """SQL making the row trigger of ``event`` on ``table``, on SQLite."""
    condition = " OR ".join(conditions(dialect, table, event))
    steps = "".join(f"{statement}; " for statement in recount(dialect))
    return (
        f"CREATE TRIGGER {name(table, event)} AFTER {event} ON {table} "
        f"FOR EACH ROW WHEN {condition} BEGIN {steps}END"
    )


def create_triggers(apps, schema_editor):
    """Count what is scheduled now, then count again on every write that touches it."""
    execute = schema_editor.execute
    dialect = published_counts.Dialect(schema_editor.connection.vendor)
    if dialect.postgresql:
        execute(postgres_recount_function(dialect))
        execute(
            f"CREATE FUNCTION {RECOUNT_FUNCTION}_now() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN PERFORM {RECOUNT_FUNCTION}(); RETURN NULL; END $$"
        )
        for table, events in EVENTS.items():
            for event in events:
                execute(postgres_function(dialect, table, event))
                execute(
                    f"CREATE TRIGGER {name(table, event)} AFTER {event} ON {table} "
                    f"REFERENCING {published_counts.REFERENCING[event]} FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION {name(table, event)}()"
                )
            # TRUNCATE shows no rows: count afresh.
            execute(
                f"CREATE TRIGGER {name(table, 'truncate')} AFTER TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {RECOUNT_FUNCTION}_now()"
            )
        execute(f"SELECT {RECOUNT_FUNCTION}()")
    else:
        for table, events in EVENTS.items():
            for event in events:
                execute(sqlite_trigger(dialect, table, event))
        for statement in recount(dialect):
            execute(statement)


def drop_triggers(apps, schema_editor):
    execute = schema_editor.execute
    postgresql = schema_editor.connection.vendor == "postgresql"
    for table, events in EVENTS.items():
        for event in events:
            if postgresql:
                execute(f"DROP TRIGGER {name(table, event)} ON {table}")
                execute(f"DROP FUNCTION {name(table, event)}")
            else:
                execute(f"DROP TRIGGER {name(table, event)}")
        if postgresql:
            execute(f"DROP TRIGGER {name(table, 'truncate')} ON {table}")
    if postgresql:
        execute(f"DROP FUNCTION {RECOUNT_FUNCTION}_now")
        execute(f"DROP FUNCTION {RECOUNT_FUNCTION}")


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0008_published_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="contentgeneration",
            name="scheduled_counted_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="ScheduledCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("facet", models.CharField(max_length=10)),
                ("term", models.BigIntegerField()),
                ("count", models.IntegerField()),
            ],
            options={
                "verbose_name": "scheduled count",
                "ordering": ["facet", "term"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("facet", "term"), name="one_scheduled_count_per_term"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
