"""The image library: images shown as figures in briefs' bodies, and where each is shown.

Besides the tables: editors get every permission on the library, contributors may add,
change, view and delete (the admin narrows these to their own uploads, see
briefs/editorial/admin/image_library.py); and a change to, or removal of, a library image
replaces the public content generation, as a change to an author or a series does
(0007_content_generation): pages showing the image must show its new caption at once.
"""

from django.contrib.auth.management import create_permissions
import briefs.images.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

LIBRARY = "briefs_libraryimage"
EVENTS = ("UPDATE", "DELETE")
PERMISSIONS = {
    "Editors": ["add", "change", "delete", "view"],
    "Contributors": ["add", "change", "delete", "view"],
}
SQLITE_BUMP = (
    "INSERT INTO briefs_contentgeneration (id, token, changed_at) "
    "VALUES (1, lower(hex(randomblob(16))), strftime('%Y-%m-%d %H:%M:%f', 'now')) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token, changed_at = excluded.changed_at"
)


def trigger_name(event):
    return f"generation_{LIBRARY}_{event.lower()}"


def create_triggers(apps, schema_editor):
    execute = schema_editor.execute
    for event in EVENTS:
        name = trigger_name(event)
        if schema_editor.connection.vendor == "postgresql":
            execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN IF EXISTS (SELECT 1 FROM old_rows) THEN "
                "PERFORM briefs_bump_generation(); END IF; RETURN NULL; END $$"
            )
            execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {LIBRARY} REFERENCING "
                f"OLD TABLE AS old_rows{' NEW TABLE AS new_rows' if event == 'UPDATE' else ''} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )
        else:
            execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {LIBRARY} "
                f"FOR EACH ROW BEGIN {SQLITE_BUMP}; END"
            )


def drop_triggers(apps, schema_editor):
    execute = schema_editor.execute
    for event in EVENTS:
        name = trigger_name(event)
        if schema_editor.connection.vendor == "postgresql":
            execute(f"DROP TRIGGER {name} ON {LIBRARY}")
            execute(f"DROP FUNCTION {name}")
        else:
            execute(f"DROP TRIGGER {name}")


def grant_permissions(apps, schema_editor):
    # Permissions are normally created after migrate; this migration needs them now.
    app_config = apps.get_app_config("briefs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=PERMISSIONS):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="briefs",
                codename__in=[f"{action}_libraryimage" for action in PERMISSIONS[group.name]],
            )
        )


def revoke_permissions(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="briefs", codename__endswith="_libraryimage"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0012_themes_in_editors_order"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LibraryImage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "image",
                    briefs.images.fields.UploadedImageField(
                        help_text="JPEG, PNG or WebP, up to 20 MB and 40 megapixels; at least 1600 pixels wide looks sharp on every screen.",
                        upload_to="library/%Y/",
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text="For finding the image in the library; readers do not see it.",
                        max_length=200,
                    ),
                ),
                (
                    "alt",
                    models.CharField(
                        help_text="What the image shows or says, for readers who cannot see it: for a chart, its main finding.",
                        max_length=300,
                        verbose_name="alt text",
                    ),
                ),
                ("caption", models.CharField(blank=True, max_length=300)),
                (
                    "credit",
                    models.CharField(
                        blank=True,
                        help_text="E.g. “Source: IMF, World Economic Outlook” or “Photo: Reuters”.",
                        max_length=200,
                        verbose_name="source or credit",
                    ),
                ),
                ("renditions", models.JSONField(blank=True, default=dict, editable=False)),
                ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "library image",
                "ordering": ["-uploaded_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="BriefFigure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "brief",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="figure_uses",
                        to="briefs.brief",
                    ),
                ),
                (
                    "image",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="uses",
                        to="briefs.libraryimage",
                    ),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name="libraryimage",
            constraint=models.CheckConstraint(
                condition=models.Q(("alt", ""), _negated=True),
                name="library_image_has_alt_text",
                violation_error_message="Describe the image in its alt text.",
            ),
        ),
        migrations.AddConstraint(
            model_name="brieffigure",
            constraint=models.UniqueConstraint(
                fields=("brief", "image"), name="one_use_per_brief_and_image"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(grant_permissions, revoke_permissions),
    ]
