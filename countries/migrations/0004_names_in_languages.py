"""Countries and regions have names in the site's other languages (``names``): countries
from the ISO 3166-1 translations (``countries.names``), the starting regions from here.

Names already there stay, so running the fill again (``manage.py fill_country_names``)
never undoes an editor's. On SQLite, adding the columns rebuilds the tables, and the
triggers that read them are set aside meanwhile (``ops.sqlite_triggers``).
"""

from django.db import migrations, models

from countries.names import fill_names
from ops.sqlite_triggers import put_triggers_back, set_triggers_aside
from ops.term_names import other_languages

STARTING_REGION_NAMES = {
    "eastern-europe": {"ru": "Восточная Европа"},
    "south-caucasus": {"ru": "Южный Кавказ"},
    "central-asia": {"ru": "Центральная Азия"},
    "baltic-states": {"ru": "Страны Балтии"},
    "black-sea-and-middle-east": {"ru": "Черноморский регион и Ближний Восток"},
}


def fill(apps, schema_editor):
    Country = apps.get_model("countries", "Country")
    Region = apps.get_model("countries", "Region")
    languages = [code for code, _name in other_languages()]
    Country.objects.bulk_update(fill_names(Country.objects.all(), languages), ["names"])
    for region in Region.objects.filter(slug__in=STARTING_REGION_NAMES):
        region.names = {**STARTING_REGION_NAMES[region.slug], **region.names}
        region.save(update_fields=["names"])


def field():
    return models.JSONField(
        blank=True,
        default=dict,
        editable=False,
        help_text="The name in each other site language, by language code; a language "
        "without one shows the name in the default language.",
    )


class Migration(migrations.Migration):
    dependencies = [("countries", "0003_unicode_slugs")]

    operations = [
        migrations.RunPython(set_triggers_aside, put_triggers_back),
        migrations.AddField(model_name="region", name="names", field=field()),
        migrations.AddField(model_name="country", name="names", field=field()),
        migrations.RunPython(put_triggers_back, set_triggers_aside),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
