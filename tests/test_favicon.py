"""Browsers find the site's icon: declared on every page, and at /favicon.ico."""

import pytest
from django.templatetags.static import static

pytestmark = pytest.mark.django_db

ICON = static("img/favicon.svg")


def test_every_page_declares_the_svg_icon(client):
    """The base template links the icon, so browsers need not guess /favicon.ico."""
    page = client.get("/").content.decode()
    assert f'<link rel="icon" href="{ICON}" type="image/svg+xml">' in page


def test_the_icon_is_served(client):
    response = client.get(ICON)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(response.streaming_content)


def test_favicon_ico_leads_to_the_icon(client):
    """Tools and old browsers that ask /favicon.ico are sent to the icon, never a 404."""
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == ICON
