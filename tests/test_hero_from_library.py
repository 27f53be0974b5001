"""Hero images come from the image library: picked or uploaded on the brief form, shown
with the library image's words, kept out of sight while their brief is hidden, and
counted where the library says where an image is used."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.urls import reverse

from briefs.editorial.admin.forms import BriefAdminForm
from briefs.models import Brief, LibraryImage
from tests import image_files as files
from tests.factories import BriefFactory, UserFactory, library_image
from tests.forms import form_data
from tests.query_counts import PUBLIC_PAGE_MAX_QUERIES, assert_query_budget
from tests.test_feeds import FEED_MAX_QUERIES

pytestmark = pytest.mark.django_db

LIST = reverse("admin:briefs_libraryimage_changelist")
AUTOCOMPLETE = reverse("admin:autocomplete")


def change_url(brief):
    return reverse("admin:briefs_brief_change", args=[brief.pk])


def save_brief(client, brief, **changes):
    """Save ``brief`` through its change form, as shown, with ``changes`` made."""
    data = form_data(client.get(change_url(brief)))
    data.update(_save="Save", **changes)
    return client.post(change_url(brief), data)


def rendition_names(image):
    return [item["name"] for kind in ("webp", "jpeg") for item in image.renditions[kind]]


@pytest.fixture
def newsroom(contributor):
    """A contributor's draft, their own upload, an image of a public brief's hero, and an
    image that is only the hero of another person's draft."""
    other = UserFactory(username="other-writer", group="Contributors")
    own = library_image(uploaded_by=contributor, title="My own upload", alt="Pipeline map")
    public = library_image(uploaded_by=other, title="Ferry photo", alt="Ferry at Baku port")
    hidden = library_image(
        uploaded_by=other,
        title="Wombatine photo",
        alt="Secret summit",
        image=files.upload(files.jpeg(1700, 850)),
    )
    BriefFactory(title="Public ferries brief", hero=public, created_by=other)
    other_draft = BriefFactory(title="Quokkafish draft", draft=True, hero=hidden, created_by=other)
    draft = BriefFactory(draft=True, created_by=contributor, title="My draft")
    return {
        "own": own,
        "public": public,
        "hidden": hidden,
        "draft": draft,
        "other_draft": other_draft,
    }


def test_an_editor_picks_a_hero_and_readers_see_the_library_images_words(client, editor_client):
    """The page shows the library image's renditions, alt text, caption and credit."""
    image = library_image(alt="Tankers at Sangachal", caption="The terminal.", credit="Photo: BP")
    brief = BriefFactory(title="Caspian oil")
    response = save_brief(editor_client, brief, hero=str(image.pk))
    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.hero == image
    page = client.get(brief.get_absolute_url()).content.decode()
    assert 'alt="Tankers at Sangachal"' in page
    assert "The terminal." in page and "Photo: BP" in page
    assert default_storage.url(image.renditions["jpeg"][-1]["name"]) in page


def test_the_change_form_shows_the_chosen_hero_as_a_thumbnail(editor_client):
    image = library_image(alt="Tankers at Sangachal", caption="The terminal.")
    brief = BriefFactory(hero=image)
    page = editor_client.get(change_url(brief)).content.decode()
    assert default_storage.url(image.renditions["jpeg"][0]["name"]) in page
    assert "Tankers at Sangachal · The terminal." in page
    assert 'data-choices="/admin/briefs/libraryimage/choices/"' in page


def test_a_correction_in_the_library_corrects_every_brief(client, editor_client):
    """Two briefs share a hero; its alt text changed once is changed on both pages."""
    image = library_image(alt="A ferry", title="Ferry")
    first, second = BriefFactory(hero=image), BriefFactory(hero=image)
    change = reverse("admin:briefs_libraryimage_change", args=[image.pk])
    response = editor_client.post(
        change,
        {"title": "Ferry", "alt": "A ferry leaving Baku at dawn", "caption": "", "credit": ""},
    )
    assert response.status_code == 302
    for brief in (first, second):
        assert 'alt="A ferry leaving Baku at dawn"' in client.get(brief.get_absolute_url()).text


