"""Who may move which brief where, through every admin entry point: the permission matrix.

Each case posts what a browser would (or what a forger would) and then checks both the
response and the database. The expected outcomes are written out here, independently of
``briefs.editorial.workflow``, so a slip in the rules fails a test.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser, Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from briefs.editorial import workflow
from briefs.models import Brief
from countries.models import Country, Region
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory, UserFactory
from tests.forms import form_data

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, PUBLISHED = "draft", "review", "published"
ROLES = ["anonymous", "contributor-owner", "contributor-other", "editor", "superuser"]

# (source, target, schedule?) -> the roles allowed to make that move.
EVERYONE_ON_STAFF_WHO_OWNS = {"contributor-owner", "editor", "superuser"}
EDITORS = {"editor", "superuser"}
MOVES = {
    (DRAFT, REVIEW, False): EVERYONE_ON_STAFF_WHO_OWNS,
    (REVIEW, DRAFT, False): EVERYONE_ON_STAFF_WHO_OWNS,
    (DRAFT, PUBLISHED, False): EDITORS,
    (REVIEW, PUBLISHED, False): EDITORS,
    (REVIEW, PUBLISHED, True): EDITORS,
    (PUBLISHED, DRAFT, False): EDITORS,
}
ACTIONS = {REVIEW: "submit_for_review", PUBLISHED: "publish_now", DRAFT: "back_to_draft"}


@pytest.fixture
def people(db):
    owner = UserFactory(username="owner", group="Contributors")
    return {
        "anonymous": None,
        "contributor-owner": owner,
        "contributor-other": UserFactory(username="other", group="Contributors"),
        "editor": UserFactory(username="editor", group="Editors"),
        "superuser": UserFactory(username="root", is_superuser=True),
    }


def brief_in(status, owner):
    traits = {DRAFT: {"draft": True}, REVIEW: {"in_review": True}, PUBLISHED: {}}[status]
    return BriefFactory(created_by=owner, **traits)


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def future_fields():
    moment = timezone.localtime(timezone.now() + timedelta(days=3)).replace(microsecond=0)
    return moment, {"publish_at_0": moment.strftime("%Y-%m-%d"), "publish_at_1": "09:30:00"}


def change_form_post(client, admin_client_data, brief, target, schedule):
    data = {**admin_client_data, "status": target}
    if schedule:
        data.update(future_fields()[1])
    return client.post(reverse("admin:briefs_brief_change", args=[brief.pk]), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("source", "target", "schedule"), list(MOVES))
def test_change_form_matrix(client, people, role, source, target, schedule):
    """Change form POST: allowed moves happen, every other one changes nothing."""
    brief = brief_in(source, people["contributor-owner"])
    root = login(client, people["superuser"])
    data = form_data(root.get(reverse("admin:briefs_brief_change", args=[brief.pk])))
    client.logout()
    response = change_form_post(login(client, people[role]), data, brief, target, schedule)

    stored = Brief.objects.get(pk=brief.pk)
    if role in MOVES[(source, target, schedule)]:
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert stored.status == target
        assert stored.version == 2
        assert stored.is_scheduled == schedule
    else:
        expected = {"anonymous": 302, "contributor-other": 302}.get(role, 200)
        if source == PUBLISHED and role.startswith("contributor"):
            expected = 403  # a published brief is read-only for contributors
        assert response.status_code == expected
        if role == "anonymous":
            assert response["Location"].startswith(reverse("admin:login"))
        if role == "contributor-other" and expected == 302:  # as if there were no such brief
            assert response["Location"] == reverse("admin:index")
        if expected == 200:
            assert response.context["adminform"].form.errors["status"]
        assert (stored.status, stored.version) == (source, 1)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("source", "target", "schedule"), [m for m in MOVES if not m[2]])
def test_admin_action_matrix(client, people, role, source, target, schedule):
    """Bulk actions: a refused move changes nothing and says why."""
    brief = brief_in(source, people["contributor-owner"])
    response = login(client, people[role]).post(
        reverse("admin:briefs_brief_changelist"),
        # An editor sending back from review is asked for a note; it is given here.
        {"action": ACTIONS[target], "_selected_action": [brief.pk], "send_back_note": "Revise."},
        follow=True,
    )
    stored = Brief.objects.get(pk=brief.pk)
    if role in MOVES[(source, target, schedule)]:
        assert stored.status == target
        assert stored.version == 2
        if target == PUBLISHED:
            assert stored.is_public
    else:
        assert (stored.status, stored.version) == (source, 1)
        if role != "anonymous":
            html = response.content.decode()
            assert "Nothing was changed" in html or "No action selected" in html


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", [DRAFT, REVIEW, PUBLISHED])
def test_add_form_matrix(client, people, role, target):
    """A new brief may start as a draft or in review; only editors may publish it."""
    author = AuthorFactory()
    data = {
        "title": "A new brief",
        "slug": "a-new-brief",
        "dek": "Summary.",
        "body": "<p>Body.</p>",
        "countries": [Country.objects.get(code="GE").pk],
        "status": target,
        "publish_at_0": "",
        "publish_at_1": "",
        "byline": [author.pk],
    }
    response = login(client, people[role]).post(reverse("admin:briefs_brief_add"), data)
    may = role in EDITORS or (role.startswith("contributor") and target != PUBLISHED)
    if may:
        assert response.status_code == 302, response.context["adminform"].form.errors
        brief = Brief.objects.get(slug="a-new-brief")
        assert (brief.status, brief.created_by) == (target, people[role])
    else:
        assert not Brief.objects.exists()
        assert response.status_code == (302 if role == "anonymous" else 200)


def test_contributor_cannot_set_the_publish_time(contributor_client, contributor):
    """publish_at is read-only for contributors: a forged value is ignored."""
    brief = BriefFactory(draft=True, created_by=contributor)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = form_data(contributor_client.get(url))
    assert "publish_at_0" not in data
    data.update(future_fields()[1])
    assert contributor_client.post(url, data).status_code == 302
    assert Brief.objects.get(pk=brief.pk).publish_at is None


def test_contributor_edits_briefs_crediting_their_author_record(client, contributor):
    """Being a credited author (Author.user) makes a brief one's own, like creating it."""
    mine = BriefFactory(draft=True, authors=[AuthorFactory(user=contributor)])
    theirs = BriefFactory(draft=True)
    assert workflow.can_edit(contributor, mine)
    assert not workflow.can_edit(contributor, theirs)
    client.force_login(contributor)
    assert client.get(reverse("admin:briefs_brief_change", args=[mine.pk])).context[
        "has_change_permission"
    ]
    # Someone else's draft is not theirs even to open: the admin says there is no such brief.
    assert client.get(reverse("admin:briefs_brief_change", args=[theirs.pk])).status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:countries_country_add"),
        reverse("admin:countries_region_add"),
        reverse("admin:briefs_series_add"),
        reverse("admin:briefs_author_add"),
    ],
)
def test_contributors_do_not_edit_taxonomy_or_author_records(contributor_client, url):
    """Countries, regions, series and author records are the editors' to change."""
    assert contributor_client.post(url, {"name": "X", "title": "X", "slug": "x"}).status_code == 403


