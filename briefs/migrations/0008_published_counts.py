"""Published briefs per term, kept exact by the database itself (read by briefs/listings/public_counts.py).

``briefs_publishedcount`` holds, per facet and term, how many briefs have the status
published, scheduled ones included (readers subtract those, which are few, as they read).
Triggers change it in the same transaction as any write, whichever path made it (the admin,
``QuerySet.update()``, ``bulk_create``, ``loaddata``, plain SQL):

- country, theme, author: the published briefs linked to the term;
- region: the distinct published briefs linked to a country of the region (a brief on two
  countries of one region counts once), so a country moved to another region moves them;
- series: the published briefs in it; year: the published briefs by their publish time's
  year in UTC (readers move the few briefs near a New Year to the site's own year).

Each write adds the difference it makes, computed from the rows it changed and the current
state of the others, so writes in any order (foreign keys are checked at commit) keep the
counts exact. Statement-level triggers on PostgreSQL, row-level ones on SQLite, as in 0007.
"""

from django.db import migrations, models

COUNTS = "briefs_publishedcount"
BRIEF_COLUMNS = ("id", "status", "series_id", "publish_at")
# Tables linking a brief to one term each: table -> (facet, brief column, term column).
LINKS = {
    "briefs_brief_countries": ("country", "brief_id", "country_id"),
    "briefs_themedbrief": ("theme", "content_object_id", "tag_id"),
    "briefs_briefauthor": ("author", "brief_id", "author_id"),
}
# Facets counted off a brief's own row, besides its year: facet -> column (0027 adds the
# content type's, in its own ``Dialect``).
OWN = {"series": "series_id"}
COUNTRY_COLUMNS = ("id", "region_id")
TRIGGERED = {
    "briefs_brief": BRIEF_COLUMNS,
    **{table: ("id", brief, term) for table, (_facet, brief, term) in LINKS.items()},
    "countries_country": COUNTRY_COLUMNS,
}
EVENTS = ("INSERT", "UPDATE", "DELETE")


class Dialect:
    """How each database names a statement's rows and reads a year; which briefs are
    counted, and which facets are counted off a brief's own row. Later migrations make the
    counts again from this same code with a subclass: 0027 counts the content type as an
    ``own`` facet, 0028 leaves out the briefs with a take-down time."""

    # Facets counted off a brief's own row: facet -> column.
    own = OWN
    # The columns of a brief's row that ``counted()`` reads besides its status.
    rule_columns = ()
    # The columns of a brief's row whose each value has counts of its own besides the
    # facet's, under ``facets()`` names (0031 counts each language apart).
    split_columns = ()

    def __init__(self, vendor):
        self.postgresql = vendor == "postgresql"

    @property
    def brief_columns(self):
        """The columns of a brief's row that the counts read."""
        extra = (*self.rule_columns, *self.split_columns, *self.own.values())
        return (*BRIEF_COLUMNS, *dict.fromkeys(c for c in extra if c not in BRIEF_COLUMNS))

    @property
    def counted_columns(self):
        """The columns of a brief's row whose change may change what is counted of it."""
        return ("status", "publish_at", *self.own.values(), *self.rule_columns, *self.split_columns)

    def facets(self, facet, brief):
        """SQL naming the counts that a brief (the alias ``brief``) adds to under ``facet``:
        the facet's own, then one per ``split_columns`` value ("country@ru")."""
        return [f"'{facet}'", *(f"'{facet}@' || {brief}.{column}" for column in self.split_columns)]

    def grouped(self, brief):
        """SQL to add to a GROUP BY that counts per brief (the alias ``brief``): its
        ``split_columns``."""
        return "".join(f", {brief}.{column}" for column in self.split_columns)

    def rows(self, table, which):
        """The rows a write changed (``which`` is "new" or "old"), as something to select
        from: a transition table on PostgreSQL, the one row on SQLite."""
        if self.postgresql:
            return f"{which}_rows"
        row = which.upper()
        columns = self.brief_columns if table == "briefs_brief" else TRIGGERED[table]
        return "(SELECT " + ", ".join(f"{row}.{c} AS {c}" for c in columns) + ")"

    def counted(self, brief=None):
        """SQL: the brief ``brief`` (an alias; the briefs table itself when None) counts."""
        return f"{brief + '.' if brief else ''}status = 'published'"

    def not_counted(self, brief):
        return f"{brief}.status <> 'published'"

    def year(self, moment):
        if self.postgresql:
            return f"CAST(extract(year FROM {moment} AT TIME ZONE 'UTC') AS integer)"
        return f"CAST(substr({moment}, 1, 4) AS integer)"  # stored as UTC text


