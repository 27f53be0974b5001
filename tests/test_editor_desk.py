"""The "Editorial desk" on the admin index: each person's queue, in the right order."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import AuthorFactory, BriefFactory, UserFactory
from tests.forms import form_data
from tests.query_counts import assert_query_budget

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def press(client, brief, button, **fields):
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = {**form_data(client.get(url)), **fields, "_workflow": button}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def section(html, key):
    """The titles listed in one desk section, in order."""
    match = re.search(rf'<section class="desk-section" id="desk-{key}".*?</section>', html, re.S)
    assert match, f"no desk section {key}"
    return re.findall(r'class="desk-title"[^>]*>([^<]+)</a>', match.group(0))


def desk_html(client, query=None):
    response = client.get(INDEX, query or {})
    assert response.status_code == 200
    return response.content.decode()


def test_review_queue_lists_the_oldest_submission_first_with_who_and_when(
    client, editor_client, settings
):
    """Ordered by when each brief was submitted, not created; names the submitter."""
    settings.TIME_ZONE = "Europe/Vienna"
    writer = UserFactory(
        username="timur", first_name="Timur", last_name="Abenov", group="Contributors"
    )
    first_written = BriefFactory(draft=True, created_by=writer, title="Written first")
    second_written = BriefFactory(draft=True, created_by=writer, title="Written second")
    client.force_login(writer)
    with time_machine.travel(datetime(2026, 11, 20, 9, 0, tzinfo=UTC), tick=False):
        press(client, second_written, "submit")
    with time_machine.travel(datetime(2026, 11, 21, 9, 0, tzinfo=UTC), tick=False):
        press(client, first_written, "submit")
    BriefFactory(draft=True, title="Still a draft")

    client.force_login(UserFactory(username="chief", group="Editors"))
    html = desk_html(client)
    assert section(html, "review") == ["Written second", "Written first"]
    assert "Awaiting review (2)" in html
    assert "Submitted by Timur Abenov, 20 Nov 2026, 10:00 CET" in html


def test_scheduled_lists_the_next_first_in_the_site_time_zone(editor_client, settings):
    """Next to go public comes first; times are local with their zone."""
    settings.TIME_ZONE = "Europe/Vienna"
    BriefFactory(title="Later", publish_at=datetime(2099, 3, 1, 8, 0, tzinfo=UTC))
    BriefFactory(title="Sooner", publish_at=datetime(2099, 1, 15, 8, 0, tzinfo=UTC))
    BriefFactory(title="Already out")
    html = desk_html(editor_client)
    assert section(html, "scheduled") == ["Sooner", "Later"]
    assert "Goes public 15 Jan 2099, 09:00 CET" in html
    assert "Goes public 1 Mar 2099, 09:00 CET" in html


def test_recently_published_lists_only_public_briefs_newest_first(editor_client):
    """Scheduled, draft and in-review briefs never appear as published."""
    now = timezone.now()
    BriefFactory(title="Old", publish_at=now - timedelta(days=9))
    BriefFactory(title="New", publish_at=now - timedelta(hours=2))
    BriefFactory(title="Tomorrow", scheduled=True)
    BriefFactory(title="Drafty", draft=True)
    BriefFactory(title="Pending", in_review=True)
    assert section(desk_html(editor_client), "published") == ["New", "Old"]


def test_contributor_sees_their_drafts_reviews_and_what_was_sent_back(
    client, editor_client, contributor
):
    """Their own briefs only, sorted into sections; a sent-back brief shows the note."""
    author = AuthorFactory(user=contributor)
    BriefFactory(draft=True, created_by=contributor, title="My draft")
    BriefFactory(draft=True, authors=[author], title="Credited draft")
    BriefFactory(in_review=True, created_by=contributor, title="Waiting")
    returned = BriefFactory(in_review=True, created_by=contributor, title="Returned")
    BriefFactory(draft=True, title="Someone else's draft")
    BriefFactory(created_by=contributor, title="Mine, published")
    press(editor_client, returned, "send_back", workflow_note="Add the 2024 trade figures.")

    client.force_login(contributor)
    html = desk_html(client)
    assert section(html, "sent-back") == ["Returned"]
    assert "Add the 2024 trade figures." in html
    assert "Sent back by editor" in html
    assert sorted(section(html, "drafts")) == ["Credited draft", "My draft"]
    assert section(html, "in-review") == ["Waiting"]
    assert "Someone else" not in html and "Mine, published" not in html
    assert 'id="desk-review"' not in html and 'id="desk-scheduled"' not in html


def test_resubmitting_clears_the_sent_back_note(client, editor_client, contributor):
    """Once resubmitted, the brief is in review again and the old note is gone."""
    brief = BriefFactory(in_review=True, created_by=contributor, title="Round two")
    press(editor_client, brief, "send_back", workflow_note="Shorten it.")
    client.force_login(contributor)
    press(client, brief, "submit")
    html = desk_html(client)
    assert section(html, "in-review") == ["Round two"]
    assert section(html, "sent-back") == []
    assert "Shorten it." not in html


def test_staff_without_brief_permissions_see_no_desk(client):
    """The desk shows only what the user may see: nothing for staff outside both groups."""
    BriefFactory(in_review=True, title="Hidden from them")
    client.force_login(UserFactory(username="clerk"))
    html = desk_html(client)
    assert "Editorial desk" not in html and "Hidden from them" not in html


def _fill_editor_desk(count, writer):
    for n in range(count):
        brief = BriefFactory(draft=True, created_by=writer, title=f"Queued {n}")
        BriefFactory(title=f"Out {n}")
        BriefFactory(title=f"Later {n}", scheduled=True)
        yield brief


# Today 11 for an editor's desk and 7 for a contributor's.
EDITOR_DESK_MAX_QUERIES = 14
CONTRIBUTOR_DESK_MAX_QUERIES = 10


@pytest.mark.parametrize("query", [{}, {"language": "en-gb"}], ids=["all", "one-language"])
def test_editor_desk_query_count_does_not_grow(client, query):
    """Thirty briefs in each section cost no more queries than one, and few; the language
    filter is a column of the brief, and costs no query."""
    writer = UserFactory(username="writer", group="Contributors")
    chief = UserFactory(username="chief", group="Editors")

    def fill(count):
        client.force_login(writer)
        for brief in _fill_editor_desk(count, writer):
            press(client, brief, "submit")
        client.force_login(chief)

    fill(1)
    html = assert_query_budget(
        lambda: desk_html(client, query), lambda: fill(29), EDITOR_DESK_MAX_QUERIES
    )
    assert len(section(html, "review")) == 8


def test_contributor_desk_query_count_does_not_grow(client, editor, contributor):
    """Thirty briefs in each section cost no more queries than one, and few."""

    def fill(count, note):
        for n in range(count):
            BriefFactory(draft=True, created_by=contributor, title=f"Draft {n}")
            BriefFactory(in_review=True, created_by=contributor, title=f"Waiting {n}")
        client.force_login(editor)
        returned = BriefFactory(in_review=True, created_by=contributor)
        press(client, returned, "send_back", workflow_note=note)
        client.force_login(contributor)

    fill(1, "Cut it by half.")
    html = assert_query_budget(
        lambda: desk_html(client),
        lambda: fill(29, "Now cut it by a third."),
        CONTRIBUTOR_DESK_MAX_QUERIES,
    )
    assert "Now cut it by a third." in html


def test_the_desk_narrows_to_one_language_and_says_so_in_its_links(editor_client):
    """?language=ru lists only Russian briefs; each section's link keeps the language."""
    BriefFactory(in_review=True, title="English in review")
    BriefFactory(in_review=True, title="Russian in review", language="ru")
    everything = desk_html(editor_client)
    assert section(everything, "review") == ["English in review", "Russian in review"]

    response = editor_client.get(INDEX, {"language": "ru"})
    html = response.content.decode()
    assert section(html, "review") == ["Russian in review"]
    assert "Awaiting review (1)" in html
    assert "?stage=review&amp;language__exact=ru" in html
    listed = editor_client.get(
        reverse("admin:briefs_brief_changelist") + "?stage=review&language__exact=ru"
    )
    assert listed.status_code == 200
    assert "Russian in review" in listed.text and "English in review" not in listed.text
    assert re.search(r'<a href="/admin/\?language=ru"[^>]*aria-current="page"', html)


