"""A body or notes longer than a brief may hold is a form error, never a stalled worker."""

import pytest
from django.urls import reverse

from briefs.models import Brief
from countries.models import Country
from tests.factories import AuthorFactory
from tests.test_admin import brief_form, with_authors

pytestmark = pytest.mark.django_db


def add_brief(client, **fields):
    data = with_authors(
        brief_form(countries=[Country.objects.get(code="GE").pk], **fields), AuthorFactory()
    )
    return client.post(reverse("admin:briefs_brief_add"), data)


def test_a_body_over_the_limit_is_refused_with_a_form_error(editor_client, settings):
    """The editor is told how long the text is and what the limit is; nothing is saved."""
    settings.RICH_TEXT_MAX_LENGTH = 1000
    response = add_brief(editor_client, body="<p>" + "word " * 400 + "</p>")
    assert response.status_code == 200
    assert "This text is 2007 characters of HTML, more than the 1000" in response.text
    assert not Brief.objects.exists()


def test_notes_over_the_limit_are_refused_with_a_form_error(editor_client, settings):
    settings.RICH_TEXT_MAX_LENGTH = 1000
    response = add_brief(editor_client, notes="<ol><li>" + "source " * 200 + "</li></ol>")
    assert "more than the 1000 a brief may hold" in response.text
    assert not Brief.objects.exists()


def test_a_body_nested_too_deep_is_refused_with_a_form_error(editor_client):
    """Markup no editor writes, nested a thousand deep, is refused in a moment."""
    response = add_brief(editor_client, body="<blockquote>" * 1000 + "deep")
    assert response.status_code == 200
    assert "more than 256 levels deep" in response.text
    assert not Brief.objects.exists()


def test_a_body_at_the_default_limit_is_saved(editor_client, settings):
    """The limit is generous: a body of almost a million characters is still a brief."""
    body = "<p>" + "A long paragraph of analysis. " * 30_000 + "</p>"
    assert len(body) < settings.RICH_TEXT_MAX_LENGTH
    assert add_brief(editor_client, body=body).status_code == 302
    assert Brief.objects.get().word_count == 150_000