def row(facet, term, delta):
    return f"SELECT {facet} AS facet, {term} AS term, {delta} AS delta"


def brief_contributions(dialect, rows, sign):
    """(facet, term, delta) rows adding ``sign`` for each term of the published ``rows``."""

    def published(joins=""):
        return f" FROM {rows} r {joins}WHERE {dialect.counted('r')}"

    def linked(table, brief):
        return f"JOIN {table} l ON l.{brief} = r.id "

    in_countries = linked("briefs_brief_countries", "brief_id")
    in_regions = in_countries + "JOIN countries_country c ON c.id = l.country_id "
    parts = [
        *(
            row(named, f"r.{column}", sign) + published() + f" AND r.{column} IS NOT NULL"
            for facet, column in dialect.own.items()
            for named in dialect.facets(facet, "r")
        ),
        *(
            row(named, dialect.year("r.publish_at"), sign) + published()
            for named in dialect.facets("year", "r")
        ),
        *(
            row(named, "c.region_id", sign)
            + published(in_regions)
            + f" AND c.region_id IS NOT NULL GROUP BY r.id, c.region_id{dialect.grouped('r')}"
            for named in dialect.facets("region", "r")
        ),
    ]
    for table, (facet, brief, term) in LINKS.items():
        for named in dialect.facets(facet, "r"):
            parts.append(row(named, f"l.{term}", sign) + published(linked(table, brief)))
    return parts


def changed_briefs(dialect, which):
    """The brief rows of an UPDATE whose counted values changed (``which`` side)."""
    this, other = dialect.rows("briefs_brief", which), dialect.rows("briefs_brief", _other(which))
    kept = "".join(f"COALESCE(o.{c}, 0) = COALESCE(n.{c}, 0) AND " for c in dialect.own.values())
    kept += "".join(f"o.{c} = n.{c} AND " for c in dialect.split_columns)
    same = (
        f"({dialect.counted('o')}) = ({dialect.counted('n')}) AND ({dialect.not_counted('o')} OR "
        f"({kept}{dialect.year('o.publish_at')} = {dialect.year('n.publish_at')}))"
    )
    me, them = ("n", "o") if which == "new" else ("o", "n")
    return (
        f"(SELECT {me}.* FROM {this} {me} WHERE NOT EXISTS "
        f"(SELECT 1 FROM {other} {them} WHERE o.id = n.id AND {same}))"
    )


def _other(which):
    return "old" if which == "new" else "new"


def sides(event):
    """The (side, sign) pairs of rows an event changes."""
    return {"INSERT": [("new", 1)], "DELETE": [("old", -1)]}.get(event, [("new", 1), ("old", -1)])


def link_changes(dialect, table, event):
    """(facet, term, delta) rows for a write to a link table."""
    facet, brief, term = LINKS[table]
    signed = " UNION ALL ".join(
        f"SELECT {brief} AS brief, {term} AS term, {sign} AS delta FROM {dialect.rows(table, side)}"
        for side, sign in sides(event)
    )
    parts = [
        row(named, "l.term", "l.delta") + f" FROM ({signed}) l "
        f"JOIN briefs_brief b ON b.id = l.brief WHERE {dialect.counted('b')}"
        for named in dialect.facets(facet, "b")
    ]
    if table == "briefs_brief_countries":
        # A brief counts in a region while any of its countries is there: compare the
        # brief's countries in the region after the write with their number before it.
        split = dialect.grouped("b")
        changes = (
            f"SELECT l.brief, c.region_id{split}, SUM(l.delta) AS delta FROM ({signed}) l "
            "JOIN countries_country c ON c.id = l.term JOIN briefs_brief b ON b.id = l.brief "
            f"WHERE {dialect.counted('b')} AND c.region_id IS NOT NULL "
            f"GROUP BY l.brief, c.region_id{split}"
        )
        after = (
            "SELECT count(*) FROM briefs_brief_countries f "
            "JOIN countries_country fc ON fc.id = f.country_id "
            "WHERE f.brief_id = ch.brief AND fc.region_id = ch.region_id"
        )
        for named in dialect.facets("region", "p"):
            parts.append(
                row(
                    named,
                    "p.region_id",
                    "CASE WHEN p.after > 0 THEN 1 ELSE 0 END - "
                    "CASE WHEN p.after - p.delta > 0 THEN 1 ELSE 0 END",
                )
                + f" FROM (SELECT ch.region_id{dialect.grouped('ch')}, ch.delta, ({after}) AS after "
                f"FROM ({changes}) ch) p"
            )
    return parts


