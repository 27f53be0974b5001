"""Every slug follows ``briefs.content.slug_rule``: letters of any script are accepted, and a row
whose slug no address can carry (empty, as an emoji-only theme got, or with characters a
URL pattern refuses) gets a new one made from its name.

Every slug that could be reached before is a slug of the rule and is left as it is, so no
working address, and no former address that redirects, changes. The columns stay as they
are: only the state is altered, so SQLite does not rebuild the tables and their triggers.
"""

from django.db import migrations, models

from briefs.content.slug_rule import is_valid_slug, slug_for

# (app, model, the field a slug is made from, the word for a name with no letter or digit)
SLUGGED = [
    ("briefs", "Brief", "title", "brief"),
    ("briefs", "Series", "title", "series"),
    ("briefs", "Author", "name", "author"),
    ("briefs", "Theme", "name", "theme"),
    ("countries", "Country", "name", "country"),
    ("countries", "Region", "name", "region"),
]


def give_every_row_a_valid_slug(apps, schema_editor):
    for app_label, model_name, name_field, kind in SLUGGED:
        model = apps.get_model(app_label, model_name)
        max_length = model._meta.get_field("slug").max_length
        rows = list(model.objects.values_list("pk", name_field, "slug"))
        taken = {slug for _, _, slug in rows}
        for pk, name, slug in rows:
            if is_valid_slug(slug):
                continue
            number = 1
            while (new_slug := slug_for(name, kind, number, max_length)) in taken:
                number += 1
            taken.add(new_slug)
            model.objects.filter(pk=pk).update(slug=new_slug)


def unicode_slug(max_length, help_text=None):
    options = {"help_text": help_text} if help_text else {}
    return models.SlugField(allow_unicode=True, max_length=max_length, unique=True, **options)


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0010_search_vector_inline"),
        ("countries", "0003_unicode_slugs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="author",
                    name="slug",
                    field=unicode_slug(150, "Forms the author's page address: /authors/…/."),
                ),
                migrations.AlterField(
                    model_name="brief",
                    name="slug",
                    field=unicode_slug(
                        250, "Forms the brief's address: /briefs/…/. Keep it stable once published."
                    ),
                ),
                migrations.AlterField(model_name="oldslug", name="slug", field=unicode_slug(250)),
                migrations.AlterField(
                    model_name="series",
                    name="slug",
                    field=unicode_slug(200, "Forms the series' address: /series/…/."),
                ),
            ]
        ),
        migrations.RunPython(give_every_row_a_valid_slug, migrations.RunPython.noop),
    ]
