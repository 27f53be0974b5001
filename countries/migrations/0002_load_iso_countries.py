"""Load every ISO 3166-1 country and a starting set of regions, so every database has them."""

import csv
from pathlib import Path

from django.db import migrations

ISO_FILE = Path(__file__).resolve().parent.parent / "data" / "iso3166-1.csv"

STARTING_REGIONS = {
    ("Eastern Europe", "eastern-europe"): ["BY", "MD", "RU", "UA"],
    ("South Caucasus", "south-caucasus"): ["AM", "AZ", "GE"],
    ("Central Asia", "central-asia"): ["KG", "KZ", "TJ", "TM", "UZ"],
    ("Baltic States", "baltic-states"): ["EE", "LT", "LV"],
    ("Black Sea and Middle East", "black-sea-and-middle-east"): ["IR", "TR"],
}


def load(apps, schema_editor):
    Country = apps.get_model("countries", "Country")
    Region = apps.get_model("countries", "Region")
    with ISO_FILE.open(newline="", encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            Country.objects.get_or_create(
                code=row["code"], defaults={"name": row["name"], "slug": row["slug"]}
            )
    for (name, slug), codes in STARTING_REGIONS.items():
        region, _ = Region.objects.get_or_create(slug=slug, defaults={"name": name})
        Country.objects.filter(code__in=codes, region__isnull=True).update(region=region)


def unload(apps, schema_editor):
    apps.get_model("countries", "Country").objects.all().delete()
    apps.get_model("countries", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("countries", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
