"""In the admin, contributors see their own briefs and the public ones, nothing else.

Editors see every brief. The rule is ``workflow.visible_briefs`` / ``workflow.may_view``;
these tests check it on each kind of admin page that shows briefs. ``test_admin_walk.py``
then walks every admin address with the same newsroom.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from briefs.editorial import workflow
from briefs.models import Brief
from tests import admin_world
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(contributor):
    return admin_world.build(contributor)


def shown(response):
    return response.content.decode()


def counts(client, url):
    """Each listed record's brief count, by its name."""
    return {str(row): row.brief_count for row in client.get(url).context["cl"].result_list}


def test_the_rule_lets_contributors_see_their_own_and_public_briefs(world, editor):
    """visible_briefs and may_view agree: own and public for contributors, all for editors."""
    everyone = list(Brief.objects.all())
    expected = {world.own_draft, world.public} | set(Brief.objects.published())
    assert set(workflow.visible_briefs(world.contributor)) == expected
    assert {b for b in everyone if workflow.may_view(world.contributor, b)} == expected
    assert set(workflow.visible_briefs(editor)) == set(everyone)
    assert all(workflow.may_view(editor, brief) for brief in everyone)


def test_a_credited_contributor_sees_the_brief(client, contributor):
    """A brief crediting the author record linked to a contributor is theirs to see."""
    credited = BriefFactory(draft=True, authors=[AuthorFactory(user=contributor)])
    assert workflow.may_view(contributor, credited)
    assert list(workflow.visible_briefs(contributor, Brief.objects.filter(pk=credited.pk)))


def test_change_list_shows_a_contributor_only_their_own_and_public_briefs(client, world, editor):
    """The brief list of a contributor names no other person's unpublished brief."""
    url = reverse("admin:briefs_brief_changelist")
    client.force_login(world.contributor)
    response = client.get(url)
    assert set(response.context["cl"].result_list) == set(
        workflow.visible_briefs(world.contributor)
    )
    assert not [word for word in admin_world.SECRETS if word in shown(response)]
    client.force_login(editor)
    assert response.context["cl"].result_count < client.get(url).context["cl"].result_count


@pytest.mark.parametrize("view", ["change", "history", "delete", "preview"])
def test_someone_elses_unpublished_brief_does_not_open(client, world, view):
    """Its form, history, delete and preview pages answer as if there were no such brief."""
    client.force_login(world.contributor)
    for brief in world.hidden:
        response = client.get(reverse(f"admin:briefs_brief_{view}", args=[brief.pk]))
        assert response.status_code in {302, 403, 404}
        assert brief.title not in shown(response)


def test_series_list_names_and_counts_only_briefs_the_viewer_may_see(client, world, editor):
    """A series' parts and count leave out someone else's draft; the editor's include it."""
    url = reverse("admin:briefs_series_changelist")
    client.force_login(world.contributor)
    assert counts(client, url)["Shared series"] == 1
    assert "Quokkafish" not in shown(client.get(url))
    client.force_login(editor)
    assert counts(client, url)["Shared series"] == 2
    assert "Quokkafish" in shown(client.get(url))


@pytest.mark.parametrize(
    ("url_name", "record"),
    [("briefs_author_changelist", "Shared Author"), ("briefs_theme_changelist", "shared theme")],
)
def test_author_and_theme_counts_leave_out_hidden_briefs(client, world, editor, url_name, record):
    """The author of a draft and the theme of one count only what the viewer may see."""
    url = reverse(f"admin:{url_name}")
    client.force_login(world.contributor)
    seen = counts(client, url)[record]
    client.force_login(editor)
    assert seen == counts(client, url)[record] - 1


def test_pickers_offer_only_briefs_the_viewer_may_see(client, world, editor):
    """An autocomplete of briefs (e.g. a byline's brief) lists no hidden title."""
    query = {"app_label": "briefs", "model_name": "briefauthor", "field_name": "brief"}
    client.force_login(world.contributor)
    titles = {
        row["text"] for row in client.get(reverse("admin:autocomplete"), query).json()["results"]
    }
    assert titles == {str(brief) for brief in workflow.visible_briefs(world.contributor)}
    client.force_login(editor)
    results = client.get(reverse("admin:autocomplete"), query).json()["results"]
    assert "Quokkafish plan" in {row["text"] for row in results}


def test_view_on_site_redirects_only_for_briefs_the_viewer_may_see(client, world):
    """The admin's "view on site" address does not reveal where a hidden draft would live."""
    brief_type = ContentType.objects.get_for_model(Brief).pk
    client.force_login(world.contributor)
    hidden = client.get(reverse("admin:view_on_site", args=[brief_type, world.other_draft.pk]))
    assert hidden.status_code == 404
    assert world.other_draft.slug not in hidden.get("Location", "")
    own = client.get(reverse("admin:view_on_site", args=[brief_type, world.own_draft.pk]))
    assert own.status_code == 302


def test_filters_list_only_terms_of_briefs_the_viewer_may_see(
    client, contributor, editor, remembered
):
    """A series used only by someone else's draft is no choice in the contributor's sidebar,
    even right after an editor's list remembered it."""
    BriefFactory(
        draft=True, series=SeriesFactory(title="Only on a hidden draft"), series_position=1
    )
    url = reverse("admin:briefs_brief_changelist")
    client.force_login(editor)
    assert "Only on a hidden draft" in shown(client.get(url))
    client.force_login(contributor)
    assert "Only on a hidden draft" not in shown(client.get(url))


def test_forged_list_action_on_hidden_briefs_changes_nothing_and_names_nothing(client, world):
    """Ticking someone else's drafts by hand: nothing moves, and no title is shown."""
    client.force_login(world.contributor)
    data = {"action": "submit_for_review", "_selected_action": [b.pk for b in world.hidden]}
    response = client.post(reverse("admin:briefs_brief_changelist"), data, follow=True)
    assert "Nothing was changed" in shown(response)
    assert not [word for word in admin_world.SECRETS if word in shown(response)]
    assert [b.status for b in world.hidden] == [
        Brief.objects.get(pk=b.pk).status for b in world.hidden
    ]


def test_image_library_shows_a_contributor_their_uploads_and_images_of_visible_briefs(
    client, world, editor
):
    """An image shown only in another person's draft is not in a contributor's library,
    nor in its "used in" counts; editors see every image and every use."""
    url = reverse("admin:briefs_libraryimage_changelist")
    client.force_login(world.contributor)
    response = client.get(url)
    listed = {image.pk: image.use_count for image in response.context["cl"].result_list}
    assert listed == {world.images["own"].pk: 0, world.images["public"].pk: 1}
    assert not [word for word in admin_world.SECRETS if word in shown(response)]
    client.force_login(editor)
    listed = {image.pk for image in client.get(url).context["cl"].result_list}
    assert listed == {image.pk for image in world.images.values()}
