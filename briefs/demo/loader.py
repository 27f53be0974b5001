"""Read the demo content shipped in this folder and create what is missing.

Existing records (matched by slug) are left as they are, so loading twice changes
nothing and never overwrites an editor's changes to a demo brief.

A brief's file may name its ``language`` (a code of ``settings.LANGUAGES``; the default
language without one) and the brief it translates (``translation_of``, the original's
slug): originals are loaded before translations, so the original is always there.
"""

import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from briefs.content.languages import default_language
from briefs.demo.drawings import DRAWINGS
from briefs.library import uploads
from briefs.models import (
    Author,
    Brief,
    BriefAuthor,
    BriefKind,
    KeyPointsLabel,
    LibraryImage,
    Series,
    Theme,
)
from countries.models import Country

DEMO_DIR = Path(__file__).resolve().parent


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    existing: dict = field(default_factory=dict)

    def count(self, kind, created):
        bucket = self.created if created else self.existing
        bucket[kind] = bucket.get(kind, 0) + 1


def _read(name):
    with (DEMO_DIR / name).open("rb") as file:
        return tomllib.load(file)


@transaction.atomic
def load_demo_content():
    report = LoadReport()
    for entry in _read("authors.toml")["author"]:
        slug = entry.pop("slug")
        _, created = Author.objects.get_or_create(slug=slug, defaults=entry)
        report.count("authors", created)
    for entry in _read("series.toml")["series"]:
        slug = entry.pop("slug")
        _, created = Series.objects.get_or_create(slug=slug, defaults=entry)
        report.count("series", created)
    today_at_nine = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    for entry in brief_entries():
        report.count("briefs", _create_brief(entry, today_at_nine))
    for entry in _read("themes.toml")["theme"]:
        Theme.objects.filter(name=entry["name"], names={}).update(names=entry["names"])
    return report


def brief_entries():
    """Each demo brief's file read, the originals before the translations that link to them."""
    entries = []
    for path in sorted((DEMO_DIR / "briefs").glob("*.toml")):
        with path.open("rb") as file:
            entries.append(tomllib.load(file))
    return sorted(entries, key=lambda entry: "translation_of" in entry)


def _create_brief(entry, today_at_nine):
    if Brief.objects.filter(slug=entry["slug"]).exists():
        return False
    days_ago = entry.get("published_days_ago")
    body = entry["body"]
    for figure in entry.get("figure", []):
        image = _library_image(figure)
        body = body.replace(f'data-image="{figure["key"]}"', f'data-image="{image.pk}"')
    brief = Brief.objects.create(
        title=entry["title"],
        slug=entry["slug"],
        dek=entry["dek"],
        body=body,
        notes=entry.get("notes", ""),
        key_points=entry.get("key_points", "").strip(),
        key_points_label=entry.get("key_points_label", KeyPointsLabel.KEY_POINTS),
        status=entry["status"],
        publish_at=None if days_ago is None else today_at_nine - timedelta(days=days_ago),
        series=Series.objects.get(slug=entry["series"]) if "series" in entry else None,
        series_position=entry.get("series_position"),
        language=entry.get("language", default_language()),
        translation_of=(
            Brief.objects.get(slug=entry["translation_of"]) if "translation_of" in entry else None
        ),
        # Demo items name their type by slug; without one, the default type (Brief).
        **({"kind": BriefKind.objects.get(slug=entry["type"])} if "type" in entry else {}),
    )
    brief.countries.set(Country.objects.filter(code__in=entry["countries"]))
    brief.themes.set(entry.get("themes", []))
    for position, slug in enumerate(entry["authors"], start=1):
        BriefAuthor.objects.create(
            brief=brief, author=Author.objects.get(slug=slug), position=position
        )
    return True


def _library_image(figure):
    """A figure's drawing, added to the image library as an upload is: a drawing already
    there (the demo loaded before, its brief deleted since) is used again."""
    image = LibraryImage(
        title=figure["title"],
        alt=figure["alt"],
        caption=figure.get("caption", ""),
        credit=figure.get("credit", ""),
        image=ContentFile(DRAWINGS[figure["drawing"]](), name=f"{figure['key']}.png"),
    )
    return uploads.add_to_library(image, by=None).image
