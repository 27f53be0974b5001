"""Search vectors are kept in the briefs' rows, so checking a word reads no TOAST table."""

import pytest
from django.db import connection

from tests.services import require_postgresql

pytestmark = pytest.mark.django_db


def test_search_vector_column_is_stored_in_the_row():
    """The column's storage is MAIN: compressed in the row, out of line only as a last resort."""
    require_postgresql()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'briefs_brief'::regclass AND attname = 'search_vector'"
        )
        assert cursor.fetchone()[0] == "m"
