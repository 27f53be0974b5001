"""Titles are one line: line breaks and tabs typed or pasted into a title become one space."""

import pytest
from django.core import mail
from django.urls import reverse

from briefs.editorial import notifications
from briefs.models import Brief, WorkflowEvent
from tests.factories import BriefFactory, UserFactory
from tests.forms import form_data

pytestmark = pytest.mark.django_db

BROKEN_TITLE = "  Water\r\nand\tpower \n in the Caucasus  "
ONE_LINE = "Water and power in the Caucasus"


def test_saving_a_brief_keeps_its_title_on_one_line():
    """The model normalises whatever wrote the title (imports, scripts, the shell)."""
    brief = BriefFactory(title=BROKEN_TITLE)
    assert Brief.objects.get(pk=brief.pk).title == ONE_LINE


def test_no_break_spaces_inside_a_title_are_kept():
    """Only line breaks, tabs and runs of spaces are folded; a deliberate no-break space stays."""
    brief = BriefFactory(title="A\u00a010\u00a0% rise\n in prices")
    assert Brief.objects.get(pk=brief.pk).title == "A\u00a010\u00a0% rise in prices"


def test_the_form_shows_the_title_it_will_store(editor_client):
    """A title refused for another reason comes back already on one line."""
    brief = BriefFactory(draft=True)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = {**form_data(editor_client.get(url)), "title": BROKEN_TITLE, "dek": ""}
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.cleaned_data["title"] == ONE_LINE


def test_submitting_a_title_with_a_line_break_for_review(
    client, django_capture_on_commit_callbacks
):
    """The brief moves to review and the editors' e-mail subject is one line."""
    UserFactory(username="ed1", group="Editors")
    contributor = UserFactory(username="writer", group="Contributors")
    brief = BriefFactory(draft=True, created_by=contributor)
    client.force_login(contributor)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = {**form_data(client.get(url)), "title": BROKEN_TITLE, "status": "review"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    stored = Brief.objects.get(pk=brief.pk)
    assert (stored.title, stored.status) == (ONE_LINE, "review")
    assert [message.subject for message in mail.outbox] == [f"For review: {ONE_LINE}"]


def test_a_title_kept_with_a_line_break_still_makes_a_one_line_subject(
    contributor, django_capture_on_commit_callbacks
):
    """A title never saved through the model (a raw update, an old row) cannot break the e-mail."""
    UserFactory(username="ed1", group="Editors")
    brief = BriefFactory(draft=True, created_by=contributor)
    brief.title = "Old\ntitle"
    with django_capture_on_commit_callbacks(execute=True):
        event = WorkflowEvent.objects.create(
            brief=brief, by=contributor, action="submit", from_status="draft", to_status="review"
        )
        notifications.notify(event)
    assert [message.subject for message in mail.outbox] == ["For review: Old title"]
