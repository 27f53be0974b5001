"""Counts read as English: one brief "matches", two briefs "match", never "brief(s)"."""

import pytest
from django.urls import reverse

from briefs.models import Brief
from tests.factories import BriefFactory, UserFactory

pytestmark = pytest.mark.django_db

SINGULAR_AND_PLURAL = pytest.mark.parametrize(
    ("count", "words"), [(1, "1 brief matches"), (2, "2 briefs match")]
)


def water_briefs(count):
    for number in range(count):
        BriefFactory(title=f"Water and power {number}", themes=["water"])
    BriefFactory(title="Grain corridors", themes=["trade"])


@SINGULAR_AND_PLURAL
def test_search_counts_its_matches(client, count, words):
    """The search results say how many briefs match the words."""
    water_briefs(count)
    page = client.get(reverse("briefs:search"), {"q": "water"}).content.decode()
    assert f"{words} “water”" in page


@SINGULAR_AND_PLURAL
def test_search_by_filters_alone_counts_its_matches(client, count, words):
    """A search with filters and no words says how many briefs match the filters."""
    water_briefs(count)
    page = client.get(reverse("briefs:search"), {"theme": "water"}).content.decode()
    assert f"{words} these filters" in page


@SINGULAR_AND_PLURAL
def test_filtered_archive_counts_its_matches(client, count, words):
    """The filtered archive says how many briefs match the filters."""
    water_briefs(count)
    page = client.get(reverse("briefs:brief-list"), {"theme": "water"}).content.decode()
    assert f"{words} these filters" in page


@pytest.mark.parametrize(("count", "words"), [(1, "1 brief now"), (2, "2 briefs now")])
def test_bulk_publishing_counts_the_briefs(editor_client, count, words):
    """The admin's list action says how many briefs it moved."""
    drafts = [BriefFactory(draft=True) for _ in range(count)]
    response = editor_client.post(
        reverse("admin:briefs_brief_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk for draft in drafts]},
        follow=True,
    )
    assert f"{words} “Published”." in response.content.decode()
    assert Brief.objects.published().count() == count


@pytest.mark.parametrize(("count", "words"), [(1, "1 user"), (2, "2 users")])
def test_deactivation_counts_the_users(client, count, words):
    """The user list's "Deactivate" action says how many accounts it closed."""
    client.force_login(UserFactory(username="admin", is_superuser=True))
    leaving = [UserFactory(username=f"leaving{number}") for number in range(count)]
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate", "_selected_action": [user.pk for user in leaving]},
        follow=True,
    )
    assert f"{words} deactivated." in response.content.decode()
