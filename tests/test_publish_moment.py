"""When a brief is public from: one answer, ``workflow.publish_moment``, for every door.

The brief form, its buttons, the list action and ``workflow.move`` all ask it, and the
form, the transition and the saved row carry the same moment, read off the clock once.
The rules tested here are the ones docs/workflow.md gives editors ("When a brief is public
from").
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from briefs.editorial import workflow
from briefs.editorial.admin.model_admins import BriefAdmin
from briefs.models import Brief
from countries.models import Country
from tests.factories import AuthorFactory, BriefFactory
from tests.forms import form_data

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
LAST_MONTH = MOMENT - timedelta(days=30)
NEXT_WEEK = MOMENT + timedelta(days=7)
PUBLISHED, DRAFT = Brief.Status.PUBLISHED, Brief.Status.DRAFT
CHANGELIST = reverse("admin:briefs_brief_changelist")


def change_url(brief):
    return reverse("admin:briefs_brief_change", args=[brief.pk])


def time_fields(moment):
    """The publish time as the form's two inputs take it, in the site's time zone."""
    if moment is None:
        return {"publish_at_0": "", "publish_at_1": ""}
    local = timezone.localtime(moment)
    return {"publish_at_0": local.strftime("%Y-%m-%d"), "publish_at_1": local.strftime("%H:%M:%S")}


def stored(brief):
    return Brief.objects.get(pk=brief.pk)


@pytest.fixture
def seen_by_save(monkeypatch):
    """The publish time the form's cleaned data, its brief and its transition held when
    the admin came to save (before the save itself touched the brief)."""
    seen = {}
    save_model = BriefAdmin.save_model

    def recording(admin, request, obj, form, change):
        seen.update(
            form=form.cleaned_data.get("publish_at"),
            brief=obj.publish_at,
            transition=form.transition.publish_at,
        )
        save_model(admin, request, obj, form, change)

    monkeypatch.setattr(BriefAdmin, "save_model", recording)
    return seen


def assert_one_moment(seen, row, tick):
    """The form, the brief, the transition and the row agree on one reading of the clock."""
    moments = {*seen.values(), row}
    assert len(moments) == 1, seen | {"row": row}
    (moment,) = moments
    if tick:
        assert MOMENT <= moment < MOMENT + timedelta(minutes=5)
    else:
        assert moment == MOMENT


PUBLISHING_WITHOUT_A_TIME = {
    "status field, empty time": {"status": PUBLISHED, **time_fields(None)},
    "Publish now button": {"_workflow": "publish"},
    "Publish now button over a typed time": {"_workflow": "publish", **time_fields(NEXT_WEEK)},
}


@pytest.mark.parametrize("tick", [False, True], ids=["frozen", "ticking"])
@pytest.mark.parametrize(
    "posted", PUBLISHING_WITHOUT_A_TIME.values(), ids=list(PUBLISHING_WITHOUT_A_TIME)
)
def test_publishing_without_a_time_sets_it_once(editor_client, seen_by_save, posted, tick):
    """The form, the transition and the saved row hold the same moment: the clock is read
    once for the save, even while it moves on between the steps."""
    with time_machine.travel(MOMENT, tick=tick):
        brief = BriefFactory(in_review=True)
        data = {**form_data(editor_client.get(change_url(brief))), **posted}
        assert editor_client.post(change_url(brief), data).status_code == 302
    row = stored(brief)
    assert row.status == PUBLISHED
    assert_one_moment(seen_by_save, row.publish_at, tick)


@pytest.mark.parametrize("tick", [False, True], ids=["frozen", "ticking"])
def test_a_new_brief_published_without_a_time_gets_it_once(editor_client, seen_by_save, tick):
    """The add form resolves the time as the change form does."""
    data = {
        "title": "Published at once",
        "slug": "published-at-once",
        "dek": "Summary.",
        "body": "<p>Body.</p>",
        "countries": [Country.objects.get(code="GE").pk],
        "status": PUBLISHED,
        **time_fields(None),
        "byline": [AuthorFactory().pk],
    }
    with time_machine.travel(MOMENT, tick=tick):
        response = editor_client.post(reverse("admin:briefs_brief_add"), data)
    assert response.status_code == 302
    assert_one_moment(seen_by_save, Brief.objects.get(slug="published-at-once").publish_at, tick)


def test_the_list_action_publishes_at_the_moment_of_the_click(editor_client):
    """ "Publish selected briefs now": now, for a brief in review and a scheduled one alike."""
    with time_machine.travel(MOMENT, tick=False):
        waiting = BriefFactory(in_review=True)
        scheduled = BriefFactory(publish_at=NEXT_WEEK)
        selected = [waiting.pk, scheduled.pk]
        editor_client.post(CHANGELIST, {"action": "publish_now", "_selected_action": selected})
    assert [stored(brief).publish_at for brief in (waiting, scheduled)] == [MOMENT, MOMENT]


@pytest.mark.parametrize(
    "posted", [time_fields(NEXT_WEEK), time_fields(None)], ids=["time as shown", "time cleared"]
)
def test_saving_a_scheduled_brief_as_published_keeps_its_future_time(editor_client, posted):
    """Only Publish now or a new time moves a schedule; the history records no move."""
    with time_machine.travel(MOMENT, tick=False):
        brief = BriefFactory(publish_at=NEXT_WEEK)
        data = {**form_data(editor_client.get(change_url(brief))), "status": PUBLISHED, **posted}
        response = editor_client.post(change_url(brief), data, follow=True)
        row = stored(brief)
        assert (row.publish_at, row.is_scheduled) == (NEXT_WEEK, True)
    assert "Scheduled for" not in " ".join(str(m) for m in response.context["messages"])


def test_publish_now_on_a_scheduled_brief_publishes_it_at_once(editor_client):
    """The button means now, whatever time the form shows."""
    with time_machine.travel(MOMENT, tick=False):
        brief = BriefFactory(publish_at=NEXT_WEEK)
        data = {**form_data(editor_client.get(change_url(brief))), "_workflow": "publish"}
        editor_client.post(change_url(brief), data)
    assert stored(brief).publish_at == MOMENT


def test_republishing_a_published_brief_keeps_its_date(editor_client, editor):
    """Saving a public brief as published, with its time cleared, moving it to published
    again, or selecting it for the list action: its date stays."""
    with time_machine.travel(MOMENT, tick=False):
        brief = BriefFactory(publish_at=LAST_MONTH)
        data = {**form_data(editor_client.get(change_url(brief))), **time_fields(None)}
        assert (
            editor_client.post(change_url(brief), {**data, "status": PUBLISHED}).status_code == 302
        )
        assert stored(brief).publish_at == LAST_MONTH
        moved = workflow.move(stored(brief), PUBLISHED, by=editor)
        assert (moved, stored(brief).publish_at) == (None, LAST_MONTH)  # no move, no event
        editor_client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [brief.pk]})
        assert stored(brief).publish_at == LAST_MONTH


def unpublish(client, brief):
    data = {**form_data(client.get(change_url(brief))), "_workflow": "unpublish"}
    assert client.post(change_url(brief), data).status_code == 302


def test_an_unpublished_brief_keeps_its_time_in_the_form(editor_client):
    """Unpublishing hides the brief and leaves the time it went public in its form."""
    with time_machine.travel(MOMENT, tick=False):
        brief = BriefFactory(publish_at=LAST_MONTH)
        unpublish(editor_client, brief)
        form = editor_client.get(change_url(brief)).context["adminform"].form
    assert (stored(brief).status, stored(brief).publish_at) == (DRAFT, LAST_MONTH)
    assert form["publish_at"].value() == LAST_MONTH


@pytest.mark.parametrize(
    ("posted", "public_from"),
    [
        ({"status": PUBLISHED}, LAST_MONTH),
        ({"status": PUBLISHED, **time_fields(None)}, MOMENT),
        ({"_workflow": "publish"}, MOMENT),
    ],
    ids=["status field, time as shown", "status field, time cleared", "Publish now button"],
)
def test_publishing_an_unpublished_brief_again(editor_client, posted, public_from):
    """As documented: the time the form still shows puts the brief back at its old date;
    clearing it, or Publish now, makes it public from the moment of the save."""
    with time_machine.travel(MOMENT, tick=False):
        brief = BriefFactory(publish_at=LAST_MONTH)
        unpublish(editor_client, brief)
        data = {**form_data(editor_client.get(change_url(brief))), **posted}
        assert editor_client.post(change_url(brief), data).status_code == 302
        row = stored(brief)
        assert (row.publish_at, row.is_public) == (public_from, True)


def test_a_stale_save_that_publishes_shows_only_why_it_was_refused(editor_client, editor):
    """A save refused before its move is checked carries no half-made move: the form says
    who saved meanwhile, and nothing about a missing publish time."""
    brief = BriefFactory(in_review=True)
    data = {**form_data(editor_client.get(change_url(brief))), "status": PUBLISHED}
    workflow.move(brief, DRAFT, by=editor)  # someone saves after the form was opened
    response = editor_client.post(change_url(brief), data)
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["__all__"]
    assert len(errors["__all__"]) == 1 and "after you opened it" in errors["__all__"][0]
    assert stored(brief).status == DRAFT


def brief_as_stored(status, publish_at, pk=1):
    """A brief as read back, built while the tests are collected: its type is given, so the
    default type is not looked up in a database that is not there yet."""
    return Brief(pk=pk, status=status, publish_at=publish_at, kind_id=None)


@pytest.mark.parametrize(
    ("before", "target", "requested", "expected"),
    [
        (brief_as_stored(DRAFT, None), PUBLISHED, None, MOMENT),
        (brief_as_stored(DRAFT, None, pk=None), PUBLISHED, None, MOMENT),
        (brief_as_stored(DRAFT, None), PUBLISHED, NEXT_WEEK, NEXT_WEEK),
        (brief_as_stored(DRAFT, LAST_MONTH), PUBLISHED, None, MOMENT),
        (brief_as_stored(DRAFT, LAST_MONTH), PUBLISHED, LAST_MONTH, LAST_MONTH),
        (brief_as_stored(PUBLISHED, LAST_MONTH), PUBLISHED, None, LAST_MONTH),
        (brief_as_stored(PUBLISHED, NEXT_WEEK), PUBLISHED, None, NEXT_WEEK),
        (brief_as_stored(PUBLISHED, NEXT_WEEK), PUBLISHED, MOMENT, MOMENT),
        (brief_as_stored(PUBLISHED, LAST_MONTH), DRAFT, None, None),
        (brief_as_stored(DRAFT, None), Brief.Status.REVIEW, NEXT_WEEK, None),
    ],
    ids=[
        "draft published",
        "new brief published",
        "draft scheduled",
        "unpublished brief published again",
        "unpublished brief published again at its old time",
        "public brief kept",
        "scheduled brief kept",
        "scheduled brief published now",
        "unpublishing sets no time",
        "submitting sets no time",
    ],
)
def test_publish_moment(before, target, requested, expected):
    """The rule itself, with the moment of the change given."""
    assert workflow.publish_moment(before, target, MOMENT, requested) == expected
