"""No lost updates: a save from a form opened before someone else's save is refused."""

import pytest
from django.test import Client
from django.urls import reverse

from briefs.editorial import locking
from briefs.models import Brief
from tests.factories import BriefFactory, UserFactory
from tests.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(client):
    anna = UserFactory(username="anna", first_name="Anna", last_name="Petrosyan", group="Editors")
    ben = UserFactory(username="ben", group="Editors")
    first, second = client, Client()
    first.force_login(anna)
    second.force_login(ben)
    return first, second


def test_second_of_two_forms_opened_on_the_same_version_is_refused(two_editors):
    """Both open version 1; the first save wins, the second is told who saved and keeps its text."""
    anna, ben = two_editors
    brief = BriefFactory(draft=True, title="Original title")
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    anna_form, ben_form = form_data(anna.get(url)), form_data(ben.get(url))
    assert anna_form["base_version"] == ben_form["base_version"] == "1"

    assert anna.post(url, {**anna_form, "title": "Anna's title"}).status_code == 302
    response = ben.post(url, {**ben_form, "title": "Ben's title", "dek": "Ben's careful summary."})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna Petrosyan saved this brief at" in html
    assert "Ben&#x27;s careful summary." in html and "Ben&#x27;s title" in html
    stored = Brief.objects.get(pk=brief.pk)
    assert (stored.title, stored.version) == ("Anna's title", 2)


def test_saving_again_after_the_warning_is_a_deliberate_overwrite(two_editors):
    """The refused form now carries the current version, so a second click saves it."""
    anna, ben = two_editors
    brief = BriefFactory(draft=True)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    anna_form, ben_form = form_data(anna.get(url)), form_data(ben.get(url))
    anna.post(url, {**anna_form, "title": "Anna's title"})
    refused = ben.post(url, {**ben_form, "title": "Ben's title"})
    assert ben.post(url, form_data(refused)).status_code == 302
    stored = Brief.objects.get(pk=brief.pk)
    assert (stored.title, stored.version) == ("Ben's title", 3)


def test_the_version_is_claimed_in_the_update_itself():
    """Two saves that both passed validation on version 1: exactly one claim succeeds."""
    brief = BriefFactory(draft=True)
    first, second = Brief.objects.get(pk=brief.pk), Brief.objects.get(pk=brief.pk)
    assert locking.claim_next_version(first, opened_on=1)
    assert not locking.claim_next_version(second, opened_on=1)
    assert Brief.objects.get(pk=brief.pk).version == 2


def test_a_save_overtaken_after_validation_writes_nothing(two_editors, monkeypatch):
    """Another save landing between validation and the write makes the write refuse whole.

    The competing save is simulated inside the request's transaction, so it is rolled back
    with it and lands again on the retry: the request ends in 409 Conflict.
    """
    anna, ben = two_editors
    brief = BriefFactory(draft=True, title="Original title")
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    ben_form = form_data(ben.get(url))
    real_claim = locking.claim_next_version

    def overtaken(obj, opened_on=None):
        Brief.objects.filter(pk=obj.pk).update(title="Anna's title", version=2)
        return real_claim(obj, opened_on)

    monkeypatch.setattr(locking, "claim_next_version", overtaken)
    response = ben.post(url, {**ben_form, "title": "Ben's title"})
    assert response.status_code == 409
    assert "nothing was saved" in response.content.decode()
    assert Brief.objects.get(pk=brief.pk).title == "Original title"


def test_a_list_action_also_bumps_the_version(editor_client):
    """A form opened before a bulk publish cannot silently undo it."""
    brief = BriefFactory(in_review=True)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    stale = form_data(editor_client.get(url))
    editor_client.post(
        reverse("admin:briefs_brief_changelist"),
        {"action": "publish_now", "_selected_action": [brief.pk]},
    )
    assert editor_client.post(url, stale).status_code == 200
    assert Brief.objects.get(pk=brief.pk).status == "published"


def test_a_list_action_overtaken_by_a_save_changes_nothing(editor_client, monkeypatch):
    """If a selected brief is saved while the action runs, no brief of the batch moves."""
    first, second = BriefFactory(in_review=True), BriefFactory(in_review=True)
    real_claim = locking.claim_next_version

    def overtaken(obj, opened_on=None):
        if obj.pk == second.pk:
            Brief.objects.filter(pk=obj.pk).update(version=5)
        return real_claim(obj, opened_on)

    monkeypatch.setattr(locking, "claim_next_version", overtaken)
    response = editor_client.post(
        reverse("admin:briefs_brief_changelist"),
        {"action": "publish_now", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "Nothing was changed" in response.content.decode()
    assert set(Brief.objects.values_list("status", flat=True)) == {"review"}
