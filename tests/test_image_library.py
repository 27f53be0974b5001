"""The image library in the admin, and the two addresses the body editor calls.

Contributors see their own uploads and the images of briefs they may see, never an image
shown only in another person's draft; an image in use is never deleted, and the refusal
lists the briefs that show it; uploads pass the project's image validation and are
stored re-encoded under generated names.
"""

import json
from io import BytesIO, StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from briefs.images import naming
from briefs.models import LibraryImage
from tests import image_files as files
from tests.factories import BriefFactory, UserFactory, library_image

pytestmark = pytest.mark.django_db

LIST = reverse("admin:briefs_libraryimage_changelist")
UPLOAD = reverse("admin:briefs_libraryimage_upload")
CHOICES = reverse("admin:briefs_libraryimage_choices")


def figure(image):
    return f'<figure data-image="{image.pk}"></figure>'


@pytest.fixture
def library(contributor):
    other = UserFactory(username="other-writer", group="Contributors")
    own = library_image(uploaded_by=contributor, title="My own upload", alt="Pipeline map")
    public = library_image(uploaded_by=other, title="In a public brief", alt="Ferry volumes")
    hidden = library_image(uploaded_by=other, title="Wombatine chart", alt="Secret chart")
    unused = library_image(uploaded_by=other, title="Unused upload", alt="Not yet placed")
    BriefFactory(title="Public ferries brief", body=figure(public), created_by=other)
    BriefFactory(title="Quokkafish draft", draft=True, body=figure(hidden), created_by=other)
    return {"own": own, "public": public, "hidden": hidden, "unused": unused}


def titles(response):
    return {image.title for image in response.context["cl"].result_list}


def test_contributors_see_their_own_and_public_images_only(client, contributor, library):
    client.force_login(contributor)
    assert titles(client.get(LIST)) == {"My own upload", "In a public brief"}
    for name, status in [("own", 200), ("public", 200), ("hidden", 302), ("unused", 302)]:
        url = reverse("admin:briefs_libraryimage_change", args=[library[name].pk])
        assert client.get(url).status_code == status, name


def test_editors_see_every_image_and_search_by_title_and_alt(editor_client, library):
    assert len(titles(editor_client.get(LIST))) == 4
    assert titles(editor_client.get(LIST, {"q": "ferry"})) == {"In a public brief"}
    assert titles(editor_client.get(LIST, {"q": "wombatine"})) == {"Wombatine chart"}


def test_the_list_shows_thumbnails_and_where_an_image_is_used(editor_client, library):
    page = editor_client.get(LIST).content.decode()
    assert 'src="/media/renditions/library/' in page
    change = reverse("admin:briefs_libraryimage_change", args=[library["public"].pk])
    page = editor_client.get(change).content.decode()
    assert "Public ferries brief" in page


def test_deleting_an_image_in_use_is_refused_with_the_briefs(editor_client, library):
    url = reverse("admin:briefs_libraryimage_delete", args=[library["public"].pk])
    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "Public ferries brief" in response.content.decode()
    assert LibraryImage.objects.filter(pk=library["public"].pk).exists()


def test_the_refusal_names_only_briefs_the_user_may_see(client, contributor, library):
    """A contributor's upload shown in another person's draft: the draft is counted, not named."""
    BriefFactory(draft=True, title="Pangolinia plan", body=figure(library["own"]))
    client.force_login(contributor)
    url = reverse("admin:briefs_libraryimage_delete", args=[library["own"].pk])
    page = client.post(url, {"post": "yes"}).content.decode()
    assert "1 brief you cannot open" in page
    assert "Pangolinia" not in page
    assert LibraryImage.objects.filter(pk=library["own"].pk).exists()


def test_the_delete_action_refuses_images_in_use(editor_client, library):
    data = {
        "action": "delete_selected",
        "post": "yes",
        "_selected_action": [library["public"].pk, library["unused"].pk],
    }
    page = editor_client.post(LIST, data).content.decode()
    assert "Public ferries brief" in page
    assert LibraryImage.objects.count() == 4


