"""The workflow buttons of the brief form: who sees which, what a click saves, forgeries.

The expected buttons are written out here, independently of ``briefs.editorial.workflow_buttons``,
so a slip in the rules fails a test.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from briefs.models import Brief
from tests.factories import BriefFactory, UserFactory
from tests.forms import form_data

pytestmark = pytest.mark.django_db

STAGES = ["draft", "review", "scheduled", "public"]
BUTTONS = ["submit", "withdraw", "publish", "schedule", "send_back", "unpublish"]
SHOWN = {
    ("contributor-owner", "draft"): ["submit"],
    ("contributor-owner", "review"): ["withdraw"],
    ("editor", "draft"): ["submit", "publish", "schedule"],
    ("editor", "review"): ["publish", "schedule", "send_back"],
    ("editor", "scheduled"): ["publish", "schedule", "unpublish"],
    ("editor", "public"): ["unpublish"],
}
# Where a pressed button leaves the brief: (status, public?, scheduled?).
OUTCOME = {
    "submit": ("review", False, False),
    "withdraw": ("draft", False, False),
    "publish": ("published", True, False),
    "schedule": ("published", False, True),
    "send_back": ("draft", False, False),
    "unpublish": ("draft", False, False),
}


@pytest.fixture
def people(db):
    return {
        "contributor-owner": UserFactory(username="owner", group="Contributors"),
        "contributor-other": UserFactory(username="other", group="Contributors"),
        "editor": UserFactory(username="chief", group="Editors"),
        "superuser": UserFactory(username="root", is_superuser=True),
    }


def brief_at(stage, owner, **fields):
    traits = {
        "draft": {"draft": True},
        "review": {"in_review": True},
        "scheduled": {"scheduled": True},
        "public": {},
    }[stage]
    return BriefFactory(created_by=owner, **traits, **fields)


def change_url(brief):
    return reverse("admin:briefs_brief_change", args=[brief.pk])


def buttons_in(response):
    return re.findall(r'name="_workflow"\s+value="([a-z_]+)"', response.content.decode())


def local_fields(moment):
    moment = timezone.localtime(moment)
    return {
        "publish_at_0": moment.strftime("%Y-%m-%d"),
        "publish_at_1": moment.strftime("%H:%M:%S"),
    }


def full_form(client, people, brief):
    """The form as a superuser sees it: every field, as a forger could post them all."""
    client.force_login(people["superuser"])
    data = form_data(client.get(change_url(brief)))
    client.logout()
    return data


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("role", ["contributor-owner", "contributor-other", "editor"])
def test_each_role_sees_the_moves_it_may_make(client, people, role, stage):
    """Contributors see submit/withdraw on their own briefs; editors see every move."""
    brief = brief_at(stage, people["contributor-owner"])
    client.force_login(people[role])
    assert buttons_in(client.get(change_url(brief))) == SHOWN.get((role, stage), [])


@pytest.mark.parametrize("button", BUTTONS)
@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("role", ["contributor-owner", "contributor-other", "editor"])
def test_a_pressed_button_moves_the_brief_only_when_allowed(client, people, role, stage, button):
    """Allowed: saved and moved. Forged: a 403 or a form error, and nothing changes."""
    brief = brief_at(stage, people["contributor-owner"])
    before = Brief.objects.get(pk=brief.pk)
    data = {
        **full_form(client, people, brief),
        **local_fields(timezone.now() + timedelta(days=2)),
        "workflow_note": "Tighten the second section.",
        "_workflow": button,
    }
    client.force_login(people[role])
    response = client.post(change_url(brief), data)

    stored = Brief.objects.get(pk=brief.pk)
    if button in SHOWN.get((role, stage), []):
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert (stored.status, stored.is_public, stored.is_scheduled) == OUTCOME[button]
        assert stored.version == 2
    else:
        # 302: someone else's unpublished brief answers as if there were no such brief.
        refused = {200, 403} | ({302} if role == "contributor-other" else set())
        assert response.status_code in refused
        if response.status_code == 200:
            assert response.context["adminform"].form.errors
        assert (stored.status, stored.publish_at, stored.version) == (
            before.status,
            before.publish_at,
            before.version,
        )


def test_publish_now_saves_what_was_typed_with_it(editor_client, client):
    """One click saves the edited text and publishes it; readers see the new title."""
    brief = brief_at("review", None, title="Old title")
    data = {**form_data(editor_client.get(change_url(brief))), "title": "New title"}
    data["_workflow"] = "publish"
    assert editor_client.post(change_url(brief), data).status_code == 302
    stored = Brief.objects.get(pk=brief.pk)
    assert (stored.title, stored.is_public) == ("New title", True)
    history = editor_client.get(reverse("admin:briefs_brief_history", args=[brief.pk]))
    assert "Published" in history.content.decode()
    client.logout()
    page = client.get(reverse("briefs:brief-detail", args=[stored.slug]))
    assert page.status_code == 200 and "New title" in page.content.decode()


def test_publish_now_ignores_a_future_time_in_the_field(editor_client):
    """ "Publish now" means now, whatever the publish time field says."""
    brief = brief_at("review", None)
    data = {
        **form_data(editor_client.get(change_url(brief))),
        **local_fields(timezone.now() + timedelta(days=5)),
        "_workflow": "publish",
    }
    assert editor_client.post(change_url(brief), data).status_code == 302
    assert Brief.objects.get(pk=brief.pk).is_public


def test_the_button_wins_over_the_status_field(editor_client):
    """A click on "Publish now" publishes even if the status select still says In review."""
    brief = brief_at("review", None)
    data = {**form_data(editor_client.get(change_url(brief))), "status": "review"}
    data["_workflow"] = "publish"
    assert editor_client.post(change_url(brief), data).status_code == 302
    assert Brief.objects.get(pk=brief.pk).is_public


@pytest.mark.parametrize(
    "fields",
    [
        {"publish_at_0": "", "publish_at_1": ""},
        local_fields(timezone.now() - timedelta(hours=1)),
    ],
    ids=["empty", "past"],
)
def test_schedule_needs_a_future_publish_time(editor_client, fields):
    """Scheduling with an empty or past time is a form error on the time; nothing changes."""
    brief = brief_at("review", None, title="Kept as typed")
    data = {**form_data(editor_client.get(change_url(brief))), **fields, "_workflow": "schedule"}
    data["title"] = "Typed meanwhile"
    response = editor_client.post(change_url(brief), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["publish_at"] == ["To schedule the brief, set a publish time in the future."]
    assert 'value="Typed meanwhile"' in response.content.decode()
    stored = Brief.objects.get(pk=brief.pk)
    assert (stored.status, stored.title, stored.version) == ("review", "Kept as typed", 1)


def test_schedule_shows_the_time_in_the_site_time_zone(editor_client, settings):
    """After scheduling, the form says "Scheduled for" the local time and zone."""
    settings.TIME_ZONE = "Europe/Vienna"
    brief = brief_at("review", None)
    moment = (timezone.now() + timedelta(days=3)).replace(hour=7, minute=30, second=0)
    data = {
        **form_data(editor_client.get(change_url(brief))),
        **local_fields(moment),
        "_workflow": "schedule",
    }
    assert editor_client.post(change_url(brief), data).status_code == 302
    stored = Brief.objects.get(pk=brief.pk)
    assert stored.is_scheduled
    local = timezone.localtime(stored.publish_at)
    page = editor_client.get(change_url(brief)).content.decode()
    assert f"Scheduled for {local:%-d %b %Y, %H:%M} {local.tzname()}" in page


def test_send_back_mails_the_note_and_keeps_it_in_the_history(
    editor_client, contributor, django_capture_on_commit_callbacks
):
    """The writers receive the note; the history says who sent it back and why."""
    brief = brief_at("review", contributor)
    data = {
        **form_data(editor_client.get(change_url(brief))),
        "workflow_note": "Please cite the 2023 census.",
        "_workflow": "send_back",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(change_url(brief), data).status_code == 302
    assert Brief.objects.get(pk=brief.pk).status == "draft"
    assert [message.to for message in mail.outbox] == [["contributor@example.org"]]
    assert "Please cite the 2023 census." in mail.outbox[0].body
    history = editor_client.get(reverse("admin:briefs_brief_history", args=[brief.pk]))
    assert "Sent back to draft: Please cite the 2023 census." in history.content.decode()


def test_send_back_without_a_note_is_refused(editor_client, contributor):
    """Writers must be told why: an empty note is a form error and nothing changes."""
    brief = brief_at("review", contributor)
    data = {**form_data(editor_client.get(change_url(brief))), "_workflow": "send_back"}
    response = editor_client.post(change_url(brief), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["workflow_note"]
    assert Brief.objects.get(pk=brief.pk).status == "review"
    assert not mail.outbox


def test_submit_for_review_tells_the_editors(
    contributor_client, contributor, django_capture_on_commit_callbacks
):
    """The contributor's click mails every editor, like the status field and the action."""
    UserFactory(username="ed1", group="Editors")
    brief = brief_at("draft", contributor, title="Water and power")
    data = {**form_data(contributor_client.get(change_url(brief))), "_workflow": "submit"}
    with django_capture_on_commit_callbacks(execute=True):
        assert contributor_client.post(change_url(brief), data).status_code == 302
    assert Brief.objects.get(pk=brief.pk).status == "review"
    assert [message.subject for message in mail.outbox] == ["For review: Water and power"]