def test_contributor_cannot_change_an_existing_author_record(contributor_client):
    """Not even the author record they are linked to."""
    author = AuthorFactory(name="Before")
    url = reverse("admin:briefs_author_change", args=[author.pk])
    response = contributor_client.post(url, {"name": "After", "slug": author.slug})
    assert response.status_code == 403
    author.refresh_from_db()
    assert author.name == "Before"


def test_contributor_picks_countries_and_series_on_a_brief(contributor_client):
    """The autocomplete behind the brief form answers contributors."""
    SeriesFactory(title="Neutrality watch")
    response = contributor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "briefs", "model_name": "brief", "field_name": "series", "term": "Neutr"},
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["text"] == "Neutrality watch"


def test_change_list_filters_for_the_workflow(editor_client, editor):
    """My briefs, Awaiting review, Scheduled and Published each list the right briefs."""
    BriefFactory(title="Mine", draft=True, created_by=editor)
    BriefFactory(title="Waiting", in_review=True)
    BriefFactory(title="Later", scheduled=True)
    BriefFactory(title="Out")
    url = reverse("admin:briefs_brief_changelist")
    expected = {
        ("mine", "yes"): ["Mine"],
        ("stage", "review"): ["Waiting"],
        ("stage", "scheduled"): ["Later"],
        ("stage", "public"): ["Out"],
    }
    html = editor_client.get(url).content.decode()
    for label in ("My briefs", "Awaiting review", "Scheduled", "Published"):
        assert label in html
    for (name, value), titles in expected.items():
        shown = editor_client.get(url, {name: value}).context["cl"].result_list
        assert [brief.title for brief in shown] == titles


