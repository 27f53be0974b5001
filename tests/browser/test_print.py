"""A printed brief is a clean serif document: no navigation, and outside links spelled out."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.public_pages import SERIES_BRIEF

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

AFTER_LINKS = """() => [...document.querySelectorAll(".prose a")].map((link) => ({
  href: link.getAttribute("href"),
  after: getComputedStyle(link, "::after").content,
}))"""


def style_of(page, selector, prop):
    return page.evaluate(
        "([selector, prop]) => getComputedStyle(document.querySelector(selector))[prop]",
        [selector, prop],
    )


@pytest.fixture
def brief_page(live_server, page):
    call_command("load_demo", stdout=StringIO())
    page.goto(live_server.url + reverse("briefs:brief-detail", args=[SERIES_BRIEF]))
    return page


def test_print_hides_navigation_and_sets_a_serif_body(brief_page):
    """In print, navigation, footer and previous/next go; the body is set in a serif face."""
    assert brief_page.locator(".site-nav").is_visible()
    brief_page.emulate_media(media="print")
    for chrome in (".site-nav", ".site-footer", ".prev-next", ".skip-link", ".series-box"):
        assert not brief_page.locator(chrome).is_visible(), chrome
    assert brief_page.get_by_role("heading", level=1).is_visible()
    generic_family = style_of(brief_page, "body", "fontFamily").rsplit(",", 1)[-1].strip()
    assert generic_family == "serif"
    assert style_of(brief_page, ".prose h2", "breakAfter") == "avoid"
    assert style_of(brief_page, ".prose blockquote", "breakInside") == "avoid"


def test_print_spells_out_outside_links_only(brief_page):
    """A printed outside link is followed by its address; on screen it is not."""
    on_screen = brief_page.evaluate(AFTER_LINKS)
    assert {link["after"] for link in on_screen} == {"none"}
    brief_page.emulate_media(media="print")
    printed = brief_page.evaluate(AFTER_LINKS)
    outside = [link for link in printed if link["href"].startswith("http")]
    assert outside
    for link in outside:
        assert link["after"] == f'" ({link["href"]})"', link


def test_brief_prints_to_pdf(brief_page):
    """Chromium prints the brief to an A4 PDF of a few pages (kept in test-artifacts/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = brief_page.pdf(path=ARTIFACTS / "brief-print.pdf", format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 2 <= pages <= 6, pages
