"""Query lookups the ORM lacks."""

from django.core.exceptions import EmptyResultSet
from django.db.models import Lookup


def casefold(text):
    """Python's ``str.casefold``, as SQLite's ``casefold()`` (``register_casefold``)."""
    return None if text is None else text.casefold()


def register_casefold(sender, connection, **kwargs):
    """Give each new SQLite connection ``casefold()``: SQLite's own ``lower()`` and ``LIKE``
    fold ASCII letters only, so «Санкции» would not match «санкции»."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("casefold", 1, casefold, deterministic=True)


class FoldedContains(Lookup):
    """``text`` holds ``part`` whatever the case, in any script: both are case-folded
    (Unicode's full folding on SQLite, through ``register_casefold``; ``lower()``, which
    follows the database's locale, on PostgreSQL). A missing text (a brief in no series)
    holds nothing: false, never null, so that ``exclude()`` keeps its row."""

    lookup_name = "folded_contains"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"instr(casefold(COALESCE({lhs}, '')), casefold({rhs})) > 0", [
            *lhs_params,
            *rhs_params,
        ]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"strpos(lower(COALESCE({lhs}, '')), lower({rhs})) > 0", [*lhs_params, *rhs_params]


class AnyOf(Lookup):
    """``column`` is one of a list of ids: ``= ANY(%s)`` with the list as one array parameter
    on PostgreSQL (one parameter however many ids), ``IN (...)`` elsewhere."""

    prepare_rhs = False

    def as_sql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", [*params, *self.rhs]

    def as_postgresql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, params = self.process_lhs(compiler, connection)
        array_type = self.lhs.output_field.cast_db_type(connection)
        return f"{lhs} = ANY(%s::{array_type}[])", [*params, list(self.rhs)]
