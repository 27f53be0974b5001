"""Every admin endpoint answers a malformed or forged request with a 4xx, never a 500."""

import pytest
from django.urls import reverse

from briefs.models import Brief, ShareLink
from tests.factories import BriefFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = reverse("admin:autocomplete")
BRIEFS = reverse("admin:briefs_brief_changelist")
MANY_WORDS = " ".join(["word"] * 600)
LISTS = [
    BRIEFS,
    reverse("admin:briefs_series_changelist"),
    reverse("admin:briefs_author_changelist"),
    reverse("admin:briefs_theme_changelist"),
    reverse("admin:countries_country_changelist"),
    reverse("admin:countries_region_changelist"),
    reverse("admin:auth_user_changelist"),
]


@pytest.fixture(params=["Editors", "Contributors"])
def staff_client(request, client):
    """A logged-in editor, then a logged-in contributor, whose 500s are answers to check."""
    client.force_login(UserFactory(username="staff", group=request.param))
    client.raise_request_exception = False
    BriefFactory(series=SeriesFactory(), series_position=1, themes=["trade"])
    return client


def picker(model_name, field_name, app_label="briefs", **query):
    return {"app_label": app_label, "model_name": model_name, "field_name": field_name, **query}


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name"),
    [
        ("briefs", "series", "briefs"),
        ("briefs", "author", "briefs"),
        ("briefs", "theme", "brief"),
        ("countries", "country", "briefs"),
        ("countries", "region", "countries"),
        ("auth", "user", "author_profile"),
    ],
)
def test_autocomplete_refuses_a_reverse_relation(staff_client, app_label, model_name, field_name):
    """A picker for the far side of a relation does not exist: 403, as for a plain field."""
    query = picker(model_name, field_name, app_label)
    assert staff_client.get(AUTOCOMPLETE, query).status_code == 403


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({}, 403),
        (picker("brief", "series", app_label="nope"), 403),
        (picker("nope", "series"), 403),
        (picker("brief", "nope"), 403),
        (picker("brief", "title"), 403),  # not a relation
        (picker("brief", "series", page="abc"), 404),
        (picker("brief", "series", page="-1"), 404),
        (picker("brief", "series", page="99999999999999999999"), 404),
        (picker("brief", "series", term=MANY_WORDS), 400),
        (picker("brief", "series", term="x" * 5000), 400),
        (picker("brief", "series", term="a\x00b"), 400),
    ],
)
def test_autocomplete_answers_bad_requests_with_a_4xx(staff_client, query, status):
    """Missing or unknown names, bad pages, huge or NUL-bearing search terms."""
    assert staff_client.get(AUTOCOMPLETE, query).status_code == status


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    "query",
    [
        {"o": "zz"},
        {"o": "1.-99.x"},
        {"p": "-1"},
        {"p": "abc"},
        {"p": "99999999999999999999"},
        {"e": ""},
        {"e": "1"},
        {"status__exact": "junk"},
        {"publish_at__gte": "junk"},
        {"publish_at__gte": "0001-01-01 00:00:00+05:00"},
        {"publish_at__lt": "9999-12-31 23:59:59-05:00"},
        {"created_at__gte": "0001-01-01 00:00:00+05:00"},
        {"series__id__exact": "abc"},
        {"series__id__exact": "99999999999999999999"},
        {"countries__id__exact": "abc"},
        {"region__id__exact": "abc"},
        {"id__in": "1,abc"},
        {"nosuchfield": "1"},
        {"_to_field": "body"},
        {"_popup": "1", "_to_field": "id"},
        {"all": ""},
        {"mine": "junk", "stage": "junk"},
    ],
)
def test_change_lists_answer_junk_filters_without_a_server_error(staff_client, url, query):
    """Unknown, malformed or out-of-range filters, orders and pages are never a 500."""
    assert staff_client.get(url, query).status_code < 500


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    "query",
    [
        {"q": MANY_WORDS},
        {"q": "x" * 100_000},
        {"q": "a\x00b"},
        {"title__regex": "(("},
        {"name__iregex": "(("},
    ],
)
def test_change_lists_refuse_searches_and_filters_the_database_cannot_run(staff_client, url, query):
    """Searches of hundreds of words, NUL characters and regular expressions answer 400."""
    response = staff_client.get(url, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain") and response.content  # says why


def test_a_search_of_a_few_words_still_works(editor_client):
    """The limits leave ordinary searches alone."""
    BriefFactory(title="Water and energy in the Fergana valley")
    response = editor_client.get(BRIEFS, {"q": "water fergana valley"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize(
    "data",
    [
        {"action": "submit_for_review", "_selected_action": ["abc"], "index": "0"},
        {"action": "submit_for_review", "_selected_action": ["99999999999999999999"]},
        {"action": "no_such_action", "_selected_action": ["1"], "index": "0"},
        {"action": "submit_for_review", "select_across": "1", "index": "abc"},
        {"action": "back_to_draft", "_selected_action": ["abc"], "send_back_note": "x"},
    ],
)
def test_forged_list_actions_answer_without_a_server_error(staff_client, data):
    """Ids that are not numbers, unknown actions and bad indexes change nothing."""
    before = list(Brief.objects.values("status", "version"))
    assert staff_client.post(BRIEFS, data).status_code < 500
    assert list(Brief.objects.values("status", "version")) == before


@pytest.mark.parametrize("revoke", ["abc", "99999999999999999999", ""])
def test_revoking_a_malformed_share_link_id_changes_nothing(editor_client, revoke):
    """The share page reads the link id as a number; anything else revokes nothing."""
    brief = BriefFactory(draft=True)
    link = ShareLink.objects.create(brief=brief)
    url = reverse("admin:briefs_brief_share", args=[brief.pk])
    assert editor_client.post(url, {"revoke": revoke}).status_code == 302
    assert ShareLink.objects.filter(pk=link.pk, revoked_at=None).exists()


@pytest.mark.parametrize(
    "path",
    [
        "briefs/brief/abc/change/",
        "briefs/brief/99999999999999999999/change/",
        "briefs/brief/99999999999999999999/history/",
        "briefs/brief/abc/history/1/",
        "briefs/brief/1/history/99999999999999999999/",
        "briefs/brief/recover/99999999999999999999/",
        "briefs/brief/abc/preview/",
        "briefs/brief/99999999999999999999/share/",
        "briefs/brief/abc/history/compare/",
        "r/99999999999999999999/1/",
        "r/1/abc/",
        "briefs/series/abc/change/",
        "countries/region/99999999999999999999/delete/",
    ],
)
def test_bad_ids_in_admin_addresses_are_a_4xx_or_a_redirect(staff_client, path):
    """Ids that are not numbers, or too big for the database, never reach it as a 500."""
    assert staff_client.get(reverse("admin:index") + path).status_code in {302, 403, 404}
