"""Signing in to the admin lands on a page of the admin, never on a missing or foreign one."""

from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.django_db

CREDENTIALS = {"username": "editor", "password": "correct-horse-battery"}

AFTER_LOGIN = {
    "an address on another site": ("https://evil.example.net/admin/", "/admin/"),
    "a scheme-relative address on another site": ("//evil.example.net/", "/admin/"),
    "a script address": ("javascript:alert(1)", "/admin/"),
    "a page of the admin": (
        "/admin/briefs/brief/?status=review",
        "/admin/briefs/brief/?status=review",
    ),
    "a public page": ("/briefs/", "/briefs/"),
}


@pytest.mark.parametrize(("asked", "landing"), AFTER_LOGIN.values(), ids=AFTER_LOGIN)
def test_login_follows_a_safe_next_and_falls_back_to_the_admin_index(
    client, editor, asked, landing
):
    """A `next` on this site is followed; any other falls back to the admin's front page."""
    login = "/admin/login/?" + urlencode({"next": asked})
    response = client.post(login, {**CREDENTIALS, "next": asked})
    assert response.status_code == 302
    assert response["Location"] == landing
    assert client.get(landing).status_code == 200


def test_login_without_next_opens_the_admin_index(client, editor):
    response = client.post("/admin/login/", CREDENTIALS)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
