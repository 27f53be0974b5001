"""Slugs of regions and countries may hold letters of any script (``briefs.content.slug_rule``).

Only the validation changes, not the column: the state alone is altered, so SQLite does
not rebuild the tables.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0002_load_iso_countries"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="country",
                    name="slug",
                    field=models.SlugField(
                        allow_unicode=True,
                        help_text="Forms the country's web address: /countries/…/.",
                        max_length=100,
                        unique=True,
                    ),
                ),
                migrations.AlterField(
                    model_name="region",
                    name="slug",
                    field=models.SlugField(
                        allow_unicode=True,
                        help_text="Forms the region's web address: /regions/…/.",
                        max_length=100,
                        unique=True,
                    ),
                ),
            ]
        ),
    ]