def test_a_new_brief_can_be_submitted_from_the_add_form(contributor_client, contributor):
    """On the add form a contributor sees "Submit for review" and it files the new brief."""
    from countries.models import Country
    from tests.factories import AuthorFactory

    url = reverse("admin:briefs_brief_add")
    assert buttons_in(contributor_client.get(url)) == ["submit"]
    data = {
        "title": "Fresh",
        "slug": "fresh",
        "dek": "Summary.",
        "body": "<p>Body.</p>",
        "countries": [Country.objects.get(code="GE").pk],
        "status": "draft",
        "byline": [AuthorFactory().pk],
        "_workflow": "submit",
    }
    assert contributor_client.post(url, data).status_code == 302
    assert Brief.objects.get(slug="fresh").status == "review"


@pytest.mark.parametrize("name", ["explode", "", "publish"])
def test_unknown_or_forged_button_names_change_nothing(contributor_client, contributor, name):
    """A made-up name, an empty one, or an editor's button posted by a contributor."""
    brief = brief_at("draft", contributor)
    data = {**form_data(contributor_client.get(change_url(brief))), "_workflow": name}
    response = contributor_client.post(change_url(brief), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert (Brief.objects.get(pk=brief.pk).status, Brief.objects.get(pk=brief.pk).version) == (
        "draft",
        1,
    )


def test_enter_in_a_field_saves_and_never_publishes(editor_client):
    """The form's first submit button (what Enter presses) is Save, not a workflow move."""
    brief = brief_at("review", None)
    html = editor_client.get(change_url(brief)).content.decode()
    html = html[html.index('id="brief_form"') :]
    first_submit = re.search(r'<(?:input|button)[^>]*type="submit"[^>]*>', html).group(0)
    assert 'name="_save"' in first_submit


def test_the_note_explains_itself_to_each_role(contributor_client, contributor, client, editor):
    """Only editors send back, so only they are told the note is mailed to the writers."""
    brief = brief_at("draft", contributor)
    mine = contributor_client.get(change_url(brief)).content.decode()
    assert "for the editors to read" in mine and "receive it by e-mail" not in mine
    client.force_login(editor)
    theirs = client.get(change_url(brief)).content.decode()
    assert "the writers receive it by e-mail" in theirs
