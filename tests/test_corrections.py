"""Corrections and updates: shown wherever their public brief is, never anywhere else, and
never removed or reworded once public, whatever path writes."""

import json
import re
from datetime import datetime, timedelta

import feedparser
import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from briefs.content.addresses import absolute_url
from briefs.editorial import corrections
from briefs.models import Brief, Correction, WorkflowEvent
from tests.caching import caches_on
from tests.factories import BriefFactory, UserFactory
from tests.forms import form_data
from tests.query_counts import PUBLIC_PAGE_MAX_QUERIES, assert_query_budget

pytestmark = pytest.mark.django_db

AID = "An earlier version gave the aid as 15 million dollars; it was 15 million euros."
LIST = reverse("briefs:correction-list")
LISTED = re.compile(r'<li class="correction[ "]')


def change_url(brief):
    return reverse("admin:briefs_brief_change", args=[brief.pk])


def detail(brief):
    return reverse("briefs:brief-detail", args=[brief.slug])


def with_new_note(data, text, kind="correction", when=None):
    """The brief form's data with one more note typed into the inline."""
    index = int(data["corrections-TOTAL_FORMS"])
    when = timezone.localtime(when or timezone.now())
    return {
        **data,
        "corrections-TOTAL_FORMS": str(index + 1),
        f"corrections-{index}-kind": kind,
        f"corrections-{index}-noted_at_0": when.strftime("%Y-%m-%d"),
        f"corrections-{index}-noted_at_1": when.strftime("%H:%M:%S"),
        f"corrections-{index}-text": text,
    }


@pytest.fixture
def public_brief():
    return BriefFactory(title="Aid to the corridor", slug="aid-to-the-corridor")


def note_of(brief, editor, text=AID, **kwargs):
    return corrections.add(brief, text, editor, **kwargs)


# Adding notes in the admin


