"""Search vectors kept in the briefs' rows (compressed) rather than in the TOAST table.

A vector is about 2.6 KB compressed, over PostgreSQL's 2 KB threshold, so by default it
went out of line: every ``search_vector @@ query`` check then read it back through the
TOAST index. A search checks a few thousand briefs newest first (a common word under a
filter checked 2,200, about 15 ms of TOAST reads at 100,000 briefs); kept in the row, with
``STORAGE MAIN``, the same checks take about 3 ms. The table grows (100 MB to 350 MB at
100,000 briefs); the hot listings read indexes and a few rows, and did not slow down.

Vectors written afterwards are stored so; existing ones move when the table is rewritten
(``VACUUM FULL briefs_brief``, see docs/performance.md). PostgreSQL only: SQLite leaves the
column empty.
"""

from django.db import migrations


def storage(kind):
    def alter(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE briefs_brief ALTER COLUMN search_vector SET STORAGE {kind}"
            )

    return alter


class Migration(migrations.Migration):
    dependencies = [("briefs", "0009_scheduled_counts")]

    operations = [migrations.RunPython(storage("MAIN"), storage("EXTENDED"))]
