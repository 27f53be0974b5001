"""Never lose a draft: the brief form's unsaved fields are kept on the server, offered back
when the form is opened again, and restored without saving; the stale-save rule still holds."""

import json
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from briefs.models import Autosave, Brief, ContentGeneration
from tests.factories import AuthorFactory, BriefFactory, CountryFactory, UserFactory
from tests.forms import form_data

RESTORE = "Restore unsaved changes from"


def change_url(brief):
    return reverse("admin:briefs_brief_change", args=[brief.pk])


def autosave_url(brief=None):
    if brief is None:
        return reverse("admin:briefs_brief_autosave_new")
    return reverse("admin:briefs_brief_autosave", args=[brief.pk])


def as_json(fields):
    """A form's fields as autosave.js posts them: every value a list of strings."""
    return json.dumps(
        {name: values if isinstance(values, list) else [values] for name, values in fields.items()}
    )


def autosave(client, brief, **typed):
    """Open the brief's form, type ``typed`` into it, and let the script post it."""
    url = change_url(brief) if brief else reverse("admin:briefs_brief_add")
    fields = {**form_data(client.get(url)), **typed}
    return client.post(autosave_url(brief), as_json(fields), content_type="application/json")


@pytest.fixture
def anna(client):
    client.force_login(
        UserFactory(username="anna", first_name="Anna", last_name="Petrosyan", group="Editors")
    )
    return client


@pytest.mark.django_db
class TestKeeping:
    def test_an_autosave_keeps_the_typed_fields_and_leaves_the_brief_alone(self, anna):
        """The row holds the typed title on the version opened; the brief, its version and
        its revisions are as they were."""
        brief = BriefFactory(draft=True, title="Original title")
        before = Brief.objects.values("title", "version", "updated_at").get(pk=brief.pk)
        response = autosave(anna, brief, title="A title typed, not saved")
        assert response.status_code == 200
        assert "saved_at" in response.json()
        row = Autosave.objects.get()
        assert (row.brief, row.base_version) == (brief, 1)
        assert row.data["title"] == ["A title typed, not saved"]
        assert "csrfmiddlewaretoken" not in row.data
        assert Brief.objects.values("title", "version", "updated_at").get(pk=brief.pk) == before
        assert not Version.objects.get_for_object(brief).exists()

    def test_an_autosave_of_a_public_brief_retires_no_page(
        self, anna, settings, django_assert_max_num_queries
    ):
        """The content generation stays, and the cached page is served without a query."""
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        settings.PAGE_CACHE_SECONDS = 300
        cache.clear()
        brief = BriefFactory(title="Read by many")
        token = ContentGeneration.objects.get().token
        reader = Client()
        assert reader.get(brief.get_absolute_url()).status_code == 200
        assert autosave(anna, brief, title="Retitled, not saved").status_code == 200
        assert ContentGeneration.objects.get().token == token
        with django_assert_max_num_queries(1):  # at most a fresh reading of the generation
            page = reader.get(brief.get_absolute_url()).content.decode()
        assert "Read by many" in page and "Retitled" not in page
        cache.clear()

    def test_a_second_autosave_replaces_the_first(self, anna):
        brief = BriefFactory(draft=True)
        autosave(anna, brief, title="First")
        autosave(anna, brief, title="Second")
        assert list(Autosave.objects.values_list("data__title", flat=True)) == [["Second"]]

    def test_each_person_keeps_their_own(self, anna):
        """Ben's unsaved changes are his: Anna is not offered them."""
        brief = BriefFactory(draft=True)
        ben = Client()
        ben.force_login(UserFactory(username="ben", group="Editors"))
        autosave(ben, brief, title="Ben's idea")
        assert RESTORE not in anna.get(change_url(brief)).content.decode()
        assert RESTORE in ben.get(change_url(brief)).content.decode()

    def test_an_insert_that_loses_to_another_post_updates_the_row_instead(self, anna, monkeypatch):
        """The other post inserts the row between this one's look-up and insert: the unique
        constraint refuses the insert, and the row is updated; one row, no error."""
        brief = BriefFactory(draft=True)
        user = UserFactory(username="anna")
        save = Autosave.save

        def other_post_first(row, *args, **kwargs):
            monkeypatch.setattr(Autosave, "save", save)
            Autosave.objects.bulk_create([Autosave(user=user, brief=brief, data={})])
            return save(row, *args, **kwargs)

        monkeypatch.setattr(Autosave, "save", other_post_first)
        assert autosave(anna, brief, title="Mine").status_code == 200
        assert list(Autosave.objects.values_list("data__title", flat=True)) == [["Mine"]]