def test_an_editor_adds_a_correction_in_the_brief_form(editor_client, editor, public_brief):
    """The note is saved with who wrote it, and recorded as one event."""
    data = with_new_note(form_data(editor_client.get(change_url(public_brief))), AID)
    response = editor_client.post(change_url(public_brief), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    note = Correction.objects.get(brief=public_brief)
    assert (note.kind, note.text, note.created_by) == ("correction", AID, editor)
    event = WorkflowEvent.objects.get(brief=public_brief)
    assert (event.action, event.by, event.correction) == ("correct", editor, note)
    assert (event.from_status, event.to_status) == ("published", "published")
    assert AID in event.note


def test_a_note_added_through_a_stale_copy_records_the_stored_status(editor):
    """The event says what the brief is, not what the caller's copy of it says."""
    brief = BriefFactory(in_review=True)
    Brief.objects.filter(pk=brief.pk).update(status="draft")
    corrections.add(brief, AID, editor)
    event = WorkflowEvent.objects.get(brief=brief)
    assert (event.from_status, event.to_status) == ("draft", "draft")


def test_a_note_dated_in_the_future_is_a_form_error(editor_client, public_brief):
    data = with_new_note(
        form_data(editor_client.get(change_url(public_brief))),
        AID,
        when=timezone.now() + timedelta(days=3),
    )
    response = editor_client.post(change_url(public_brief), data)
    assert response.status_code == 200
    assert "not in the future" in response.content.decode()
    assert not Correction.objects.exists()


def test_a_contributor_cannot_add_a_note(contributor_client, contributor):
    """A forged inline on their own draft adds nothing and fails nothing."""
    brief = BriefFactory(draft=True, created_by=contributor)
    data = form_data(contributor_client.get(change_url(brief)))
    data.setdefault("corrections-TOTAL_FORMS", "0")
    data.setdefault("corrections-INITIAL_FORMS", "0")
    response = contributor_client.post(change_url(brief), with_new_note(data, "Forged note"))
    assert response.status_code in (200, 302)
    assert not Correction.objects.exists()
    with pytest.raises(corrections.NoteRefused):
        corrections.add(brief, "Forged note", contributor)


def test_a_brief_form_sent_without_the_notes_part_changes_no_note(
    editor_client, editor, public_brief
):
    note = note_of(public_brief, editor)
    data = form_data(editor_client.get(change_url(public_brief)))
    data = {key: value for key, value in data.items() if not key.startswith("corrections-")}
    response = editor_client.post(change_url(public_brief), {**data, "title": "Renamed"})
    assert response.status_code == 302
    assert Correction.objects.get().text == note.text


# The strike-through rule


def test_a_public_note_is_read_only_and_cannot_be_deleted_in_the_admin(
    editor_client, editor, public_brief
):
    """Posting a new text and the deletion box for a fixed note changes nothing."""
    note = note_of(public_brief, editor)
    page = editor_client.get(change_url(public_brief))
    html = page.content.decode()
    assert re.search(r'name="corrections-0-text"[^>]*disabled', html)
    assert re.search(r'name="corrections-0-DELETE"[^>]*disabled', html)
    data = {
        **form_data(page),
        "corrections-0-text": "Silently reworded.",
        "corrections-0-DELETE": "on",
    }
    assert editor_client.post(change_url(public_brief), data).status_code == 302
    assert Correction.objects.get(pk=note.pk).text == AID


def test_a_public_note_is_struck_through_once_with_a_reason(editor_client, editor, public_brief):
    note = note_of(public_brief, editor)
    data = {
        **form_data(editor_client.get(change_url(public_brief))),
        "corrections-0-strike_reason": "The original figure was right after all.",
    }
    response = editor_client.post(change_url(public_brief), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    note.refresh_from_db()
    assert note.struck_at is not None and note.struck_by == editor
    assert note.strike_reason == "The original figure was right after all."
    assert list(WorkflowEvent.objects.filter(correction=note).values_list("action", flat=True)) == [
        "strike",
        "correct",
    ]
    html = editor_client.get(detail(public_brief)).content.decode()
    assert re.search(r"<del>.*15 million euros.*</del>", html, re.S)
    assert "Withdrawn on" in html and "The original figure was right after all." in html
    # The reason cannot be changed afterwards, nor the strike undone.
    again = {
        **form_data(editor_client.get(change_url(public_brief))),
        "corrections-0-strike_reason": "Another reason.",
    }
    editor_client.post(change_url(public_brief), again)
    assert Correction.objects.get(pk=note.pk).strike_reason.startswith("The original figure")
    with pytest.raises(corrections.NoteRefused):
        corrections.strike(note, "Twice", editor)


def test_a_note_of_a_brief_never_public_can_be_reworded_and_deleted(editor_client, editor):
    """Before readers could see it, a note is a draft like the brief."""
    brief = BriefFactory(draft=True)
    note = note_of(brief, editor)
    data = {
        **form_data(editor_client.get(change_url(brief))),
        "corrections-0-text": "Reworded before publication.",
    }
    assert editor_client.post(change_url(brief), data).status_code == 302
    assert Correction.objects.get(pk=note.pk).text == "Reworded before publication."
    data = {**form_data(editor_client.get(change_url(brief))), "corrections-0-DELETE": "on"}
    assert editor_client.post(change_url(brief), data).status_code == 302
    assert not Correction.objects.exists()
    actions = list(WorkflowEvent.objects.filter(brief=brief).values_list("action", flat=True))
    assert actions == ["delete_note", "edit_note", "correct"]


def test_rewording_a_note_while_publishing_is_refused_with_the_form_kept(editor_client, editor):
    """The note went public with this very save: nothing is saved, the form says why."""
    brief = BriefFactory(draft=True)
    note = note_of(brief, editor)
    data = {
        **form_data(editor_client.get(change_url(brief))),
        "corrections-0-text": "Reworded while publishing.",
        "_workflow": "publish",
    }
    response = editor_client.post(change_url(brief), data)
    assert response.status_code == 200
    assert "cannot be reworded or deleted once the brief is public" in response.content.decode()
    assert Brief.objects.get(pk=brief.pk).status == Brief.Status.DRAFT
    assert Correction.objects.get(pk=note.pk).text == AID


@pytest.mark.parametrize(
    "write",
    [
        lambda note: Correction.objects.filter(pk=note.pk).delete(),
        lambda note: Correction.objects.filter(pk=note.pk).update(text="Rewritten"),
        lambda note: Correction.objects.filter(pk=note.pk).update(noted_at=timezone.now()),
        lambda note: Correction.objects.filter(pk=note.pk).update(kind="update"),
        lambda note: note.delete(),
    ],
    ids=["queryset-delete", "text", "date", "kind", "model-delete"],
)
def test_the_database_refuses_raw_writes_to_a_public_note(editor, public_brief, write):
    note = note_of(public_brief, editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        write(note)
    assert Correction.objects.get(pk=note.pk).text == AID


def test_plain_sql_cannot_delete_a_public_note_or_undo_its_strike(editor, public_brief):
    note = corrections.strike(note_of(public_brief, editor), "Wrong figure.", editor)
    for sql in (
        "DELETE FROM briefs_correction WHERE id = %s",
        "UPDATE briefs_correction SET struck_at = NULL, strike_reason = '' WHERE id = %s",
        "UPDATE briefs_correction SET strike_reason = 'Quietly changed' WHERE id = %s",
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [note.pk])
    stored = Correction.objects.get(pk=note.pk)
    assert (stored.strike_reason, stored.struck_at) == ("Wrong figure.", note.struck_at)


def test_a_note_stays_fixed_after_its_brief_is_unpublished(editor, public_brief):
    """Readers saw it: unpublishing the brief does not make it deletable."""
    note = note_of(public_brief, editor)
    Brief.objects.filter(pk=public_brief.pk).update(status=Brief.Status.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Correction.objects.filter(pk=note.pk).delete()


def test_a_brief_with_a_note_cannot_be_deleted(editor_client, editor, public_brief):
    """The admin explains instead of deleting the note with its brief."""
    note_of(public_brief, editor)
    url = reverse("admin:briefs_brief_delete", args=[public_brief.pk])
    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert Brief.objects.filter(pk=public_brief.pk).exists()


# Where notes show


def test_the_brief_page_shows_its_notes_at_the_top(client, editor, public_brief):
    update = note_of(public_brief, editor, "The ministry confirmed the figures.", kind="update")
    correction = note_of(public_brief, editor)
    html = client.get(detail(public_brief)).content.decode()
    box = re.search(r'<aside class="corrections".*?</aside>', html, re.S).group(0)
    assert box.index(correction.text) < box.index(update.text)  # newest first
    assert f'id="{correction.anchor}"' in box
    assert "Correction, " in box and "Update, " in box
    assert html.index("corrections-heading") < html.index('class="prose"')


def test_json_ld_carries_the_notes_and_the_modified_date(client, editor, public_brief):
    note = note_of(public_brief, editor)
    struck = corrections.strike(note_of(public_brief, editor, "Withdrawn."), "Wrong.", editor)
    html = client.get(detail(public_brief)).content.decode()
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": f"Correction: {AID}",
            "datePublished": note.noted_at.isoformat(),
            "url": absolute_url(f"{detail(public_brief)}#{note.anchor}"),
        }
    ]
    modified = datetime.fromisoformat(data["dateModified"])
    assert modified >= struck.struck_at > note.created_at
    assert modified == Brief.objects.get(pk=public_brief.pk).last_modified


def test_the_feed_entry_is_updated_by_a_note(client, editor, public_brief):
    before = feedparser.parse(client.get("/feed/atom/").content).entries[0]
    note = note_of(public_brief, editor)
    after = feedparser.parse(client.get("/feed/atom/").content).entries[0]
    assert after.updated != before.updated
    assert after.updated_parsed[:6] >= note.created_at.utctimetuple()[:6]


def test_a_note_written_by_plain_sql_moves_the_feed_entry_too(client, public_brief):
    """No entry point touched the brief: the feed still reads the note's time."""
    before = feedparser.parse(client.get("/feed/atom/").content).entries[0]
    later = timezone.now() + timedelta(minutes=5)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO briefs_correction (brief_id, kind, noted_at, text, created_at, "
            "strike_reason) VALUES (%s, 'update', %s, 'Raw.', %s, '')",
            [public_brief.pk, timezone.now(), later],
        )
    after = feedparser.parse(client.get("/feed/atom/").content).entries[0]
    assert after.updated != before.updated
    assert after.updated_parsed[:6] == later.utctimetuple()[:6]


def test_the_corrections_page_and_its_feeds_list_public_notes_newest_first(
    client, editor, public_brief
):
    older = note_of(public_brief, editor, "First note.", noted_at=timezone.now() - timedelta(1))
    newer = note_of(public_brief, editor, "Second note.")
    html = client.get(LIST).content.decode()
    assert html.index(newer.text) < html.index(older.text)
    assert f'href="{detail(public_brief)}#{newer.anchor}"' in html
    for address in ("corrections-feed-rss", "corrections-feed-atom"):
        feed = feedparser.parse(client.get(reverse(f"briefs:{address}")).content)
        assert [entry.description for entry in feed.entries] == ["Second note.", "First note."]
        assert feed.entries[0].link.endswith(f"#{newer.anchor}")


@pytest.mark.parametrize("hidden", ["draft", "review", "scheduled"])
def test_notes_of_hidden_briefs_show_nowhere(client, editor, hidden):
    if hidden == "scheduled":
        brief = BriefFactory(publish_at=timezone.now() + timedelta(days=2))
    else:
        brief = BriefFactory(status=hidden, publish_at=None)
    note_of(brief, editor, "Hidden note.")
    for address in (LIST, "/corrections/feed/", "/corrections/feed/atom/"):
        assert "Hidden note." not in client.get(address).content.decode(), address


def test_unpublishing_a_brief_takes_its_notes_off_the_list_and_feed_at_once(
    client, editor, public_brief, settings
):
    """With every cache on: the kept list and feed are retired by the unpublish."""
    with caches_on(settings):
        note_of(public_brief, editor, "Soon hidden.")
        pages = (LIST, "/corrections/feed/", "/corrections/feed/atom/", detail(public_brief))
        for address in pages:
            assert "Soon hidden." in client.get(address).content.decode()
        public_brief.status = Brief.Status.DRAFT
        public_brief.save()
        for address in pages[:3]:
            assert "Soon hidden." not in client.get(address).content.decode(), address
        assert client.get(detail(public_brief)).status_code == 404


@pytest.mark.parametrize("kind", ["locmem", "redis"])
def test_adding_a_note_retires_the_kept_pages_that_show_it(client, editor, settings, kind):
    """Pages kept before the note (brief page, list, feeds) show it on the next request."""
    brief = BriefFactory(slug="kept-brief")
    pages = [detail(brief), LIST, "/corrections/feed/", "/feed/atom/"]
    with caches_on(settings, kind):
        kept = {address: client.get(address).content for address in pages}
        assert kept == {address: client.get(address).content for address in pages}
        note_of(brief, editor, "A note after the pages were kept.")
        for address in pages[:3]:
            assert b"A note after the pages were kept." in client.get(address).content, address
        assert client.get(pages[3]).content != kept[pages[3]]  # the entry's updated date


def test_a_note_written_by_plain_sql_retires_kept_pages_within_the_bound(client, editor, settings):
    """No signal: the database's trigger replaces the generation; another process sees it
    within GENERATION_CHECK_SECONDS."""
    import time_machine

    brief = BriefFactory(slug="raw-note")
    with caches_on(settings):
        assert b"Raw note." not in client.get(detail(brief)).content
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO briefs_correction (brief_id, kind, noted_at, text, created_at, "
                "strike_reason) VALUES (%s, 'correction', %s, 'Raw note.', %s, '')",
                [brief.pk, now, now],
            )
        bound = timedelta(seconds=settings.GENERATION_CHECK_SECONDS + 0.1)
        with time_machine.travel(now + bound):
            assert b"Raw note." in client.get(detail(brief)).content


def test_the_corrections_page_runs_a_fixed_number_of_queries(client, editor):
    """The same queries for 1 note as for 30, on one page or across two."""
    brief = BriefFactory()
    note_of(brief, editor, "Note 0.")

    def add_notes():
        for number in range(1, 30):
            note_of(BriefFactory(), editor, f"Note {number}.")

    response = assert_query_budget(lambda: client.get(LIST), add_notes, PUBLIC_PAGE_MAX_QUERIES)
    assert response.status_code == 200
    assert len(LISTED.findall(response.content.decode())) == 20
    assert len(LISTED.findall(client.get(f"{LIST}?page=2").content.decode())) == 10


@pytest.mark.parametrize("page", ["abc", "99", "-1"])
def test_a_page_of_the_corrections_that_does_not_exist_is_not_found(client, page):
    assert client.get(f"{LIST}?page={page}").status_code == 404


def test_the_brief_page_with_notes_keeps_its_query_budget(client, editor):
    brief = BriefFactory()
    note_of(brief, editor, "Note 0.")
    assert_query_budget(
        lambda: client.get(detail(brief)),
        lambda: [note_of(brief, editor, f"Note {n}.") for n in range(1, 20)],
        PUBLIC_PAGE_MAX_QUERIES,
    )


def test_the_printed_brief_shows_its_notes(editor, public_brief):
    from briefs.printing.copies import printed_html

    note_of(public_brief, editor)
    assert AID in printed_html(Brief.objects.get(pk=public_brief.pk))


def test_someone_no_longer_on_staff_leaves_their_notes(editor, public_brief):
    """Deleting the user who wrote or struck a note keeps the note (its users go empty)."""
    writer = UserFactory(group="Editors")
    note = corrections.strike(note_of(public_brief, writer), "Wrong.", writer)
    writer.delete()
    stored = Correction.objects.get(pk=note.pk)
    assert (stored.created_by, stored.struck_by, stored.text) == (None, None, AID)


@pytest.mark.parametrize(
    "bad",
    [
        {"corrections-TOTAL_FORMS": "many"},
        {"corrections-0-id": "not-a-number"},
        {"corrections-0-id": "OTHER"},  # a note of another brief
        {"corrections-0-text": "x" * 2001},
        {"corrections-0-noted_at_0": "31/31/2026"},
        {"corrections-0-kind": "retraction"},
    ],
    ids=["count", "id", "other-brief", "too-long", "date", "kind"],
)
def test_bad_note_input_is_a_form_error_and_changes_nothing(editor_client, editor, bad):
    brief = BriefFactory(draft=True)
    note = note_of(brief, editor)
    other = note_of(BriefFactory(), editor, "Another brief's note.")
    data = form_data(editor_client.get(change_url(brief)))
    other_brief = bad.get("corrections-0-id") == "OTHER"
    bad = {key: str(other.pk) if value == "OTHER" else value for key, value in bad.items()}
    response = editor_client.post(change_url(brief), {**data, **bad})
    # A form error; a note of another brief is not in this form's notes, so Django's
    # formset skips it and the rest saves.
    assert response.status_code == (302 if other_brief else 200)
    assert Correction.objects.get(pk=note.pk).text == AID
    assert Correction.objects.get(pk=other.pk).text == "Another brief's note."
    assert Correction.objects.get(pk=other.pk).brief_id == other.brief_id
