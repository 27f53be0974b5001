"""Create the Editors and Contributors groups with the permissions each role needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ_ONLY = ["view"]
FULL = ["add", "change", "delete", "view"]

GROUPS = {
    "Editors": {
        "briefs": {
            "brief": FULL,
            "briefauthor": FULL,
            "author": FULL,
            "series": FULL,
            "theme": FULL,
        },
        "countries": {"country": FULL, "region": FULL},
    },
    "Contributors": {
        "briefs": {
            "brief": ["add", "change", "view"],
            "briefauthor": FULL,
            "author": READ_ONLY,
            "series": READ_ONLY,
            "theme": READ_ONLY,
        },
        "countries": {"country": READ_ONLY, "region": READ_ONLY},
    },
}
EXTRA = {"Editors": [("briefs", "publish_brief")]}


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, apps_models in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = [
            (app_label, f"{action}_{model}")
            for app_label, models in apps_models.items()
            for model, actions in models.items()
            for action in actions
        ] + EXTRA.get(group_name, [])
        for app_label, codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0001_initial"),
        ("countries", "0002_load_iso_countries"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