def brief_changes(dialect, event):
    """(facet, term, delta) rows for a write to briefs."""
    parts = []
    for side, sign in sides(event):
        rows = (
            changed_briefs(dialect, side)
            if event == "UPDATE"
            else dialect.rows("briefs_brief", side)
        )
        parts += brief_contributions(dialect, rows, sign)
    return parts


def add(parts):
    """The statement adding the deltas of ``parts`` to the counts."""
    union = " UNION ALL ".join(parts)
    return (
        f"INSERT INTO {COUNTS} (facet, term, count) "
        f"SELECT facet, term, SUM(delta) FROM ({union}) AS changes "
        # WHERE keeps SQLite from reading ON CONFLICT as a join's ON.
        "WHERE 1 = 1 GROUP BY facet, term HAVING SUM(delta) <> 0 "
        f"ON CONFLICT (facet, term) DO UPDATE SET count = {COUNTS}.count + excluded.count"
    )


def recount_regions(dialect, event):
    """The statement counting afresh the regions a write to countries moved out or in."""
    table = "countries_country"
    if event == "UPDATE":
        moved = (
            "SELECT {me}.region_id FROM {this} {me} WHERE NOT EXISTS (SELECT 1 FROM {other} "
            "{them} WHERE o.id = n.id AND COALESCE(o.region_id, 0) = COALESCE(n.region_id, 0))"
        )
        regions = " UNION ".join(
            moved.format(
                me=side[0],
                them=_other(side)[0],
                this=dialect.rows(table, side),
                other=dialect.rows(table, _other(side)),
            )
            for side in ("new", "old")
        )
    else:
        regions = " UNION ".join(
            f"SELECT region_id FROM {dialect.rows(table, side)}" for side, _ in sides(event)
        )
    in_region = (
        "SELECT count(DISTINCT f.brief_id) FROM briefs_brief_countries f "
        "JOIN countries_country c ON c.id = f.country_id "
        "JOIN briefs_brief b ON b.id = f.brief_id "
        f"WHERE c.region_id = r.region_id AND {dialect.counted('b')}"
    )
    statements = [
        f"INSERT INTO {COUNTS} (facet, term, count) "
        f"SELECT 'region', r.region_id, ({in_region}) FROM ({regions}) r "
        "WHERE r.region_id IS NOT NULL "
        "ON CONFLICT (facet, term) DO UPDATE SET count = excluded.count"
    ]
    if dialect.split_columns:
        # Split counts: zero each of the regions', then count afresh those of the values
        # its briefs have now (a value none has any more keeps its zero).
        statements.append(
            f"UPDATE {COUNTS} SET count = 0 WHERE substr(facet, 1, 7) = 'region@' "
            f"AND term IN (SELECT r.region_id FROM ({regions}) r)"
        )
    for column in dialect.split_columns:
        statements.append(
            f"INSERT INTO {COUNTS} (facet, term, count) "
            f"SELECT 'region@' || b.{column}, c.region_id, count(DISTINCT f.brief_id) "
            "FROM briefs_brief_countries f JOIN countries_country c ON c.id = f.country_id "
            "JOIN briefs_brief b ON b.id = f.brief_id "
            f"WHERE c.region_id IN (SELECT r.region_id FROM ({regions}) r) "
            f"AND {dialect.counted('b')} GROUP BY c.region_id, b.{column} "
            "ON CONFLICT (facet, term) DO UPDATE SET count = excluded.count"
        )
    return statements


