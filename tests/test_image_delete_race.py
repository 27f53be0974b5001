"""Deleting a library image while a brief that shows it is saved: the delete is refused
with the list of briefs, or the save keeps its text and the figure draws nothing; never
a 500, whichever goes first and on either database."""

import json
import shutil
import sys

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse

from briefs.editorial.admin.forms import BriefAdminForm
from briefs.editorial.admin.image_library import LibraryImageAdmin
from briefs.models import Brief, LibraryImage
from tests import image_delete_race
from tests.factories import BriefFactory, CountryFactory, UserFactory, library_image
from tests.forms import form_data
from tests.processes import run
from tests.test_sqlite_busy import LONG_TIMEOUT, child_env, migrated_file  # noqa: F401

FIGURE_LOST = "An image of the library was deleted while this brief was being saved"


def a_brief_shows_it_meanwhile(monkeypatch, image, title):
    """Between the delete page's check and the delete, a save makes a brief show ``image``."""
    checked = LibraryImageAdmin.get_deleted_objects

    def check_then_a_save_commits(admin, objs, request):
        answer = checked(admin, objs, request)
        BriefFactory(title=title, body=image_delete_race.BODY.format(image.pk))
        return answer

    monkeypatch.setattr(LibraryImageAdmin, "get_deleted_objects", check_then_a_save_commits)


@pytest.mark.django_db
def test_an_image_that_came_into_use_meanwhile_is_not_deleted(editor_client, editor, monkeypatch):
    """The delete page found no brief; one came to show the image before the delete ran:
    the delete is refused naming it, the image and its use stay."""
    image = library_image(uploaded_by=editor, title="Route map")
    a_brief_shows_it_meanwhile(monkeypatch, image, "Pipelines and power")
    url = reverse("admin:briefs_libraryimage_delete", args=[image.pk])
    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:briefs_libraryimage_change", args=[image.pk])
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "“Route map” is shown in" in message and "Pipelines and power" in message
    assert "Nothing was deleted" in message
    assert LibraryImage.objects.filter(pk=image.pk).exists()


