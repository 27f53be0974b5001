"""Pastes from Word are cleaned by the server before the editor takes them."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.test_sanitizing import GOOGLE_DOCS_FOOTNOTES_PASTE, WORD_PASTE, word_item

pytestmark = pytest.mark.django_db

URL = reverse("admin:briefs_brief_clean_paste")


def paste(client, html, field="body"):
    return client.post(f"{URL}?field={field}", html, content_type="text/html; charset=utf-8")


def test_a_word_paste_comes_back_as_the_field_would_store_it(editor_client):
    """Lists with their levels, headings and bold; none of Word's markup."""
    nested = word_item(1, "\u00b7", "Point") + word_item(2, "o", "Sub-point")
    response = paste(editor_client, WORD_PASTE + nested)
    assert response.status_code == 200
    cleaned = response.json()["html"]
    assert "<h2>Energy corridors</h2>" in cleaned and "<strong>more gas</strong>" in cleaned
    assert "<li>Point<ul><li>Sub-point</li></ul></li>" in cleaned.replace("\n", "")
    assert "mso" not in cleaned and "\u00b7" not in cleaned


def test_pasted_footnotes_come_back_as_footnotes(editor_client):
    """The editor gets footnotes to insert, not links to notes at the end of the paste.
    (Google Docs marks each paragraph's direction; a body keeps it, as it cannot know the
    direction of its brief's page: see ``briefs.content.language_direction``.)"""
    response = paste(editor_client, GOOGLE_DOCS_FOOTNOTES_PASTE)
    assert response.json()["html"] == (
        '<p dir="ltr">Exports rose<span data-footnote="">Customs data, 2024.</span> a lot.</p>'
    )


def test_the_notes_field_keeps_only_what_notes_allow(contributor_client):
    """Contributors write briefs too; notes have no headings, so a heading becomes text."""
    response = paste(contributor_client, WORD_PASTE, field="notes")
    assert response.status_code == 200
    assert "<h2>" not in response.json()["html"]
    assert "Energy corridors" in response.json()["html"]


def test_hostile_markup_never_comes_back(editor_client):
    cleaned = paste(editor_client, '<p onclick="x()">Hi<script>steal()</script></p>').json()
    assert cleaned == {"html": "<p>Hi</p>"}


def test_only_a_post_for_a_rich_text_field(editor_client):
    assert editor_client.get(f"{URL}?field=body").status_code == 405
    assert paste(editor_client, "<p>x</p>", field="title").status_code == 400


def test_only_people_who_write_briefs_may_use_it(client):
    """Anonymous readers are sent to the login page; staff without brief rights get 403."""
    response = paste(client, "<p>x</p>")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    client.force_login(UserFactory(username="staff-only", is_staff=True))
    assert paste(client, "<p>x</p>").status_code == 403


def test_a_paste_too_large_is_refused_with_400(editor_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    assert paste(editor_client, "<p>" + "x" * 500 + "</p>").status_code == 400


def test_a_paste_longer_than_a_brief_may_hold_is_refused_with_413(editor_client, settings):
    """The limit on a body's length holds for pastes too, with a message saying so."""
    settings.RICH_TEXT_MAX_LENGTH = 100
    response = paste(editor_client, "<p>" + "x" * 500 + "</p>")
    assert response.status_code == 413
    assert "more than the 100 a brief may hold" in response.json()["error"]


def test_two_megabytes_of_unclosed_tags_are_refused_not_a_crash(editor_client):
    """The 2 MB paste of "<a" that once killed a worker gets a quick 413."""
    response = paste(editor_client, "<a" * 1024 * 1024)
    assert response.status_code == 413


def test_a_paste_nested_too_deep_is_refused_with_400(editor_client):
    assert paste(editor_client, "<blockquote>" * 1000).json() == {
        "error": "This text nests its formatting more than 256 levels deep, which no brief "
        "needs. Paste it again without its formatting."
    }