def test_an_unused_image_is_deleted_with_its_files(
    editor_client, library, django_capture_on_commit_callbacks
):
    image = library["unused"]
    names = [image.image.name] + [item["name"] for item in image.renditions["jpeg"]]
    assert all(default_storage.exists(name) for name in names)
    url = reverse("admin:briefs_libraryimage_delete", args=[image.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert not LibraryImage.objects.filter(pk=image.pk).exists()
    assert not any(default_storage.exists(name) for name in names)


def test_contributors_change_only_their_own_uploads(client, contributor, library):
    client.force_login(contributor)
    url = reverse("admin:briefs_libraryimage_delete", args=[library["public"].pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert LibraryImage.objects.filter(pk=library["public"].pk).exists()


def upload(client, data=None, **fields):
    fields = {"alt": "A bar chart of gas exports", "caption": "", "credit": "", **fields}
    if data is not None:
        fields["image"] = files.upload(data, name="azerbaijan-draft.jpg")
    return client.post(UPLOAD, fields)


def test_an_upload_from_the_editor_is_validated_re_encoded_and_renamed(client, contributor):
    client.force_login(contributor)
    response = upload(client, files.jpeg(2000, 1000, gps=True), credit="Source: IMF")
    assert response.status_code == 201
    answer = response.json()
    image = LibraryImage.objects.get(pk=answer["id"])
    assert answer["title"] == "A bar chart of gas exports"
    assert answer["thumbnail"].endswith("-480w.jpg")
    assert naming.is_generated(image.image.name)
    assert image.renditions["uploaded_name"] == "azerbaijan-draft.jpg"
    assert image.uploaded_by == contributor
    with default_storage.open(image.image.name) as handle:
        assert not Image.open(BytesIO(handle.read())).getexif()  # no GPS, no EXIF at all
    assert [item["width"] for item in image.renditions["webp"]] == [480, 800, 1200, 1600]


@pytest.mark.parametrize(
    ("data", "fields", "field", "words"),
    [
        (b"GIF89a" + b"\0" * 64, {}, "image", "GIF images are not accepted"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", {}, "image", "SVG"),
        (b"just text", {}, "image", "not an image"),
        (None, {}, "image", "required"),
        (files.jpeg(), {"alt": ""}, "alt", "required"),
    ],
    ids=["gif", "svg", "text", "no-file", "no-alt"],
)
def test_a_bad_upload_answers_400_with_the_reason_as_json(
    client, contributor, data, fields, field, words
):
    client.force_login(contributor)
    response = upload(client, data, **fields)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert words.lower() in errors[field][0]["message"].lower()
    assert not LibraryImage.objects.exists()


def test_an_oversized_image_is_refused_before_it_is_decoded(client, contributor, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    client.force_login(contributor)
    response = upload(client, files.jpeg())
    assert response.status_code == 400
    assert "limit" in response.json()["errors"]["image"][0]["message"]


def test_uploading_needs_the_right_to_add_and_a_post(client, contributor):
    client.force_login(UserFactory(username="reader-staff"))  # staff, in no group
    assert upload(client, files.jpeg()).status_code == 403
    client.force_login(contributor)
    assert client.get(UPLOAD).status_code == 405


def test_uploading_checks_the_csrf_token(contributor):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(contributor)
    assert upload(strict, files.jpeg()).status_code == 403
    assert not LibraryImage.objects.exists()


def test_choices_find_visible_images_by_words_or_id(client, contributor, library):
    client.force_login(contributor)
    found = client.get(CHOICES, {"q": "chart"}).json()["results"]
    assert [item["title"] for item in found] == []  # the only chart is in someone's draft
    found = client.get(CHOICES, {"q": "pipeline"}).json()["results"]
    assert [item["title"] for item in found] == ["My own upload"]
    assert client.get(CHOICES, {"id": library["hidden"].pk}).json() == {"results": []}
    one = client.get(CHOICES, {"id": library["public"].pk}).json()["results"]
    assert one[0]["alt"] == "Ferry volumes"
    for bad in ("abc", "-1", "1" * 40, ""):
        assert client.get(CHOICES, {"id": bad}).json() == {"results": []}
    assert "Wombatine" not in json.dumps(client.get(CHOICES).json())


def test_rebuild_renditions_covers_library_images():
    """``manage.py rebuild_renditions`` writes a library image's lost renditions again."""
    image = library_image()
    lost = image.renditions["webp"][0]["name"]
    default_storage.delete(lost)
    call_command("rebuild_renditions", stdout=StringIO())
    assert default_storage.exists(lost)


@pytest.mark.parametrize(
    "body",
    [b'--nope\r\nContent-Disposition: form-data; name="image"\r\n\r\nabc', b"\x00\xff" * 50],
    ids=["unterminated", "garbage"],
)
def test_a_malformed_upload_request_answers_4xx(client, contributor, body):
    client.force_login(contributor)
    client.raise_request_exception = False
    response = client.post(UPLOAD, body, content_type="multipart/form-data; boundary=nope")
    assert 400 <= response.status_code < 500
    assert not LibraryImage.objects.exists()


def test_the_admin_form_adds_an_image_and_replaces_its_file(
    client, contributor, django_capture_on_commit_callbacks
):
    """Added on the library's own form: processed like an upload; a new file replaces the
    picture (and its renditions) everywhere, and the old files go once saved."""
    client.force_login(contributor)
    fields = {"title": "Ports", "alt": "Map of Caspian ports", "caption": "", "credit": ""}
    client.post(
        reverse("admin:briefs_libraryimage_add"), {**fields, "image": files.upload(files.jpeg())}
    )
    image = LibraryImage.objects.get()
    assert image.uploaded_by == contributor and naming.is_generated(image.image.name)
    old = [image.image.name, *(item["name"] for item in image.renditions["webp"])]
    change = reverse("admin:briefs_libraryimage_change", args=[image.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change, {**fields, "image": files.upload(files.jpeg(600, 300))})
    image.refresh_from_db()
    assert image.renditions["width"] == 600
    assert not any(default_storage.exists(name) for name in old)