def test_an_unknown_language_shows_every_brief_and_says_why(editor_client):
    """A language the site does not have narrows nothing and is named as the reason."""
    BriefFactory(in_review=True, title="English in review")
    response = editor_client.get(INDEX, {"language": "<b>xx</b>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert section(html, "review") == ["English in review"]
    assert "That is not a site language" in html
    assert "<b>xx</b>" not in html


def test_a_contributors_desk_narrows_to_one_language_too(client, contributor):
    """The contributor's own drafts, only those in the chosen language."""
    BriefFactory(draft=True, created_by=contributor, title="Mine in English")
    BriefFactory(draft=True, created_by=contributor, title="Mine in Russian", language="ru")
    client.force_login(contributor)
    html = client.get(INDEX, {"language": "en-gb"}).content.decode()
    assert section(html, "drafts") == ["Mine in English"]


def test_an_editor_who_chose_russian_reads_the_desk_in_russian(editor_client):
    """The desk's headings, meta lines and links follow the editor's language."""
    BriefFactory(in_review=True, title="Waiting")
    BriefFactory(title="Out")
    editor_client.cookies["django_language"] = "ru"
    html = desk_html(editor_client)
    assert "Редакционный стол" in html
    assert "Ждут проверки (1)" in html
    assert "Недавно опубликованные" in html
    assert "Опубликована " in html
    assert "Все языки" in html
    assert "Awaiting review" not in html
