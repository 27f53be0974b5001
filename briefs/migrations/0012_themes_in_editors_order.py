"""A brief's themes are read in the order the editor typed them (``briefs.content.themes``).

State only: no table changes.
"""

import briefs.content.themes
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0011_unicode_slugs"),
    ]

    operations = [
        migrations.AlterField(
            model_name="brief",
            name="themes",
            field=briefs.content.themes.ThemesField(
                blank=True,
                help_text="Separate themes with commas: “neutrality, energy security, Russia” is three themes. They are shown in the order typed; a new theme is created on first use.",
                through="briefs.ThemedBrief",
                to="briefs.Theme",
                verbose_name="themes",
            ),
        ),
    ]
