"""A brief keeps when its words last changed, so that the admin can tell which of its
translations are out of date (``briefs.editorial.translations``). Briefs there are take
their last save's time: the best that is known of them.

A nullable column with no default is added in place, even on SQLite: the table is not
rebuilt and keeps its triggers.
"""

from django.db import migrations, models


def from_last_save(apps, schema_editor):
    Brief = apps.get_model("briefs", "Brief")
    Brief.objects.update(text_changed_at=models.F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0029_brief_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="brief",
            name="text_changed_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="text last changed"),
        ),
        migrations.RunPython(from_last_save, migrations.RunPython.noop),
    ]
