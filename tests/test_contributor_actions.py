"""Contributors see only the actions they can use: on the list, a checkbox only on briefs they
may change and no word of unpublishing; on History, no word of comparing or restoring."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html

from briefs.models import Brief, WorkflowEvent
from tests.factories import BriefFactory
from tests.forms import form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:briefs_brief_changelist")
WITHDRAW = "Withdraw selected briefs from review"


def what_a_person_reads(response):
    """The page's text and the words it gives screen readers and buttons."""
    page = html.fromstring(response.content.decode())
    for hidden in page.xpath("//script | //style | //template"):
        hidden.drop_tree()
    spoken = page.xpath("//@aria-label | //@title | //input[@type='submit']/@value")
    return " ".join([page.text_content(), *spoken]).lower()


def selectable(response):
    page = html.fromstring(response.content.decode())
    return {int(value) for value in page.xpath("//input[@name='_selected_action']/@value")}


def action_names(response):
    page = html.fromstring(response.content.decode())
    return [option.text for option in page.xpath("//select[@name='action']/option")]


def test_a_contributor_may_select_only_the_briefs_they_may_change(contributor_client, contributor):
    own_draft = BriefFactory(draft=True, created_by=contributor, title="My draft")
    own_review = BriefFactory(in_review=True, created_by=contributor, title="My brief in review")
    own_public = BriefFactory(created_by=contributor, title="My public brief")
    others_public = BriefFactory(title="Someone else's public brief")
    response = contributor_client.get(CHANGELIST)
    text = response.content.decode()
    for brief in (own_public, others_public, own_draft, own_review):
        assert brief.title in text.replace("&#x27;", "'")
    assert selectable(response) == {own_draft.pk, own_review.pk}


def test_a_contributor_is_offered_submit_and_withdraw_and_never_unpublish(contributor_client):
    response = contributor_client.get(CHANGELIST)
    assert action_names(response) == [
        "---------",
        "Submit selected briefs for review",
        WITHDRAW,
    ]
    assert "unpublish" not in what_a_person_reads(response)
    assert "publish selected" not in what_a_person_reads(response)


def test_an_editor_selects_every_brief_and_reads_every_action(editor_client, contributor):
    briefs = [BriefFactory(draft=True, created_by=contributor), BriefFactory()]
    response = editor_client.get(CHANGELIST)
    assert selectable(response) == {brief.pk for brief in briefs}
    assert action_names(response)[1:] == [
        "Delete selected briefs",
        "Submit selected briefs for review",
        "Publish selected briefs now",
        "Move selected briefs back to draft (unpublish, send back or withdraw)",
    ]


def test_the_contributor_list_runs_the_same_queries_for_one_or_many_briefs(
    contributor_client, contributor, django_assert_num_queries
):
    """Which briefs are selectable is one query for the page, not one per brief."""
    BriefFactory(draft=True, created_by=contributor)
    BriefFactory()
    with CaptureQueriesContext(connection) as few:
        assert len(selectable(contributor_client.get(CHANGELIST))) == 1
    for _ in range(8):
        BriefFactory(draft=True, created_by=contributor)
        BriefFactory()
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(selectable(contributor_client.get(CHANGELIST))) == 9


def test_withdrawing_from_review_moves_the_contributors_own_brief(contributor_client, contributor):
    own = BriefFactory(in_review=True, created_by=contributor)
    response = contributor_client.post(
        CHANGELIST, {"action": "back_to_draft", "_selected_action": [own.pk]}
    )
    assert response.status_code == 302
    assert Brief.objects.get(pk=own.pk).status == Brief.Status.DRAFT
    assert WorkflowEvent.objects.get(brief=own).action == WorkflowEvent.Action.WITHDRAW


def test_a_forged_selection_of_someone_elses_brief_changes_nothing(contributor_client):
    """No checkbox is shown, and the server refuses the move whatever is posted."""
    others = BriefFactory()
    contributor_client.post(
        CHANGELIST, {"action": "back_to_draft", "_selected_action": [others.pk]}
    )
    assert Brief.objects.get(pk=others.pk).is_public


def test_history_has_no_word_of_comparing_or_restoring_for_a_contributor(
    contributor_client, contributor, editor
):
    editor_client = Client()
    editor_client.force_login(editor)
    own = BriefFactory(draft=True, created_by=contributor)
    url = reverse("admin:briefs_brief_change", args=[own.pk])
    for title in ("First title", "Second title"):
        editor_client.post(url, {**form_data(editor_client.get(url)), "title": title})
    history = reverse("admin:briefs_brief_history", args=[own.pk])

    read = what_a_person_reads(contributor_client.get(history))
    assert "compare" not in read and "restore" not in read
    assert "every save is kept here" in read

    editors = what_a_person_reads(editor_client.get(history))
    assert "compare selected revisions" in editors and "restore" in editors
