"""The old site's addresses of imported posts redirect permanently to their briefs, and
never to a brief readers may not see."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from briefs.models import Brief, OldAddress
from tests import wxr_fixtures as fx
from tests.factories import BriefFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path):
    path = fx.wordpress6_export(tmp_path)
    call_command("import_wxr", str(path), report=str(tmp_path / "r.txt"), verbosity=0)


def test_permalink_redirects_permanently(client, imported):
    """/2022/05/03/slug/ answers 301 to the brief's page, with or without the slash."""
    target = Brief.objects.get(slug="talks-on-the-border").get_absolute_url()
    for address in ("/2022/05/03/talks-on-the-border/", "/2022/05/03/talks-on-the-border"):
        response = client.get(address)
        assert response.status_code == 301
        assert response["Location"] == target


def test_short_link_redirects_permanently(client, imported):
    """/?p=101, WordPress's short link, answers 301 to the brief."""
    response = client.get("/?p=101")
    assert response.status_code == 301
    assert response["Location"] == Brief.objects.get(slug="talks-on-the-border").get_absolute_url()


@pytest.mark.parametrize("post_id", [103, 104, 105, 106, 999, "abc", "101x"])
def test_short_link_of_hidden_or_unknown_post_is_404(client, imported, post_id):
    """A draft, review, scheduled or private post's number answers 404, like a number
    that was never imported or is no number: nothing tells them apart."""
    assert client.get(f"/?p={post_id}").status_code == 404


def test_old_address_of_hidden_brief_is_404_until_public(client, imported):
    """The scheduled brief's old address is a 404, and redirects once its time has come."""
    scheduled = Brief.objects.get(slug="for-later")
    address = "/2099/01/01/for-later/"
    assert client.get(address).status_code == 404
    Brief.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    response = client.get(address)
    assert response.status_code == 301
    assert response["Location"] == scheduled.get_absolute_url()


def test_unpublished_brief_stops_redirecting(client, imported):
    """A brief sent back to draft takes its old addresses down with it."""
    Brief.objects.filter(slug="talks-on-the-border").update(status=Brief.Status.DRAFT)
    assert client.get("/2022/05/03/talks-on-the-border/").status_code == 404
    assert client.get("/?p=101").status_code == 404


def test_old_address_never_shadows_a_page_of_this_site(client, imported):
    """An old address that is also a live page here shows the page."""
    other = BriefFactory(slug="live-here")
    OldAddress.objects.create(path=other.get_absolute_url(), brief=Brief.objects.first())
    assert client.get(other.get_absolute_url()).status_code == 200


def test_squarespace_blog_address_redirects(client, tmp_path):
    """Squarespace's /blog/slug redirects to the brief."""
    path = fx.squarespace_export(tmp_path)
    call_command("import_wxr", str(path), report=str(tmp_path / "r.txt"), verbosity=0)
    response = client.get("/blog/neutrality-after-2022")
    assert response.status_code == 301
    assert response["Location"] == Brief.objects.get().get_absolute_url()


def queries(client, address):
    with CaptureQueriesContext(connection) as captured:
        client.get(address)
    return len(captured)


def test_redirects_cost_one_query(client, imported, settings):
    """/?p= costs one query, hit or miss; an old path costs what any 404 costs, plus one
    query, the same for every address."""
    assert queries(client, "/?p=101") == 1
    assert queries(client, "/?p=103") == 1
    old = queries(client, "/2022/05/03/talks-on-the-border/")
    unknown = queries(client, "/2022/05/03/never-there/")
    assert old == unknown
    settings.MIDDLEWARE = [
        name
        for name in settings.MIDDLEWARE
        if name != "briefs.imports.redirects.OldAddressMiddleware"
    ]
    assert queries(Client(), "/2022/05/03/never-there/") == unknown - 1


def test_editors_see_and_change_old_addresses_in_the_admin(client, imported):
    """The old addresses are listed and editable in the admin for editors, not for
    contributors."""
    client.force_login(UserFactory(group="Contributors"))
    assert client.get("/admin/briefs/oldaddress/").status_code == 403
    client.force_login(UserFactory(group="Editors"))
    response = client.get("/admin/briefs/oldaddress/")
    assert response.status_code == 200
    assert "/2022/05/03/talks-on-the-border/" in response.content.decode()
    address = OldAddress.objects.get(path="/?p=101")
    response = client.get(f"/admin/briefs/oldaddress/{address.pk}/change/")
    assert response.status_code == 200


def test_administrators_see_imported_posts_read_only(client, imported, admin_user):
    """The import records are listed for administrators and cannot be added or changed."""
    client.force_login(admin_user)
    response = client.get("/admin/briefs/importedpost/")
    assert response.status_code == 200
    assert f"{fx.SITE}/?p=101" in response.content.decode()
    assert client.get("/admin/briefs/importedpost/add/").status_code == 403
    record = client.get(
        f"/admin/briefs/importedpost/{Brief.objects.get(slug='waiting').imported_from.get().pk}/change/"
    )
    assert record.status_code == 200
    assert 'name="fingerprint"' not in record.content.decode()


@pytest.mark.parametrize("path", ["/2022/05/03/a%00b/", "/blog/%00", "/briefs/x%00y/"])
def test_an_address_with_a_nul_is_a_404_not_a_500(client, imported, path):
    # No stored address holds a NUL, and PostgreSQL refuses one in a query: the lookup of
    # old addresses must not be tried (the 404 stays a 404 on both databases).
    assert client.get(path).status_code == 404
