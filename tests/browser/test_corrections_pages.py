"""A corrected brief and /corrections/ pass axe-core (narrow and wide) and the Nu checker.

The pages are rendered by the test client inside the test's transaction and handed to
Chromium through a routed origin (stylesheets from the static folders), not through a live
server: a live server's test ends with a flush, and on SQLite the database refuses to
delete a public correction whatever path asks (migration 0020). With ``SCREENSHOT_DIR``
set, each page is also saved there as a PNG, for a person to look at.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from briefs.editorial import corrections
from tests.browser.test_accessibility import AXE_OPTIONS, WIDTHS
from tests.factories import UserFactory
from tests.public_pages import FULL_BODY_BRIEF, publish_reading_room
from tests.test_html_validity import nu_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ORIGIN = "http://briefs.test"
CORRECTION = "An earlier version gave the aid as 15 million dollars; it was 15 million euros."


def corrected_pages():
    """{name: (path, html)} of a brief with a correction, an update and a struck note, and
    of /corrections/."""
    publish_reading_room()
    from briefs.models import Brief

    editor = UserFactory(username="corrections-editor", group="Editors")
    brief = Brief.objects.get(slug=FULL_BODY_BRIEF)
    struck = corrections.add(brief, "The corridor closed in May.", editor)
    corrections.strike(struck, "It closed in June; see the correction above.", editor)
    corrections.add(brief, "The ministry published its 2025 figures.", editor, kind="update")
    corrections.add(brief, CORRECTION, editor, noted_at=timezone.now())
    client = Client()
    pages = {}
    for name, path in (
        ("corrected-brief", reverse("briefs:brief-detail", args=[FULL_BODY_BRIEF])),
        ("corrections", reverse("briefs:correction-list")),
    ):
        response = client.get(path)
        assert response.status_code == 200
        pages[name] = (path, response.content)
    return pages


def serve(pages):
    by_path = dict(pages.values())

    def handle(route):
        path = route.request.url.removeprefix(ORIGIN).split("?")[0].split("#")[0]
        if path in by_path:
            return route.fulfill(body=by_path[path], content_type="text/html; charset=utf-8")
        static = path.removeprefix("/static/")
        found = finders.find(static) if static != path else None
        if found:
            content_type = "text/css" if found.endswith(".css") else None
            return route.fulfill(path=found, content_type=content_type)
        return route.fulfill(status=404, body=b"")

    return handle


def test_corrected_pages_pass_axe_and_nu(page, tmp_path):
    pages = corrected_pages()
    for name, (_, html) in pages.items():
        (tmp_path / f"{name}.html").write_bytes(html)
    errors = nu_errors(sorted(tmp_path.glob("*.html")))
    assert errors == {f"{name}.html": [] for name in pages}

    page.route(f"{ORIGIN}/**", serve(pages))
    shots = os.environ.get("SCREENSHOT_DIR")
    for name, (path, _) in pages.items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(ORIGIN + path)
            assert page.locator("link[rel=stylesheet]").count() >= 1
            results = Axe().run(page, options=AXE_OPTIONS)
            assert results.violations_count == 0, f"{name} {width}px: {results.generate_report()}"
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(shots) / f"{name}-{width}.png"), full_page=True)