@pytest.mark.django_db
class TestRestoring:
    def test_reopening_offers_the_changes_and_the_link_fills_the_form_without_saving(self, anna):
        brief = BriefFactory(draft=True, title="Original title")
        other = AuthorFactory(name="Lala Mammadova")
        autosave(
            anna,
            brief,
            title="Typed title",
            dek="Typed summary.",
            body="<p>Typed body.</p>",
            byline=[str(other.pk)],
        )
        page = anna.get(change_url(brief)).content.decode()
        assert RESTORE in page and 'href="?restore=autosave"' in page

        restored = anna.get(change_url(brief) + "?restore=autosave")
        html = restored.content.decode()
        assert "The form shows your unsaved changes from" in html
        assert RESTORE not in html
        fields = form_data(restored)
        assert fields["title"] == "Typed title"
        assert fields["dek"] == "Typed summary."
        assert fields["body"] == "<p>Typed body.</p>"
        assert fields["byline"] == str(other.pk)
        assert fields["base_version"] == "1"
        assert Brief.objects.get(pk=brief.pk).title == "Original title"

        assert anna.post(change_url(brief), fields).status_code == 302
        stored = Brief.objects.get(pk=brief.pk)
        assert (stored.title, stored.dek, stored.version) == ("Typed title", "Typed summary.", 2)
        assert stored.ordered_authors == [other]
        assert not Autosave.objects.exists()
        assert RESTORE not in anna.get(change_url(brief)).content.decode()

    def test_a_stale_autosave_comes_with_a_warning_and_never_overwrites_silently(self, anna):
        """Anna's changes were typed on version 1; Ben saved version 2. She is warned, and
        her Save of the restored form is refused with the usual message first."""
        brief = BriefFactory(draft=True, title="Original title")
        autosave(anna, brief, title="Anna's title")
        ben = Client()
        ben.force_login(UserFactory(username="ben", first_name="Ben", group="Editors"))
        ben_form = form_data(ben.get(change_url(brief)))
        assert ben.post(change_url(brief), {**ben_form, "title": "Ben's title"}).status_code == 302

        offer = anna.get(change_url(brief)).content.decode()
        assert RESTORE in offer and "Ben saved this brief at" in offer

        restored = anna.get(change_url(brief) + "?restore=autosave")
        assert "Ben saved this brief at" in restored.content.decode()
        fields = form_data(restored)
        assert (fields["title"], fields["base_version"]) == ("Anna's title", "1")

        refused = anna.post(change_url(brief), fields)
        assert refused.status_code == 200
        assert "saved this brief at" in refused.content.decode()
        assert Brief.objects.get(pk=brief.pk).title == "Ben's title"

        assert anna.post(change_url(brief), form_data(refused)).status_code == 302
        assert Brief.objects.get(pk=brief.pk).title == "Anna's title"
        assert not Autosave.objects.exists()

    def test_the_add_form_keeps_and_restores_a_new_brief(
        self, anna, django_capture_on_commit_callbacks
    ):
        fields = form_data(anna.get(reverse("admin:briefs_brief_add")))
        typed = {
            **fields,
            "title": "A brief not saved yet",
            "slug": "a-brief-not-saved-yet",
            "dek": "Its summary.",
            "body": "<p>Its body.</p>",
            "countries": [str(BriefFactory().countries.get().pk)],
            "byline": [str(AuthorFactory().pk)],
        }
        response = anna.post(autosave_url(), as_json(typed), content_type="application/json")
        assert response.status_code == 200
        assert Autosave.objects.get().brief is None

        assert RESTORE in anna.get(reverse("admin:briefs_brief_add")).content.decode()
        restored = form_data(anna.get(reverse("admin:briefs_brief_add") + "?restore=autosave"))
        assert restored["title"] == "A brief not saved yet"
        assert [restored["byline"]] == typed["byline"]
        assert not Brief.objects.filter(slug="a-brief-not-saved-yet").exists()

        assert anna.post(reverse("admin:briefs_brief_add"), restored).status_code == 302
        assert Brief.objects.get(slug="a-brief-not-saved-yet").dek == "Its summary."
        assert not Autosave.objects.exists()

    def test_a_refused_save_keeps_the_autosave(self, anna):
        """A save that is refused saved nothing: the unsaved changes stay on offer."""
        brief = BriefFactory(draft=True)
        autosave(anna, brief, title="Kept")
        fields = form_data(anna.get(change_url(brief)))
        assert anna.post(change_url(brief), {**fields, "title": ""}).status_code == 200
        assert Autosave.objects.filter(brief=brief).exists()


