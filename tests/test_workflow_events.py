"""Workflow history as data: every move writes exactly one event, in the move's transaction,
and the desk, the e-mails and the History page read the events."""

import importlib
import threading
from datetime import UTC, datetime, timedelta

import pytest
import reversion
from django.apps import apps
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from briefs.editorial import notifications, workflow
from briefs.models import Brief, WorkflowEvent
from tests.factories import BriefFactory, CountryFactory, UserFactory
from tests.forms import form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:briefs_brief_changelist")
migration = importlib.import_module("briefs.migrations.0021_events_from_revision_comments")


def change_url(brief):
    return reverse("admin:briefs_brief_change", args=[brief.pk])


def press(client, brief, button, **fields):
    data = {**form_data(client.get(change_url(brief))), **fields, "_workflow": button}
    response = client.post(change_url(brief), data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def events(brief):
    """(action, from, to, user, note) of ``brief``'s events, oldest first."""
    rows = WorkflowEvent.objects.filter(brief=brief).order_by("at", "id")
    return [(e.action, e.from_status, e.to_status, e.by.username, e.note) for e in rows]


def test_each_button_writes_one_event_with_who_from_to_and_note(
    client, editor, contributor, django_capture_on_commit_callbacks
):
    """Submit, withdraw, submit, send back, publish, unpublish, schedule: one row each."""
    brief = BriefFactory(draft=True, created_by=contributor)
    client.force_login(contributor)
    press(client, brief, "submit", workflow_note="Ready when you are.")
    press(client, brief, "withdraw")
    press(client, brief, "submit")
    client.force_login(editor)
    press(client, brief, "send_back", workflow_note="Check the figures.")
    client.force_login(contributor)
    press(client, brief, "submit")
    client.force_login(editor)
    press(client, brief, "publish")
    press(client, brief, "unpublish")
    later = timezone.localtime(timezone.now() + timedelta(days=2))
    press(
        client,
        brief,
        "schedule",
        publish_at_0=later.strftime("%Y-%m-%d"),
        publish_at_1=later.strftime("%H:%M:%S"),
    )
    assert events(brief) == [
        ("submit", "draft", "review", "contributor", "Ready when you are."),
        ("withdraw", "review", "draft", "contributor", ""),
        ("submit", "draft", "review", "contributor", ""),
        ("send_back", "review", "draft", "editor", "Check the figures."),
        ("submit", "draft", "review", "contributor", ""),
        ("publish", "review", "published", "editor", ""),
        ("unpublish", "published", "draft", "editor", ""),
        ("schedule", "draft", "published", "editor", ""),
    ]
    published = WorkflowEvent.objects.get(brief=brief, action="publish")
    assert published.approved and published.publish_at is not None
    assert WorkflowEvent.objects.get(brief=brief, action="schedule").publish_at == later.replace(
        microsecond=0
    )


def test_a_save_that_moves_nothing_writes_no_event(editor_client):
    """Re-saving a public brief (published now, with microseconds) is not a publication."""
    brief = BriefFactory(draft=True)
    press(editor_client, brief, "publish")
    data = {**form_data(editor_client.get(change_url(brief))), "title": "A new title"}
    assert editor_client.post(change_url(brief), data).status_code == 302
    assert [action for action, *_ in events(brief)] == ["publish"]


def test_list_actions_write_one_event_per_brief(editor_client):
    briefs = [BriefFactory(in_review=True) for _ in range(3)]
    data = {"action": "publish_now", "_selected_action": [brief.pk for brief in briefs]}
    editor_client.post(CHANGELIST, data)
    for brief in briefs:
        assert [action for action, *_ in events(brief)] == ["publish"]
    already_public = BriefFactory()
    editor_client.post(CHANGELIST, {**data, "_selected_action": [already_public.pk]})
    assert events(already_public) == []


def test_a_list_action_refused_for_one_brief_writes_no_event_for_any(contributor_client):
    mine = BriefFactory(draft=True, created_by=UserFactory(username="someone"))
    data = {"action": "submit_for_review", "_selected_action": [mine.pk]}
    contributor_client.post(CHANGELIST, data)
    assert not WorkflowEvent.objects.exists()


def test_the_losing_form_of_two_opened_at_once_writes_no_event(client, editor):
    """Two editors press Publish on forms opened on the same version: one publication."""
    brief = BriefFactory(in_review=True)
    other = UserFactory(username="other", group="Editors")
    client.force_login(editor)
    first = {**form_data(client.get(change_url(brief))), "_workflow": "publish"}
    client.force_login(other)
    second = {**form_data(client.get(change_url(brief))), "_workflow": "publish"}
    client.force_login(editor)
    assert client.post(change_url(brief), first).status_code == 302
    client.force_login(other)
    assert client.post(change_url(brief), second).status_code == 200  # told who saved
    assert [(action, by) for action, _, _, by, _ in events(brief)] == [("publish", "editor")]


def test_a_move_overtaken_after_its_check_writes_no_event(editor):
    """The other editor's move lands between this one's check and its save."""
    brief = BriefFactory(in_review=True)
    stale = Brief.objects.get(pk=brief.pk)
    workflow.move(Brief.objects.get(pk=brief.pk), Brief.Status.PUBLISHED, editor)
    with pytest.raises(workflow.TransitionRefused):
        workflow.move(stale, Brief.Status.PUBLISHED, UserFactory(group="Editors"))
    assert [action for action, *_ in events(brief)] == ["publish"]


def test_the_database_keeps_one_move_per_brief_version(editor):
    brief = BriefFactory(in_review=True)
    WorkflowEvent.objects.create(brief=brief, by=editor, action="publish", version=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkflowEvent.objects.create(brief=brief, by=editor, action="publish", version=2)


def test_an_event_rolls_back_with_its_move(editor, monkeypatch):
    """The save fails after the event was written: neither stays."""
    brief = BriefFactory(in_review=True)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    record = workflow.record

    def record_then_fail(*args, **kwargs):
        record(*args, **kwargs)
        fail()

    monkeypatch.setattr(workflow, "record", record_then_fail)
    with pytest.raises(RuntimeError):
        workflow.move(brief, Brief.Status.PUBLISHED, editor)
    assert not WorkflowEvent.objects.exists()
    assert Brief.objects.get(pk=brief.pk).status == Brief.Status.REVIEW


@pytest.mark.django_db(transaction=True)
def test_two_editors_publishing_at_once_record_one_publication():
    """Real concurrent connections (PostgreSQL): both check, both try to save; one wins."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's immediate transactions let no other writer in mid-save")
    brief = BriefFactory(in_review=True, countries=[CountryFactory()])
    # Another transactional test may have flushed the groups: superusers need none.
    editors = [UserFactory(username=f"racer{n}", is_superuser=True) for n in range(2)]
    barrier, outcomes = threading.Barrier(2), []

    def publish(user):
        try:
            loaded = Brief.objects.get(pk=brief.pk)
            barrier.wait()
            workflow.move(loaded, Brief.Status.PUBLISHED, user)
            outcomes.append("published")
        except workflow.TransitionRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(user,)) for user in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["published", "refused"]
    assert WorkflowEvent.objects.filter(brief=brief).count() == 1
    assert Brief.objects.get(pk=brief.pk).version == 2


# Readers of the events


def test_the_desk_reads_submissions_from_events_not_revision_comments(client):
    """A revision comment naming a move, with no event, is not taken for one."""
    writer = UserFactory(username="timur", first_name="Timur", last_name="Abenov")
    recorded = BriefFactory(in_review=True, title="Recorded submission")
    WorkflowEvent.objects.create(
        brief=recorded,
        by=writer,
        action="submit",
        from_status="draft",
        to_status="review",
        at=datetime(2026, 11, 20, 9, tzinfo=UTC),
    )
    commented = BriefFactory(in_review=True, title="Only a comment", created_by=None)
    with reversion.create_revision():
        reversion.set_user(writer)
        reversion.set_comment("Submitted for review")
        commented.save()
    client.force_login(UserFactory(username="chief", group="Editors"))
    html = client.get(reverse("admin:index")).content.decode()
    assert "Submitted by Timur Abenov, 20 Nov 2026" in html
    assert html.count("Submitted by Timur Abenov") == 1


def test_the_contributor_desk_shows_the_send_back_note_from_its_event(client, contributor):
    brief = BriefFactory(draft=True, created_by=contributor, title="Sent back brief")
    WorkflowEvent.objects.create(
        brief=brief,
        by=UserFactory(username="chief", first_name="Nino", last_name="Beridze"),
        action="send_back",
        from_status="review",
        to_status="draft",
        note="Shorten the summary.",
    )
    client.force_login(contributor)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Sent back by Nino Beridze" in html and "Shorten the summary." in html


def test_the_send_back_email_carries_the_events_note(
    editor, contributor, django_capture_on_commit_callbacks
):
    contributor.email = "writer@example.org"
    contributor.save()
    brief = BriefFactory(in_review=True, created_by=contributor)
    with django_capture_on_commit_callbacks(execute=True):
        event = workflow.move(brief, Brief.Status.DRAFT, editor, note="Check table 2.")
        notifications.notify(event)
    assert [message.to for message in mail.outbox] == [["writer@example.org"]]
    assert "Check table 2." in mail.outbox[0].body


def test_the_history_page_lists_the_events(editor_client, editor):
    brief = BriefFactory(in_review=True)
    press(editor_client, brief, "publish")
    url = reverse("admin:briefs_brief_history", args=[brief.pk])
    html = editor_client.get(url).content.decode()
    assert 'id="workflow-events"' in html
    assert "Published" in html and "(approved from review)" in html


# Recovering the moves made before events existed


def revision(brief, user, comment, **fields):
    for name, value in fields.items():
        setattr(brief, name, value)
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        brief.save()


def test_the_data_migration_recovers_moves_from_revision_comments(contributor, editor):
    brief = BriefFactory(draft=True, created_by=contributor)
    draft, review, published = "draft", "review", "published"
    revision(brief, contributor, "Added.", status=draft)
    revision(brief, contributor, "Changed body.; Submitted for review: Ready.", status=review)
    revision(brief, editor, "Sent back to draft: Check the figures; and the map.", status=draft)
    revision(brief, contributor, "Submitted for review", status=review)
    revision(brief, contributor, "Sent back to draft", status=draft)  # a withdrawal
    revision(brief, contributor, "Submitted for review", status=review)
    when = timezone.now() + timedelta(days=1)
    revision(
        brief,
        editor,
        "Scheduled for 3 Dec 2026, 09:00 CET: embargoed",
        status=published,
        publish_at=when,
    )
    revision(brief, editor, "Unpublished (back to draft)", status=draft)
    revision(brief, editor, "Changed title.", status=draft)
    migration.events_from_revisions(apps, None)
    assert events(brief) == [
        ("submit", draft, review, "contributor", "Ready."),
        ("send_back", review, draft, "editor", "Check the figures; and the map."),
        ("submit", draft, review, "contributor", ""),
        ("withdraw", review, draft, "contributor", ""),
        ("submit", draft, review, "contributor", ""),
        ("schedule", review, published, "editor", "embargoed"),
        ("unpublish", published, draft, "editor", ""),
    ]
    kept = when.replace(microsecond=when.microsecond // 1000 * 1000)  # revisions keep ms
    assert WorkflowEvent.objects.get(action="schedule").publish_at == kept
    migration.remove_recovered_events(apps, None)
    assert not WorkflowEvent.objects.exists()


@pytest.mark.parametrize(
    ("comment", "recognised"),
    [
        ("Published", ("publish", "review", "")),
        ("Changed status.; Published: at last", ("publish", "review", "at last")),
        ("Rescheduled for 4 Dec 2026, 10:30 UTC", ("reschedule", "published", "")),
        ("Unpublished (back to draft): legal hold", ("unpublish", "published", "legal hold")),
        ("Publishedx", None),
        ("Changed title to Published", None),
        ("", None),
        (None, None),
    ],
)
def test_which_revision_comments_are_recognised(comment, recognised):
    assert migration.recognised(comment) == recognised
