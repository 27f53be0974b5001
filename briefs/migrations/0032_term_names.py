"""Themes, series and author roles have names in the site's other languages, typed by
editors: ``names``, ``titles`` and ``roles`` ({"ru": "…"}); a language without one shows
the default language's.

On SQLite, adding a column with a default rebuilds the table, and the triggers that read
briefs would stop the rebuilt table being renamed into place: they are set aside and put
back (``ops.sqlite_triggers``).
"""

from django.db import migrations, models

from ops.sqlite_triggers import put_triggers_back, set_triggers_aside


def field(what):
    return models.JSONField(
        blank=True,
        default=dict,
        editable=False,
        help_text=f"The {what} in each other site language, by language code; a language "
        f"without one shows the {what} in the default language.",
    )


class Migration(migrations.Migration):
    dependencies = [("briefs", "0031_counts_per_language")]

    operations = [
        migrations.RunPython(set_triggers_aside, put_triggers_back),
        migrations.AddField(model_name="author", name="roles", field=field("role")),
        migrations.AddField(model_name="series", name="titles", field=field("title")),
        migrations.AddField(model_name="theme", name="names", field=field("name")),
        migrations.RunPython(put_triggers_back, set_triggers_aside),
    ]