@pytest.mark.django_db
class TestWhoMay:
    def test_a_contributor_autosaves_their_own_draft(self, contributor_client, contributor):
        brief = BriefFactory(draft=True, created_by=contributor)
        assert autosave(contributor_client, brief, title="Mine").status_code == 200
        assert RESTORE in contributor_client.get(change_url(brief)).content.decode()

    def test_someone_elses_draft_is_not_found(self, contributor_client):
        brief = BriefFactory(draft=True)
        response = contributor_client.post(
            autosave_url(brief),
            json.dumps({"base_version": ["1"]}),
            content_type="application/json",
        )
        assert response.status_code == 404
        assert not Autosave.objects.exists()

    @pytest.mark.parametrize("own", [True, False])
    def test_a_brief_they_may_only_view_is_refused(self, contributor_client, contributor, own):
        """A public brief, theirs or not: contributors may not change it, nor autosave it."""
        brief = BriefFactory(created_by=contributor if own else None)
        response = contributor_client.post(
            autosave_url(brief),
            json.dumps({"base_version": ["1"]}),
            content_type="application/json",
        )
        assert response.status_code == 403
        assert not Autosave.objects.exists()

    def test_the_address_takes_only_a_post_with_a_csrf_token(self, editor):
        brief = BriefFactory(draft=True)
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(editor)
        assert browser.get(autosave_url(brief)).status_code == 405
        body = json.dumps({"base_version": ["1"]})
        refused = browser.post(autosave_url(brief), body, content_type="application/json")
        assert refused.status_code == 403
        browser.get(change_url(brief))
        token = browser.cookies["csrftoken"].value
        accepted = browser.post(
            autosave_url(brief), body, content_type="application/json", HTTP_X_CSRFTOKEN=token
        )
        assert accepted.status_code == 200

    def test_anonymous_visitors_are_sent_to_log_in(self, client):
        brief = BriefFactory(draft=True)
        response = client.post(autosave_url(brief), "{}", content_type="application/json")
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
class TestBadInput:
    @pytest.mark.parametrize(
        "body",
        [
            "not json",
            b"\xff\xfe",
            "[]",
            '{"title": "not a list"}',
            '{"title": [1]}',
            '{"title": ["NUL \\u0000 inside"], "base_version": ["1"]}',
            '{"title": ["a lone surrogate \\ud800"], "base_version": ["1"]}',
            '{"title": ["no version"]}',
            '{"title": ["x"], "base_version": ["١"]}',
        ],
    )
    def test_malformed_posts_are_refused_with_400(self, editor_client, body):
        brief = BriefFactory(draft=True)
        response = editor_client.post(autosave_url(brief), body, content_type="application/json")
        assert response.status_code == 400
        assert not Autosave.objects.exists()

    def test_a_post_over_the_cap_is_refused_with_413(self, editor_client, settings):
        settings.AUTOSAVE_MAX_BYTES = 200
        brief = BriefFactory(draft=True)
        body = json.dumps({"base_version": ["1"], "body": ["<p>" + "x" * 200 + "</p>"]})
        response = editor_client.post(autosave_url(brief), body, content_type="application/json")
        assert response.status_code == 413
        assert not Autosave.objects.exists()

    def test_a_form_larger_than_django_keeps_in_memory_is_still_kept(self, editor_client, settings):
        """JSON escapes every quote of the body's HTML: a post may exceed the cap of a form
        post (``DATA_UPLOAD_MAX_MEMORY_SIZE``) and still be a brief form's."""
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.AUTOSAVE_MAX_BYTES = 100, 1000
        brief = BriefFactory(draft=True)
        body = json.dumps({"base_version": ["1"], "body": ['<p class="x">' + "y" * 400 + "</p>"]})
        response = editor_client.post(autosave_url(brief), body, content_type="application/json")
        assert response.status_code == 200
        assert Autosave.objects.get().data["body"][0].endswith("y</p>")

    def test_an_unknown_brief_is_not_found(self, editor_client):
        for object_id in ("999999", "not-a-number"):
            url = reverse("admin:briefs_brief_autosave", args=[object_id])
            assert editor_client.post(url, "{}", content_type="application/json").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_autosaves_at_once_leave_one_row(client):
    """Two tabs post at the same moment, each on its own connection: one row, no error."""
    if connection.vendor != "postgresql":
        pytest.skip("the test database of SQLite is in memory: its connections share no lock")
    # Flushed tables lose the reference data (groups, countries): a superuser, a country.
    user = UserFactory(username="anna", is_superuser=True)
    brief = BriefFactory(draft=True, countries=[CountryFactory()])
    start, answers = threading.Barrier(2, timeout=10), {}

    def post(tab):
        tab_client = Client()
        tab_client.force_login(user)
        body = as_json({"base_version": "1", "title": f"Tab {tab}"})
        start.wait()
        answers[tab] = tab_client.post(
            autosave_url(brief), body, content_type="application/json"
        ).status_code
        connection.close()

    tabs = [threading.Thread(target=post, args=[tab]) for tab in (1, 2)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join(timeout=30)
    assert not any(tab.is_alive() for tab in tabs)
    assert answers == {1: 200, 2: 200}
    assert Autosave.objects.filter(user=user, brief=brief).count() == 1
