"""A brief's key points (one per line) and the label of their box.

The columns are added with ``ALTER TABLE ... ADD COLUMN``, with a constant default, on
both databases: Django would rebuild the whole table on SQLite to add a column that is
not null, and a rebuilt table loses the triggers that keep the public generation
(migration 0007).
"""

from django.db import migrations, models

KEY_POINTS_HELP = (
    "Optional. One point per line, at most 8 points; shown in a box above the body under "
    "the label chosen above."
)


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0014_brief_pdfs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE briefs_brief ADD COLUMN key_points_label varchar(20) "
                    "NOT NULL DEFAULT 'key-points'",
                    "ALTER TABLE briefs_brief DROP COLUMN key_points_label",
                ),
                migrations.RunSQL(
                    "ALTER TABLE briefs_brief ADD COLUMN key_points text NOT NULL DEFAULT ''",
                    "ALTER TABLE briefs_brief DROP COLUMN key_points",
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="brief",
                    name="key_points_label",
                    field=models.CharField(
                        choices=[
                            ("key-points", "Key points"),
                            ("recommendations", "Recommendations"),
                        ],
                        default="key-points",
                        max_length=20,
                        verbose_name="label of the key points",
                    ),
                ),
                migrations.AddField(
                    model_name="brief",
                    name="key_points",
                    field=models.TextField(
                        blank=True, help_text=KEY_POINTS_HELP, max_length=2000
                    ),
                ),
            ],
        ),
    ]