@pytest.mark.parametrize(
    ("hero", "allowed"),
    [("own", True), ("public", True), ("hidden", False), ("999999", False), ("x'1", False)],
)
def test_a_contributor_picks_only_images_they_may_see(client, contributor, newsroom, hero, allowed):
    """A tampered POST (another person's draft's image, an id that does not exist, junk)
    is a form error, never a 500, and the brief keeps its hero."""
    client.force_login(contributor)
    value = str(newsroom[hero].pk) if hero in newsroom else hero
    response = save_brief(client, newsroom["draft"], hero=value)
    newsroom["draft"].refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert newsroom["draft"].hero == newsroom[hero]
    else:
        assert response.status_code == 200
        assert "Select a valid choice" in response.text
        assert newsroom["draft"].hero is None
        assert "Wombatine" not in response.text


def test_the_autocomplete_offers_only_images_the_user_may_see(client, contributor, newsroom):
    client.force_login(contributor)
    query = {"app_label": "briefs", "model_name": "brief", "field_name": "hero", "term": ""}
    found = client.get(AUTOCOMPLETE, query).json()["results"]
    assert {item["text"] for item in found} == {"My own upload", "Ferry photo"}
    query["term"] = "wombatine"
    assert client.get(AUTOCOMPLETE, query).json()["results"] == []


def test_a_draft_briefs_hero_stays_out_of_sight(client, contributor, newsroom):
    """Its renditions' addresses are on no public page, and another contributor cannot find
    it in the library, its choices or the autocomplete."""
    hidden = newsroom["hidden"]
    names = [hidden.image.name, *rendition_names(hidden)]
    for url in ["/", "/briefs/", "/feed/", "/feed/atom/", "/sitemap.xml"]:
        page = client.get(url).content.decode()
        assert not any(name in page for name in names), url
    assert client.get(newsroom["other_draft"].get_absolute_url()).status_code == 404
    client.force_login(contributor)
    assert "Wombatine" not in client.get(LIST).text
    choices = reverse("admin:briefs_libraryimage_choices")
    assert client.get(choices, {"id": hidden.pk}).json()["results"] == []


def test_an_editor_sees_a_drafts_hero_in_the_library(editor_client, newsroom):
    assert "Wombatine photo" in editor_client.get(LIST).text


def test_uploading_a_hero_on_the_form_adds_it_to_the_library(client, contributor, newsroom):
    """The new file, with its alt text, caption and credit, becomes a library image owned by
    the uploader, and the brief's hero; it wins over a pick made in the same save."""
    client.force_login(contributor)
    response = save_brief(
        client,
        newsroom["draft"],
        hero=str(newsroom["own"].pk),
        hero_image=files.upload(files.jpeg(1600, 800), name="Ararat.jpg"),
        hero_alt="Mount Ararat seen from Yerevan",
        hero_caption="Ararat at dawn.",
        hero_credit="Photo: A. Petrosyan",
    )
    assert response.status_code == 302
    newsroom["draft"].refresh_from_db()
    hero = newsroom["draft"].hero
    assert (hero.alt, hero.caption, hero.credit, hero.title) == (
        "Mount Ararat seen from Yerevan",
        "Ararat at dawn.",
        "Photo: A. Petrosyan",
        "Mount Ararat seen from Yerevan",
    )
    assert hero.uploaded_by == contributor and hero.fingerprint
    assert hero.renditions["uploaded_name"] == "Ararat.jpg"


def test_a_hero_upload_needs_alt_text_and_stores_nothing_without_it(editor_client):
    brief = BriefFactory()
    response = save_brief(
        editor_client, brief, hero_image=files.upload(files.jpeg()), hero_alt="  "
    )
    assert response.status_code == 200
    assert "Describe the new image for readers who cannot see it." in response.text
    assert not LibraryImage.objects.exists() and not default_storage.exists("library")


