"""Stored image names are generated: an unpublished brief's picture has no guessable address."""

import re
from io import StringIO
from pathlib import PurePosixPath

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from briefs import images
from briefs.images.processing import decode
from briefs.images.renditions import build_renditions
from briefs.models import Brief, LibraryImage
from countries.models import Country
from tests import image_files as files
from tests.factories import AuthorFactory, BriefFactory
from tests.test_admin import brief_form, with_authors

pytestmark = pytest.mark.django_db

CLIENT_NAME = "azerbaijan-draft.jpg"
# 128 random bits in hex, then for a rendition its width.
GENERATED = re.compile(r"[0-9a-f]{32}(-\d+w)?")


def every_name(record, field, renditions):
    return images.stored_names(getattr(record, field).name, getattr(record, renditions))


def assert_generated(names):
    for name in names:
        assert GENERATED.fullmatch(PurePosixPath(name).stem), name
        assert "azerbaijan" not in name.lower() and "draft" not in name.lower(), name


def add_brief_with_hero(editor_client, slug, width=1700):
    data = with_authors(
        brief_form(
            slug=slug,
            status="draft",
            countries=[Country.objects.get(code="AZ").pk],
            hero_image=files.upload(files.jpeg(width, width // 2), name=CLIENT_NAME),
            hero_alt="Oil tankers at the Sangachal terminal",
        ),
        AuthorFactory(),
    )
    response = editor_client.post(reverse("admin:briefs_brief_add"), data)
    assert response.status_code == 302
    return Brief.objects.get(slug=slug)


def test_admin_uploads_are_stored_under_generated_names(editor_client):
    """The original and every rendition are named by a random token, new for each file."""
    first = add_brief_with_hero(editor_client, "first-draft")
    second = add_brief_with_hero(editor_client, "second-draft", width=1800)
    names = [every_name(brief.hero, "image", "renditions") for brief in (first, second)]
    assert len(names[0]) == len(names[1]) == 9  # the original, four widths in two formats
    for brief_names in names:
        assert_generated(brief_names)
        assert all(default_storage.exists(name) for name in brief_names)
    assert not set(names[0]) & set(names[1])


def test_the_uploaded_file_name_is_kept_as_metadata_and_shown_to_editors(editor_client):
    """The editor still sees which file they uploaded, next to the current image."""
    brief = add_brief_with_hero(editor_client, "named-draft")
    assert brief.hero.renditions["uploaded_name"] == CLIENT_NAME
    change_form = editor_client.get(reverse("admin:briefs_brief_change", args=[brief.pk]))
    assert f"Uploaded as {CLIENT_NAME}" in change_form.text


def test_any_save_of_an_image_field_generates_the_name():
    """A photo saved without the admin's processing still gets a generated name."""
    author = AuthorFactory()
    author.photo = files.upload(files.jpeg(600, 600), name="Leyla Hasanova portrait.JPG")
    author.save()
    assert GENERATED.fullmatch(PurePosixPath(author.photo.name).stem)
    assert author.photo.name.startswith("authors/") and author.photo.name.endswith(".jpg")


def legacy_hero(name="heroes/2024/azerbaijan-draft.jpg"):
    """A brief whose hero was stored, before names were generated, under the uploader's name
    (and moved into the library as it was, by migration 0018)."""
    stored = default_storage.save(name, ContentFile(files.jpeg(1700, 850)))
    with default_storage.open(stored) as handle:
        image, _format = decode(handle)
    hero = LibraryImage.objects.create(
        image=stored,
        title="Oil tankers",
        alt="Oil tankers at the Sangachal terminal",
        renditions=build_renditions(stored, image),
    )
    return BriefFactory(hero=hero)


def rename(capture_on_commit):
    """Run ``rebuild_renditions --rename`` to the end, old files deleted; its output."""
    out = StringIO()
    with capture_on_commit(execute=True):
        call_command("rebuild_renditions", "--rename", stdout=out)
    return out.getvalue()


def test_rename_moves_guessable_names_to_generated_ones(django_capture_on_commit_callbacks):
    """--rename copies the image to a generated name, rebuilds its renditions, drops the old."""
    brief = legacy_hero()
    old = every_name(brief.hero, "image", "renditions")
    assert any("azerbaijan-draft" in name for name in old)
    output = rename(django_capture_on_commit_callbacks)
    brief.hero.refresh_from_db()
    new = every_name(brief.hero, "image", "renditions")
    assert_generated(new)
    assert all(default_storage.exists(name) for name in new)
    assert not any(default_storage.exists(name) for name in old)
    assert brief.hero.renditions["uploaded_name"] == "azerbaijan-draft.jpg"
    assert "Rebuilt renditions for 1 image; 0 failed." in output
    assert "Renamed 1 image to generated names; 0 already had one." in output


def test_rename_is_safe_to_re_run(django_capture_on_commit_callbacks):
    """A second run renames nothing, keeps the names and the files, and says so."""
    brief = legacy_hero()
    rename(django_capture_on_commit_callbacks)
    brief.hero.refresh_from_db()
    first = every_name(brief.hero, "image", "renditions")
    output = rename(django_capture_on_commit_callbacks)
    brief.hero.refresh_from_db()
    assert every_name(brief.hero, "image", "renditions") == first
    assert all(default_storage.exists(name) for name in first)
    assert "Renamed 0 images to generated names; 1 already had one." in output


def test_rebuild_without_rename_points_at_guessable_names():
    """A plain rebuild leaves names alone and says how many are still guessable."""
    brief = legacy_hero()
    out = StringIO()
    call_command("rebuild_renditions", stdout=out)
    brief.hero.refresh_from_db()
    assert brief.hero.image.name == "heroes/2024/azerbaijan-draft.jpg"
    assert "1 image still stored under the uploader's file name" in out.getvalue()
    assert "--rename" in out.getvalue()
