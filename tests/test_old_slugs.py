"""A renamed public brief keeps its former addresses working with permanent redirects."""

import pytest
from django.urls import reverse

from briefs.models import OldSlug
from tests.factories import BriefFactory
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def rename(client, brief, slug):
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    return client.post(url, {**form_data(client.get(url)), "slug": slug})


def test_renamed_twice_both_old_addresses_redirect_to_the_current_one(editor_client, client):
    """first -> second -> third: both former slugs answer 301 to the third."""
    brief = BriefFactory(slug="first")
    assert rename(editor_client, brief, "second").status_code == 302
    brief.refresh_from_db()
    assert rename(editor_client, brief, "third").status_code == 302
    client.logout()
    for old in ("first", "second"):
        response = client.get(reverse("briefs:brief-detail", args=[old]))
        assert response.status_code == 301
        assert response["Location"] == reverse("briefs:brief-detail", args=["third"])
    assert client.get(reverse("briefs:brief-detail", args=["third"])).status_code == 200


def test_renaming_a_draft_remembers_nothing(editor_client):
    """A brief that was never public had no address worth keeping."""
    brief = BriefFactory(draft=True, slug="working-title")
    rename(editor_client, brief, "final-title")
    assert not OldSlug.objects.exists()


def test_taking_back_a_former_slug_stops_its_redirect(editor_client, client):
    """Renaming back to an old slug makes it the live address again, not a loop."""
    brief = BriefFactory(slug="original")
    rename(editor_client, brief, "detour")
    brief.refresh_from_db()
    rename(editor_client, brief, "original")
    client.logout()
    assert client.get(reverse("briefs:brief-detail", args=["original"])).status_code == 200
    assert client.get(reverse("briefs:brief-detail", args=["detour"])).status_code == 301


def test_a_new_brief_may_not_take_a_slug_that_still_redirects(editor_client):
    """The form refuses the slug and names the brief it leads to."""
    brief = BriefFactory(slug="taken", title="The first holder")
    rename(editor_client, brief, "moved")
    other = BriefFactory(draft=True, slug="other")
    response = rename(editor_client, other, "taken")
    assert response.status_code == 200
    assert "still redirects to “The first holder”" in response.content.decode()


@pytest.mark.parametrize("name", ["brief-card", "brief-cite-bib", "brief-cite-ris"])
def test_every_address_under_a_former_slug_redirects_to_the_same_one_under_the_current(
    editor_client, client, name
):
    """The card and the citation files follow a rename too, query string and all."""
    brief = BriefFactory(slug="before")
    rename(editor_client, brief, "after")
    client.logout()
    response = client.get(reverse(f"briefs:{name}", args=["before"]), {"v": "3"})
    assert response.status_code == 301
    assert response["Location"] == reverse(f"briefs:{name}", args=["after"]) + "?v=3"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "brief-detail",
        "brief-card",
        "brief-cite-bib",
        "brief-cite-ris",
        "brief-pdf",
        "brief-pdf-letter",
    ],
)
def test_no_address_under_a_former_slug_of_a_hidden_brief_redirects(editor_client, client, name):
    """A brief taken back to draft after a rename answers 404 at every old address."""
    brief = BriefFactory(slug="shown")
    rename(editor_client, brief, "renamed")
    editor_client.post(
        reverse("admin:briefs_brief_changelist"),
        {"action": "back_to_draft", "_selected_action": [brief.pk]},
    )
    client.logout()
    assert client.get(reverse(f"briefs:{name}", args=["shown"])).status_code == 404
