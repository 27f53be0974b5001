"""Two editors taking the same place in a series at once: the second gets a form error naming
the brief that holds it, with everything typed kept, never a 500."""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import strip_tags

from briefs.editorial import workflow
from briefs.models import Brief
from tests.factories import (
    BriefFactory,
    CountryFactory,
    SeriesFactory,
    UserFactory,
)
from tests.forms import new_brief_form

TAKEN = (
    "Part 2 of “Energy” is already “Pipelines and power”: choose another position, or tick "
    "“Insert here and shift the later parts”."
)


def typed_new_brief(client, series, country=None):
    """The add form as an editor fills it in to make a brief part 2 of ``series``."""
    return new_brief_form(client, country, series=str(series.pk), series_position="2")


def take_position_before_the_save(monkeypatch, take):
    """Run ``take`` after the form was validated and before the brief is written."""
    apply = workflow.apply

    def apply_after_the_other_editor(transition, brief):
        take()
        apply(transition, brief)

    monkeypatch.setattr(workflow, "apply", apply_after_the_other_editor)


def assert_refused_with_text_kept(response):
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["series_position"]
    assert strip_tags(error) == TAKEN
    html = response.content.decode()
    assert "Gas storage in winter" in html
    assert "Every word of this summary must survive." in html
    assert "Two pages of careful analysis." in html
    assert not Brief.objects.filter(slug="gas-storage-in-winter").exists()


@pytest.mark.django_db
def test_a_position_taken_after_validation_is_a_form_error(editor_client, monkeypatch):
    """The other brief is written between validation and save (in the same transaction here,
    so on SQLite and PostgreSQL alike): the constraint's refusal becomes the form error."""
    series = SeriesFactory(title="Energy")
    data = typed_new_brief(editor_client, series)
    take_position_before_the_save(
        monkeypatch,
        lambda: BriefFactory(series=series, series_position=2, title="Pipelines and power"),
    )
    assert_refused_with_text_kept(editor_client.post(reverse("admin:briefs_brief_add"), data))


@pytest.mark.django_db(transaction=True)
def test_a_position_committed_by_another_connection_is_a_form_error(client, monkeypatch):
    """On PostgreSQL, another connection commits part 2 while this save is under way."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's immediate transactions let no other writer in mid-save")
    # Flushed tables lose the reference data: a superuser and a country of this test's own.
    client.force_login(UserFactory(username="editor", is_superuser=True))
    series, country = SeriesFactory(title="Energy"), CountryFactory()
    data = typed_new_brief(client, series, country)

    def other_editor_saves():
        BriefFactory(
            series=series, series_position=2, title="Pipelines and power", countries=[country]
        )
        connection.close()

    def take():
        other = threading.Thread(target=other_editor_saves)
        other.start()
        other.join()

    take_position_before_the_save(monkeypatch, take)
    assert_refused_with_text_kept(client.post(reverse("admin:briefs_brief_add"), data))
    assert Brief.objects.get(series=series, series_position=2).title == "Pipelines and power"


@pytest.mark.django_db
def test_a_contributor_is_not_told_the_title_of_a_draft_they_may_not_see(contributor_client):
    """Someone else's unpublished brief holds the place: the error says so without its title."""
    series = SeriesFactory(title="Energy")
    BriefFactory(draft=True, series=series, series_position=2, title="Secret draft")
    response = contributor_client.post(
        reverse("admin:briefs_brief_add"), typed_new_brief(contributor_client, series)
    )
    assert response.context["adminform"].form.errors["series_position"] == [
        "Part 2 of “Energy” is already another brief, not yet published: choose another position."
    ]
    assert "Secret draft" not in response.content.decode()


@pytest.mark.django_db
def test_an_address_taken_after_validation_is_a_form_error(editor_client, monkeypatch):
    """Two editors giving two new briefs the same slug at once: the second is told whose
    address it is, with everything typed kept."""
    data = {**typed_new_brief(editor_client, SeriesFactory()), "series": "", "series_position": ""}
    take_position_before_the_save(
        monkeypatch, lambda: BriefFactory(slug="gas-storage-in-winter", title="Winter gas")
    )
    response = editor_client.post(reverse("admin:briefs_brief_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        "The address “gas-storage-in-winter” is already “Winter gas”'s: choose another slug."
    ]
    html = response.content.decode()
    assert "Every word of this summary must survive." in html
    assert "Two pages of careful analysis." in html
    assert not Brief.objects.filter(title="Gas storage in winter").exists()
