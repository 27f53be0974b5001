"""Every brief has a language (the site's default for the briefs there are), and may be a
translation of another brief, at most one per language. A place in a series is one brief
per language: a translation of part 2 is part 2 too.

On SQLite, adding a column with a default rebuilds the table, and a rebuilt table loses
its triggers (so does adding a constraint): they are set aside and put back, as in 0024
and 0027.
"""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

import briefs.content.languages

hero_from_library = import_module("briefs.migrations.0023_hero_from_library")


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0028_take_down_at"),
    ]

    operations = [
        migrations.RunPython(
            hero_from_library.set_triggers_aside, hero_from_library.put_triggers_back
        ),
        migrations.AddField(
            model_name="brief",
            name="language",
            field=models.CharField(
                choices=briefs.content.languages.language_choices,
                default=briefs.content.languages.default_language,
                help_text="The language the brief is written in; its page is at that "
                "language's addresses (/ru/briefs/…/ for Russian).",
                max_length=15,
            ),
        ),
        migrations.AddField(
            model_name="brief",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The original this brief translates; empty for an original.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="translations",
                to="briefs.brief",
                verbose_name="translation of",
            ),
        ),
        migrations.RemoveConstraint(model_name="brief", name="unique_position_in_series"),
        migrations.AddConstraint(
            model_name="brief",
            constraint=models.UniqueConstraint(
                fields=("series", "series_position", "language"),
                name="unique_position_in_series",
            ),
        ),
        migrations.AddConstraint(
            model_name="brief",
            constraint=models.UniqueConstraint(
                fields=("translation_of", "language"),
                name="one_translation_per_language",
                violation_error_message="The original already has a translation in this "
                "language.",
            ),
        ),
        migrations.AddConstraint(
            model_name="brief",
            constraint=models.CheckConstraint(
                condition=~models.Q(translation_of=models.F("pk")),
                name="not_a_translation_of_itself",
            ),
        ),
        migrations.RunPython(
            hero_from_library.put_triggers_back, hero_from_library.set_triggers_aside
        ),
    ]
