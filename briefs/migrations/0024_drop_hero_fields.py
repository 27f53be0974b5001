"""The brief's own hero fields go: its hero is a library image since 0018.

On SQLite, dropping the check that tied the alt text to the image rebuilds the table, and
a rebuilt table loses its triggers (the public generation, the counts, the facet terms of
0007-0017): every trigger is set aside before and created again after, in both directions. A separate
migration from 0018 because PostgreSQL refuses to alter a table in the transaction that
changed its rows' foreign keys.
"""

from importlib import import_module

from django.db import migrations

hero_from_library = import_module("briefs.migrations.0023_hero_from_library")
set_triggers_aside = hero_from_library.set_triggers_aside
put_triggers_back = hero_from_library.put_triggers_back


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0023_hero_from_library"),
    ]

    operations = [
        migrations.RunPython(set_triggers_aside, put_triggers_back),
        migrations.RemoveConstraint(model_name="brief", name="hero_image_has_alt_text"),
        migrations.RemoveField(model_name="brief", name="hero_alt"),
        migrations.RemoveField(model_name="brief", name="hero_caption"),
        migrations.RemoveField(model_name="brief", name="hero_credit"),
        migrations.RemoveField(model_name="brief", name="hero_image"),
        migrations.RemoveField(model_name="brief", name="hero_renditions"),
        migrations.RunPython(put_triggers_back, set_triggers_aside),
    ]