def test_scheduled_time_shows_in_the_site_time_zone(editor_client, settings):
    """The admin says "Scheduled for" with the local time and zone of the site."""
    settings.TIME_ZONE = "Europe/Vienna"
    moment = datetime(2099, 1, 15, 8, 0, tzinfo=UTC)
    brief = BriefFactory(publish_at=moment)
    html = editor_client.get(reverse("admin:briefs_brief_changelist")).content.decode()
    assert "Scheduled for 15 Jan 2099, 09:00 CET" in html
    page = editor_client.get(reverse("admin:briefs_brief_change", args=[brief.pk]))
    assert "Scheduled for 15 Jan 2099, 09:00 CET" in page.content.decode()


def test_editor_schedules_and_the_brief_goes_public_by_itself(editor_client, client):
    """A scheduled brief is hidden until its time, then public with no job run."""
    brief = BriefFactory(in_review=True, title="Timed")
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    moment, fields = future_fields()
    data = {**form_data(editor_client.get(url)), **fields, "status": PUBLISHED}
    assert editor_client.post(url, data).status_code == 302
    history = editor_client.get(reverse("admin:briefs_brief_history", args=[brief.pk]))
    assert "Scheduled for" in history.content.decode()
    client.logout()
    assert client.get(reverse("briefs:brief-detail", args=[brief.slug])).status_code == 404
    with time_machine.travel(moment + timedelta(days=1)):
        assert client.get(reverse("briefs:brief-detail", args=[brief.slug])).status_code == 200


def test_submitting_for_review_emails_the_editors(
    client, contributor, django_capture_on_commit_callbacks
):
    """Editors (with an address) get one e-mail linking the brief; the submitter gets none."""
    UserFactory(username="ed1", group="Editors")
    UserFactory(username="ed2", group="Editors")
    UserFactory(username="ed3", group="Editors", email="")
    brief = BriefFactory(draft=True, created_by=contributor, title="Water and power")
    client.force_login(contributor)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = {**form_data(client.get(url)), "status": REVIEW}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["ed1@example.org", "ed2@example.org"]
    assert message.subject == "For review: Water and power"
    assert f"/admin/briefs/brief/{brief.pk}/change/" in message.body


def test_submit_action_emails_editors_too(client, contributor, django_capture_on_commit_callbacks):
    """The bulk action is another door to the same move, with the same notification."""
    UserFactory(username="ed1", group="Editors")
    brief = BriefFactory(draft=True, created_by=contributor)
    client.force_login(contributor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:briefs_brief_changelist"),
            {"action": "submit_for_review", "_selected_action": [brief.pk]},
        )
    assert [message.to for message in mail.outbox] == [["ed1@example.org"]]


