"""Every public page type passes axe-core's WCAG 2.2 AA rules with no violation, as laid
out for a 320-pixel phone and for a wide screen.

axe-core's best-practice rules (landmarks, heading order, one main region) run too: the
site passes them, and they catch the structural slips that WCAG rules let through.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.public_pages import PUBLIC_PAGES, publish_reading_room

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("tests.urls"),
]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": [*WCAG_22_AA, "best-practice"]},
    "resultTypes": ["violations"],
}


WIDTHS = [320, 1280]


@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=str)
def test_page_has_no_wcag_violations(live_server, page, public_page):
    """axe-core finds no violation on the page as Chromium renders it, narrow or wide."""
    publish_reading_room()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(live_server.url + public_page.url)
        assert response.status == public_page.status
        results = Axe().run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{width}px: {results.generate_report()}"