@pytest.mark.django_db
def test_the_lists_delete_action_refuses_the_same_way(editor_client, editor, monkeypatch):
    """Deleting from the library's list, with a use appearing meanwhile, is refused too."""
    image = library_image(uploaded_by=editor, title="Route map")
    a_brief_shows_it_meanwhile(monkeypatch, image, "Pipelines and power")
    url = reverse("admin:briefs_libraryimage_changelist")
    response = editor_client.post(
        url, {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"}
    )
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Pipelines and power" in m and "Nothing was deleted" in m for m in messages)
    assert not any("Successfully deleted" in m for m in messages)
    assert LibraryImage.objects.filter(pk=image.pk).exists()


@pytest.mark.django_db
def test_a_save_whose_image_was_deleted_meanwhile_keeps_its_text(
    editor_client, editor, monkeypatch
):
    """The form was checked with the image in the library; it was deleted before the save
    wrote: the brief is saved, the figure draws nothing, and the editor is told."""
    image = library_image(uploaded_by=editor)
    brief = BriefFactory(draft=True)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = {**form_data(editor_client.get(url)), "body": image_delete_race.BODY.format(image.pk)}
    checked = BriefAdminForm._refuse_figures

    def refuse_then_delete(form, body):
        checked(form, body)
        LibraryImage.objects.filter(pk=image.pk).delete()

    monkeypatch.setattr(BriefAdminForm, "_refuse_figures", refuse_then_delete)
    response = editor_client.post(url, data, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(FIGURE_LOST in m and str(image.pk) in m for m in messages), messages
    brief.refresh_from_db()
    assert brief.body == image_delete_race.BODY.format(image.pk)
    assert not brief.figure_uses.exists()
    preview = editor_client.get(reverse("admin:briefs_brief_preview", args=[brief.pk]))
    assert preview.status_code == 200
    assert "Exports by route" in preview.content.decode()
    assert "<figure" not in preview.content.decode().split('class="prose"')[1].split("</div>")[0]


def editors_and_brief():
    """Two editors (superusers: a flushed database has no groups), an image, a brief."""
    saver, deleter = (
        image_delete_race_client(UserFactory(username=name, is_superuser=True))
        for name in ("saver", "deleter")
    )
    image = library_image(title="Route map")
    brief = BriefFactory(draft=True, title="Gas storage in winter", countries=[CountryFactory()])
    return saver, deleter, brief, image


def image_delete_race_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("on SQLite, the file scenarios below race two connections")


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_delete_during_a_save_is_refused():
    """The save recorded the figure's use and is still writing when the delete comes: the
    delete waits for it, then is refused naming the brief; the save succeeds."""
    postgresql_only()
    outcome = image_delete_race.delete_during_save(*editors_and_brief())
    assert_delete_refused_and_save_kept(outcome)


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_save_during_a_delete_keeps_its_text():
    """The delete is under way when the save comes: the save waits for it, then keeps its
    text, the figure drawing nothing, and says so; the image is gone."""
    postgresql_only()
    outcome = image_delete_race.save_during_delete(*editors_and_brief())
    assert_saved_without_the_deleted_image(outcome)


def assert_delete_refused_and_save_kept(outcome):
    assert outcome["saved"]["status"] == 200, outcome["saved"].get("error")
    assert outcome["deleted"]["status"] == 200, outcome["deleted"].get("error")
    refusal = " ".join(outcome["deleted"]["messages"]) + outcome["deleted"]["html"]
    assert "Gas storage in winter" in refusal
    assert outcome["image_exists"]
    assert outcome["uses"] and "data-image" in outcome["stored_body"]


def assert_saved_without_the_deleted_image(outcome):
    assert outcome["deleted"]["status"] == 200, outcome["deleted"].get("error")
    assert not outcome["image_exists"]
    assert outcome["saved"]["status"] == 200, outcome["saved"].get("error")
    if any(FIGURE_LOST in message for message in outcome["saved"]["messages"]):
        # The save checked its form before the delete committed: saved, figure kept as a
        # reference that draws nothing.
        assert outcome["stored_body"].startswith("<p>Exports by route")
        assert outcome["uses"] == []
    else:
        # The save waited for the whole delete (SQLite): its form is refused, text kept.
        assert "not in the image library" in outcome["saved"]["html"]
        assert "Exports by route, before and after." in outcome["saved"]["html"]


@pytest.fixture
def race_on_a_file(migrated_file, tmp_path):  # noqa: F811
    def scenario(name):
        database, result = tmp_path / "db.sqlite3", tmp_path / "result.json"
        shutil.copy(migrated_file, database)
        done = run(
            [sys.executable, "-m", "tests.sqlite_file_editors", name, str(result)],
            env=child_env(database, LONG_TIMEOUT),
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(result.read_text())

    return scenario


def test_on_a_sqlite_file_a_delete_during_a_save_is_refused(race_on_a_file):
    """Two connections to one SQLite file: the delete waits for the save's lock."""
    assert_delete_refused_and_save_kept(race_on_a_file("image-delete-during-save"))


def test_on_a_sqlite_file_a_save_during_a_delete_keeps_its_text(race_on_a_file):
    """Two connections to one SQLite file: the save waits for the delete's lock."""
    assert_saved_without_the_deleted_image(race_on_a_file("image-save-during-delete"))


def test_a_brief_saved_outside_the_admin_records_its_figures_in_one_transaction(db, editor):
    """Brief.save() writes the brief and its figures' uses together: a failure recording
    the uses leaves no half-saved brief."""
    image = library_image(uploaded_by=editor)
    brief = BriefFactory(draft=True, title="Before")
    brief.title, brief.body = "After", image_delete_race.BODY.format(image.pk)

    def fail(self, adding=False):
        raise RuntimeError("the uses could not be written")

    original = Brief.record_figures
    Brief.record_figures = fail
    try:
        with pytest.raises(RuntimeError):
            brief.save()
    finally:
        Brief.record_figures = original
    assert Brief.objects.get(pk=brief.pk).title == "Before"