def test_a_hero_upload_of_a_file_in_the_library_uses_that_image_and_says_so(editor_client):
    data = files.jpeg(1600, 800)
    first = BriefFactory()
    save_brief(editor_client, first, hero_image=files.upload(data), hero_alt="Tbilisi street")
    second = BriefFactory()
    response = save_brief(
        editor_client, second, hero_image=files.upload(data, name="again.jpg"), hero_alt="Other"
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.hero == first.hero and LibraryImage.objects.count() == 1
    notices = [str(message) for message in get_messages(response.wsgi_request)]
    assert "This image is already in the library as “Tbilisi street”; that one is used." in notices
    _folders, stored = default_storage.listdir(first.hero.image.name.rsplit("/", 1)[0])
    assert len(stored) == 1  # the second upload wrote no file


def test_used_in_counts_heroes_and_figures_once_per_brief(editor_client):
    image = library_image(title="Shared map")
    both = BriefFactory(
        title="Map twice", hero=image, body=f'<figure data-image="{image.pk}"></figure>'
    )
    BriefFactory(title="Map as hero", hero=image)
    listed = editor_client.get(LIST).context["cl"].result_list
    assert [row.use_count for row in listed if row.pk == image.pk] == [2]
    page = editor_client.get(reverse("admin:briefs_libraryimage_change", args=[image.pk])).text
    assert "Map twice" in page and "Map as hero" in page
    assert both.figure_uses.get().image == image


def test_deleting_an_image_used_as_a_hero_is_refused_with_the_briefs(editor_client):
    image = library_image(title="Hero only")
    BriefFactory(title="Hero brief", draft=True, hero=image)
    url = reverse("admin:briefs_libraryimage_delete", args=[image.pk])
    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "Hero brief" in response.text
    assert LibraryImage.objects.filter(pk=image.pk).exists()
    action = {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"}
    editor_client.post(LIST, action)
    assert LibraryImage.objects.filter(pk=image.pk).exists()


def test_a_contributor_sees_the_count_of_briefs_they_may_see_only(client, contributor, newsroom):
    """The hidden draft's use of an image is not counted for a contributor."""
    shared = newsroom["public"]
    BriefFactory(
        title="Another draft", draft=True, hero=shared, created_by=newsroom["hidden"].uploaded_by
    )
    client.force_login(contributor)
    listed = client.get(LIST).context["cl"].result_list
    assert [row.use_count for row in listed if row.pk == shared.pk] == [1]


def test_the_brief_page_with_a_hero_keeps_its_query_budget(client):
    """The hero comes with the brief in one query, whatever else is on the site."""
    brief = BriefFactory(hero=library_image())

    def more_briefs():
        for _ in range(3):
            BriefFactory(hero=library_image(image=files.upload(files.jpeg(640, 320))))

    response = assert_query_budget(
        lambda: client.get(brief.get_absolute_url()), more_briefs, PUBLIC_PAGE_MAX_QUERIES
    )
    assert response.status_code == 200 and 'class="brief__hero"' in response.text
    assert Brief.objects.filter(hero__isnull=False).count() == 4


def test_a_brief_save_refused_meanwhile_keeps_the_upload_picked(editor_client, monkeypatch):
    """The address was taken after the form was checked (the database refuses the brief's
    row, and the library image written with it goes too): the form says why and comes back
    with the upload kept once in the library, picked as the hero; the brief is unchanged."""
    brief = BriefFactory(slug="taken-later")
    original = Brief.save

    def refused(self, *args, **kwargs):
        if self.pk == brief.pk:
            raise IntegrityError("UNIQUE constraint failed: briefs_brief.slug")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Brief, "save", refused)
    monkeypatch.setattr(
        BriefAdminForm, "taken_meanwhile", lambda form: ("The address is taken.", "slug")
    )
    response = save_brief(
        editor_client, brief, hero_image=files.upload(files.jpeg(900, 450)), hero_alt="A photo"
    )
    assert response.status_code == 200
    assert "The address is taken." in response.text
    kept = LibraryImage.objects.get()
    assert kept.alt == "A photo"
    assert default_storage.exists(kept.image.name)
    assert response.context["adminform"].form["hero"].value() == str(kept.pk)
    brief.refresh_from_db()
    assert brief.hero is None


def no_files(folder):
    if not default_storage.exists(folder):
        return True
    folders, names = default_storage.listdir(folder)
    return not names and all(no_files(f"{folder}/{name}") for name in folders)


def test_a_feed_of_briefs_with_heroes_keeps_its_query_budget(client):
    """Each entry's hero comes with its brief: twenty heroes cost what one does."""
    with_hero_brief = BriefFactory(hero=library_image())
    url = reverse("briefs:site-feed-rss")
    client.get(url)  # warm up per-process caches

    def more_briefs():
        for width in range(600, 619):
            BriefFactory(hero=library_image(image=files.upload(files.jpeg(width, 300))))

    response = assert_query_budget(lambda: client.get(url), more_briefs, FEED_MAX_QUERIES)
    assert response.text.count("<media:content") == 20
    assert with_hero_brief.hero.image.url in response.text
