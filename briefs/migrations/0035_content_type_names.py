"""Content types are named in each site language, like the other terms
(docs/languages.md, "Names of terms"): the first three get their Russian names.

On SQLite, adding a column with a default rebuilds the table and loses its triggers (0027's
on content types among them): they are set aside and put back (``ops.sqlite_triggers``).
"""

from importlib import import_module

from django.db import migrations

from ops.sqlite_triggers import put_triggers_back, set_triggers_aside

term_names = import_module("briefs.migrations.0032_term_names")

# slug: (name, plural name) in Russian, for the types migration 0027 made.
RUSSIAN = {
    "brief": ("Записка", "Записки"),
    "commentary": ("Комментарий", "Комментарии"),
    "report": ("Доклад", "Доклады"),
}


def name_first_types(apps, schema_editor):
    BriefKind = apps.get_model("briefs", "BriefKind")
    for slug, (name, plural) in RUSSIAN.items():
        BriefKind.objects.filter(slug=slug, names={}, plural_names={}).update(
            names={"ru": name}, plural_names={"ru": plural}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0034_search_in_each_language"),
    ]

    operations = [
        migrations.RunPython(set_triggers_aside, put_triggers_back),
        migrations.AddField(model_name="briefkind", name="names", field=term_names.field("name")),
        migrations.AddField(
            model_name="briefkind", name="plural_names", field=term_names.field("plural name")
        ),
        migrations.RunPython(put_triggers_back, set_triggers_aside),
        migrations.RunPython(name_first_types, migrations.RunPython.noop),
    ]
