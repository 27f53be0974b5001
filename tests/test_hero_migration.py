"""Migrations 0023-0024: heroes move into the image library keeping their files, every
library image gets its fingerprint and exact duplicates are merged; backward, the heroes
come back to their briefs. The database's triggers survive both ways."""

import hashlib
import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import image_files as files

MIGRATION = importlib.import_module("briefs.migrations.0023_hero_from_library").Migration
BEFORE = [MIGRATION.dependencies[0]]
RENDITIONS = {"width": 10, "height": 5, "webp": [], "jpeg": [{"name": "r.jpg", "width": 10}]}


def migrate(target):
    """Migrate ``briefs`` to ``target``; the models of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


# The hero's two migrations, 0023 and 0024: later ones add triggers of their own.
AFTER = [("briefs", "0024_drop_hero_fields")]


def latest():
    executor = MigrationExecutor(connection)
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] == "briefs"]


def triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return sorted(name for (name,) in cursor.fetchall())


def stored(name, data):
    return default_storage.save(name, ContentFile(data))


@pytest.fixture
def old_world():
    """Briefs with heroes and library images, written with the models before 0018."""
    old = migrate(BEFORE)
    Brief, LibraryImage = old.get_model("briefs", "Brief"), old.get_model("briefs", "LibraryImage")
    BriefFigure = old.get_model("briefs", "BriefFigure")
    red, blue, grey = files.jpeg(300, 150), files.jpeg(320, 160), files.jpeg(340, 170)

    def brief(slug, **fields):
        return Brief.objects.create(title=slug, slug=slug, dek="Summary.", **fields)

    def image(name, data, alt, **fields):
        return LibraryImage.objects.create(
            image=stored(name, data), title=alt, alt=alt, renditions=RENDITIONS, **fields
        )

    shared = stored("heroes/2024/shared.jpg", red)
    world = {
        # Two briefs with the one stored file: one library image, the first brief's words.
        "first": brief(
            "first",
            hero_image=shared,
            hero_alt="Tankers",
            hero_caption="At dawn.",
            hero_credit="Photo: BP",
            hero_renditions=RENDITIONS,
        ),
        "second": brief("second", hero_image=shared, hero_alt="Other words"),
        # A library image and its exact twin (file and words), shown as figures.
        "chart": image("library/2024/chart.jpg", blue, "Gas chart"),
        "chart_twin": image("library/2024/chart-copy.jpg", blue, "Gas chart"),
        # Same file, other words: kept apart.
        "map": image("library/2024/map.jpg", grey, "Map of ports"),
        "map_other": image("library/2024/map-copy.jpg", grey, "Ports, annotated"),
        # A hero whose file is the chart's, with the chart's words: it uses the chart.
        "charted": brief(
            "charted", hero_image=stored("heroes/2024/chart.jpg", blue), hero_alt="Gas chart"
        ),
        # A hero whose file is gone: it moves, without a fingerprint.
        "lost": brief("lost", hero_image="heroes/2024/gone.jpg", hero_alt="Gone"),
        "plain": brief("plain"),
    }
    twin = world["chart_twin"].pk
    world["figured"] = brief("figured", body=f'<p>A.</p><figure data-image="{twin}"></figure>')
    BriefFigure.objects.create(brief=world["figured"], image_id=twin)
    both = brief(
        "both",
        body=f'<figure data-image="{world["chart"].pk}"></figure>'
        f'<figure data-image="{twin}"></figure>',
    )
    BriefFigure.objects.create(brief=both, image=world["chart"])
    BriefFigure.objects.create(brief=both, image_id=twin)
    world["both"] = both
    world["shared_name"] = shared
    return world


@pytest.mark.django_db(transaction=True)
def test_heroes_move_into_the_library_and_come_back(old_world):
    before_triggers = triggers()
    try:
        new = migrate(AFTER)
        assert triggers() == before_triggers
        Brief = new.get_model("briefs", "Brief")
        LibraryImage = new.get_model("briefs", "LibraryImage")
        BriefFigure = new.get_model("briefs", "BriefFigure")

        def brief(slug):
            return Brief.objects.select_related("hero").get(slug=slug)

        first, second = brief("first"), brief("second")
        assert first.hero_id == second.hero_id
        hero = first.hero
        assert hero.image.name == old_world["shared_name"]  # the same file, not re-encoded
        assert hero.renditions == RENDITIONS
        assert (hero.alt, hero.caption, hero.credit) == ("Tankers", "At dawn.", "Photo: BP")
        assert hero.fingerprint == _sha(old_world["shared_name"])

        chart = old_world["chart"].pk
        assert brief("charted").hero_id == chart
        assert not LibraryImage.objects.filter(pk=old_world["chart_twin"].pk).exists()
        assert brief("figured").body == f'<p>A.</p><figure data-image="{chart}"></figure>'
        assert list(
            BriefFigure.objects.filter(brief__slug="figured").values_list("image", flat=True)
        ) == [chart]
        assert list(
            BriefFigure.objects.filter(brief__slug="both").values_list("image", flat=True)
        ) == [chart]

        kept = LibraryImage.objects.filter(pk__in=[old_world["map"].pk, old_world["map_other"].pk])
        assert sorted(bool(image.fingerprint) for image in kept) == [False, True]
        assert brief("lost").hero.fingerprint is None and brief("lost").hero.alt == "Gone"
        assert brief("plain").hero_id is None

        old = migrate(BEFORE)
        assert triggers() == before_triggers
        Brief = old.get_model("briefs", "Brief")
        LibraryImage = old.get_model("briefs", "LibraryImage")
        restored = Brief.objects.get(slug="first")
        assert (restored.hero_image.name, restored.hero_alt, restored.hero_caption) == (
            old_world["shared_name"],
            "Tankers",
            "At dawn.",
        )
        assert restored.hero_credit == "Photo: BP" and restored.hero_renditions == RENDITIONS
        assert Brief.objects.get(slug="second").hero_alt == "Tankers"  # one image, its words
        assert Brief.objects.get(slug="plain").hero_image.name == ""
        # Images that were only heroes left the library; the chart, a figure too, stays.
        assert not LibraryImage.objects.filter(image=old_world["shared_name"]).exists()
        assert LibraryImage.objects.filter(pk=chart).exists()
        assert default_storage.exists(old_world["shared_name"])
    finally:
        migrate(latest())


def _sha(name):
    with default_storage.open(name) as handle:
        return hashlib.sha256(handle.read()).hexdigest()