def statements(dialect, table, event):
    """What a write of ``event`` to ``table`` runs on the counts."""
    if table == "briefs_brief":
        return [add(brief_changes(dialect, event))]
    if table == "countries_country":
        return recount_regions(dialect, event)
    return [add(link_changes(dialect, table, event))]


def recount(dialect):
    """Statements that count everything afresh from the briefs and their links."""
    return [
        f"DELETE FROM {COUNTS}",
        add(brief_contributions(dialect, "briefs_brief", 1)),
    ]


REFERENCING = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}
RECOUNT_FUNCTION = "briefs_recount_published"


def name(table, event):
    return f"published_counts_{table}_{event.lower()}"


def create_function(replace):
    """How the SQL below begins: a later migration replaces the function this one made."""
    return "CREATE OR REPLACE FUNCTION" if replace else "CREATE FUNCTION"


def postgres_recount_function(dialect, replace=False):
    """SQL making (or replacing) the function that counts afresh, on PostgreSQL."""
    body = "; ".join(recount(dialect))
    return (
        f"{create_function(replace)} {RECOUNT_FUNCTION}() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN {body}; RETURN NULL; END $$"
    )


def postgres_function(dialect, table, event, replace=False):
    """SQL making (or replacing) the function a write of ``event`` to ``table`` runs."""
    body = "; ".join(statements(dialect, table, event))
    return (
        f"{create_function(replace)} {name(table, event)}() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN {body}; RETURN NULL; END $$"
    )


def sqlite_trigger(dialect, table, event):
    """SQL making the row trigger of ``event`` on ``table``, on SQLite."""
    body = statements(dialect, table, event)
    if (table, event) == ("briefs_brief", "DELETE"):
        # Emptying the database (flush) deletes table by table, in any order, the counts'
        # table maybe first: with no brief left, nothing is counted.
        body.append(f"DELETE FROM {COUNTS} WHERE NOT EXISTS (SELECT 1 FROM briefs_brief)")
    steps = "".join(f"{statement}; " for statement in body)
    return (
        f"CREATE TRIGGER {name(table, event)} AFTER {event} ON {table} "
        f"FOR EACH ROW BEGIN {steps}END"
    )


def create_triggers(apps, schema_editor):
    """Count what is there, then keep counting."""
    execute = schema_editor.execute
    dialect = Dialect(schema_editor.connection.vendor)
    if dialect.postgresql:
        execute(postgres_recount_function(dialect))
        for table in TRIGGERED:
            for event in EVENTS:
                execute(postgres_function(dialect, table, event))
                execute(
                    f"CREATE TRIGGER {name(table, event)} AFTER {event} ON {table} "
                    f"REFERENCING {REFERENCING[event]} FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION {name(table, event)}()"
                )
            # TRUNCATE shows no rows: count afresh.
            execute(
                f"CREATE TRIGGER {name(table, 'truncate')} AFTER TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {RECOUNT_FUNCTION}()"
            )
    else:
        for table in TRIGGERED:
            for event in EVENTS:
                execute(sqlite_trigger(dialect, table, event))
    for statement in recount(dialect):
        execute(statement)


def drop_triggers(apps, schema_editor):
    execute = schema_editor.execute
    postgresql = schema_editor.connection.vendor == "postgresql"
    for table in TRIGGERED:
        for event in EVENTS:
            if postgresql:
                execute(f"DROP TRIGGER {name(table, event)} ON {table}")
                execute(f"DROP FUNCTION {name(table, event)}")
            else:
                execute(f"DROP TRIGGER {name(table, event)}")
        if postgresql:
            execute(f"DROP TRIGGER {name(table, 'truncate')} ON {table}")
    if postgresql:
        execute(f"DROP FUNCTION {RECOUNT_FUNCTION}")


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0007_content_generation"),
        ("countries", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedCount",
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
            options={"verbose_name": "published count", "ordering": ["facet", "term"]},
        ),
        migrations.AddConstraint(
            model_name="publishedcount",
            constraint=models.UniqueConstraint(fields=("facet", "term"), name="one_count_per_term"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
