"""Every uploaded image is in the library once: the same file uploaded again, through the
library's form, the body editor or the brief form, gives back the image already there;
two uploads of one file at once end with one image and no error."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from briefs.library import uploads
from briefs.models import LibraryImage
from tests import image_files as files
from tests.factories import UserFactory

LIST = reverse("admin:briefs_libraryimage_changelist")
ADD = reverse("admin:briefs_libraryimage_add")
UPLOAD = reverse("admin:briefs_libraryimage_upload")
DATA = files.jpeg(1200, 600)


def stored_files():
    """Every file under the library's folders, renditions included."""
    found = []

    def walk(folder):
        folders, names = default_storage.listdir(folder)
        found.extend(f"{folder}/{name}" for name in names)
        for name in folders:
            walk(f"{folder}/{name}")

    for top in ("library", "renditions"):
        if default_storage.exists(top):
            walk(top)
    return sorted(found)


def upload_from_editor(client, data=DATA, alt="Gas exports by route", name="chart.jpg"):
    return client.post(UPLOAD, {"image": files.upload(data, name=name), "alt": alt})


def new_record(data=DATA, alt="Gas exports by route"):
    return LibraryImage(image=files.upload(data), title=alt, alt=alt)


@pytest.mark.django_db
def test_the_fingerprint_is_the_sha256_of_the_file_as_uploaded(editor):
    added = uploads.add_to_library(new_record(), editor)
    assert added.created
    assert added.image.fingerprint == uploads.fingerprint(DATA)
    with default_storage.open(added.image.image.name) as handle:
        assert handle.read() != DATA  # what is stored is re-encoded; the key is not of it


@pytest.mark.django_db
def test_the_same_file_from_the_body_editor_gives_back_the_image_and_says_so(client, contributor):
    client.force_login(contributor)
    first = upload_from_editor(client)
    assert first.status_code == 201 and first.json()["notice"] == ""
    before = stored_files()
    second = upload_from_editor(client, alt="Another description", name="copy.jpg")
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["notice"] == (
        "This image is already in the library as “Gas exports by route”; that one is used."
    )
    assert LibraryImage.objects.count() == 1
    assert stored_files() == before


@pytest.mark.django_db
def test_a_different_file_is_a_new_image(client, contributor):
    client.force_login(contributor)
    upload_from_editor(client)
    response = upload_from_editor(client, data=files.jpeg(1200, 601))
    assert response.status_code == 201 and LibraryImage.objects.count() == 2


@pytest.mark.django_db
def test_the_librarys_own_form_leads_to_the_image_already_there(editor_client):
    fields = {"title": "Ports", "alt": "Map of Caspian ports", "caption": "", "credit": ""}
    editor_client.post(ADD, {**fields, "image": files.upload(DATA)})
    image = LibraryImage.objects.get()
    response = editor_client.post(ADD, {**fields, "title": "Again", "image": files.upload(DATA)})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:briefs_libraryimage_change", args=[image.pk])
    notices = [str(message) for message in get_messages(response.wsgi_request)]
    assert notices[-1] == "This image is already in the library as “Ports”; that one is used."
    assert not any("Again" in notice for notice in notices)
    assert LibraryImage.objects.count() == 1


@pytest.mark.django_db
def test_a_replacement_file_already_in_the_library_is_refused(editor_client):
    fields = {"title": "Ports", "alt": "Map of Caspian ports", "caption": "", "credit": ""}
    editor_client.post(ADD, {**fields, "image": files.upload(DATA)})
    other = files.jpeg(800, 400)
    editor_client.post(ADD, {**fields, "title": "Roads", "image": files.upload(other)})
    roads = LibraryImage.objects.get(title="Roads")
    change = reverse("admin:briefs_libraryimage_change", args=[roads.pk])
    response = editor_client.post(change, {**fields, "title": "Roads", "image": files.upload(DATA)})
    assert response.status_code == 200
    assert "This file is already in the library as “Ports”: use that image." in response.text
    roads.refresh_from_db()
    assert roads.fingerprint == uploads.fingerprint(other)


@pytest.mark.django_db
def test_who_uploads_a_file_again_sees_the_image_as_their_own(client, contributor):
    """Another person's unpublished upload: the second uploader holds the file, so the
    library shows it to them from then on (and only to them)."""
    other = UserFactory(username="other-writer", group="Contributors")
    third = UserFactory(username="third-writer", group="Contributors")
    uploads.add_to_library(new_record(alt="Wombatine chart"), other)
    client.force_login(contributor)
    assert "Wombatine" not in client.get(LIST).text
    response = upload_from_editor(client)
    assert response.status_code == 200 and "Wombatine" in response.json()["notice"]
    assert "Wombatine" in client.get(LIST).text
    client.force_login(third)
    assert "Wombatine" not in client.get(LIST).text


@pytest.mark.django_db
def test_the_database_refuses_a_second_image_with_the_same_fingerprint(editor):
    uploads.add_to_library(new_record(), editor)
    twin = LibraryImage(
        image="library/x.jpg", title="t", alt="a", fingerprint=uploads.fingerprint(DATA)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


@pytest.mark.django_db
def test_losing_the_race_gives_back_the_winners_image_and_deletes_its_own_files(
    editor, monkeypatch
):
    """The look-up found nothing, then another upload of the file was saved first: the
    insert fails on the unique fingerprint, and the winner's image is used."""
    winner = uploads.add_to_library(new_record(alt="Winner"), editor).image
    before = stored_files()
    found = uploads._found
    calls = []

    def late(key, user):
        calls.append(key)
        return None if len(calls) == 1 else found(key, user)

    monkeypatch.setattr(uploads, "_found", late)
    added = uploads.add_to_library(new_record(alt="Loser"), UserFactory(username="second"))
    assert (added.image, added.created) == (winner, False)
    assert "“Winner”" in added.notice
    assert LibraryImage.objects.count() == 1
    assert stored_files() == before


@pytest.mark.django_db(transaction=True)
def test_two_uploads_of_one_file_at_once_make_one_image(client, settings):
    """Two threads, each with its own connection, upload the same file at the same moment:
    one image, both answered with it, no error."""
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("threads share no in-memory SQLite database: this race runs on PostgreSQL")
    # Another transactional test may have flushed the groups: superusers need none.
    users = [UserFactory(username=f"writer{n}", is_superuser=True) for n in range(2)]
    start = threading.Barrier(2)
    results, errors = [], []

    def upload(user):
        try:
            start.wait(timeout=10)
            results.append(uploads.add_to_library(new_record(), user))
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert LibraryImage.objects.count() == 1
    assert {added.image.pk for added in results} == {LibraryImage.objects.get().pk}
    assert sorted(added.created for added in results) == [False, True]
