"""Every response carries the full set of browser-side defences: pages, admin and static files."""

import re

import pytest
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.template import Context, Template

from tests.factories import BriefFactory

SECURE = {"X-Forwarded-Proto": "https"}


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_hardened(response):
    directives = csp_directives(response)
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.django_db
def test_public_page_headers(client):
    brief = BriefFactory()
    response = client.get(brief.get_absolute_url(), headers=SECURE)
    assert response.status_code == 200
    assert_hardened(response)


@pytest.mark.django_db
def test_admin_page_headers(client):
    response = client.get("/admin/login/", headers=SECURE)
    assert response.status_code == 200
    assert_hardened(response)


def test_static_file_headers(client):
    response = client.get("/static/css/site.css", headers=SECURE)
    assert response.status_code == 200
    assert_hardened(response)


@pytest.mark.django_db
def test_error_page_headers(client):
    response = client.get("/briefs/no-such-brief/", headers=SECURE)
    assert response.status_code == 404
    assert_hardened(response)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/briefs/", "/countries/", "/themes/", "/series/"])
def test_public_pages_run_no_inline_script(client, path):
    """Every script on a public page is a file or carries the response's nonce."""
    BriefFactory(themes=["energy security"])
    response = client.get(path)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
        assert " src=" in tag or (nonce and f'nonce="{nonce.group(1)}"' in tag), tag
    assert " style=" not in response.content.decode()


def test_templates_can_nonce_a_script(rf):
    """request.csp_nonce puts a fresh nonce into the header when a template uses it."""
    request = rf.get("/")

    def view(request):
        html = Template('<script nonce="{{ request.csp_nonce }}">1</script>').render(
            Context({"request": request})
        )
        return HttpResponse(html)

    response = CSPMiddleware(view)(request)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'nonce="{nonce}"'.encode() in response.content