def test_sending_back_with_a_note_reaches_the_writer_and_the_history(
    editor_client, contributor, django_capture_on_commit_callbacks
):
    """The note goes to the contributor by e-mail and stays in the revision history."""
    brief = BriefFactory(in_review=True, created_by=contributor)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = {
        **form_data(editor_client.get(url)),
        "status": DRAFT,
        "workflow_note": "Please cite the 2023 census.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, data).status_code == 302
    assert mail.outbox[0].to == ["contributor@example.org"]
    assert "Please cite the 2023 census." in mail.outbox[0].body
    history = editor_client.get(reverse("admin:briefs_brief_history", args=[brief.pk]))
    assert "Sent back to draft: Please cite the 2023 census." in history.content.decode()


def test_sending_back_in_bulk_asks_for_the_note_first(
    editor_client, contributor, django_capture_on_commit_callbacks
):
    """The list action sends briefs back from review only with a note, as the change form
    does: the writers receive it and the history keeps it."""
    waiting = BriefFactory(in_review=True, created_by=contributor, title="Water and power")
    changelist = reverse("admin:briefs_brief_changelist")
    chosen = {"action": "back_to_draft", "_selected_action": [waiting.pk]}
    asked = editor_client.post(changelist, chosen)
    assert asked.status_code == 200
    assert "Water and power" in asked.content.decode()
    blank = editor_client.post(changelist, {**chosen, "send_back_note": "  "})
    assert "Write a note for the writers" in blank.content.decode()
    assert Brief.objects.get(pk=waiting.pk).status == REVIEW
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        done = editor_client.post(
            changelist, {**chosen, "send_back_note": "Cite the 2023 census."}, follow=True
        )
    assert "1 brief now “Draft”" in done.content.decode()
    assert Brief.objects.get(pk=waiting.pk).status == DRAFT
    assert mail.outbox[0].to == ["contributor@example.org"]
    assert "Cite the 2023 census." in mail.outbox[0].body
    history = editor_client.get(reverse("admin:briefs_brief_history", args=[waiting.pk]))
    assert "Sent back to draft: Cite the 2023 census." in history.content.decode()


def test_unpublishing_and_withdrawing_in_bulk_need_no_note(editor_client, client, contributor):
    """Only sending back asks for a note: an editor unpublishes, and a contributor
    withdraws their own submission, in one step."""
    changelist = reverse("admin:briefs_brief_changelist")
    public = BriefFactory(title="Out")
    editor_client.post(changelist, {"action": "back_to_draft", "_selected_action": [public.pk]})
    assert Brief.objects.get(pk=public.pk).status == DRAFT
    own = BriefFactory(in_review=True, created_by=contributor)
    client.force_login(contributor)
    client.post(changelist, {"action": "back_to_draft", "_selected_action": [own.pk]})
    assert Brief.objects.get(pk=own.pk).status == DRAFT


def test_anonymous_users_may_do_nothing():
    """The rules themselves refuse a user who is not logged in."""
    brief = BriefFactory(draft=True)
    assert not workflow.can_edit(AnonymousUser(), brief)
    with pytest.raises(workflow.TransitionRefused):
        workflow.check(AnonymousUser(), brief, REVIEW)


def test_groups_exist_with_the_publish_permission_for_editors_only():
    """The data migration made both groups; only Editors may publish."""
    editors = Group.objects.get(name="Editors")
    contributors = Group.objects.get(name="Contributors")
    assert editors.permissions.filter(codename="publish_brief").exists()
    assert not contributors.permissions.filter(codename="publish_brief").exists()
    assert Region.objects.exists()


def test_published_brief_reads_as_text_for_a_contributor(contributor_client, contributor):
    """Read-only means readable: the body shows as formatted text, not as HTML source."""
    brief = BriefFactory(created_by=contributor)
    response = contributor_client.get(reverse("admin:briefs_brief_change", args=[brief.pk]))
    html = response.content.decode()
    assert not response.context["has_change_permission"]
    # As on the page, the heading carries its anchor.
    assert re.search(r"<h2 id=\"[^\"]+\">Context</h2>", html) and "&lt;h2&gt;" not in html


def test_contributor_forgeries_on_editor_only_pages_are_refused(client, contributor):
    """Delete, compare, share and recover answer 403 to a contributor, even for their own brief."""
    brief = BriefFactory(draft=True, created_by=contributor)
    client.force_login(contributor)
    for name in ("delete", "compare", "share"):
        url = reverse(f"admin:briefs_brief_{name}", args=[brief.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403, name
    assert Brief.objects.filter(pk=brief.pk).exists()
    assert not brief.share_links.exists()
