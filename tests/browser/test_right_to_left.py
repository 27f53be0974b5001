"""An Arabic brief, once an administrator adds Arabic, as Chromium lays it out: right to left.

There is no Arabic catalog (docs/languages.md): the interface's words are English, the
layout is mirrored.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_accessibility import AXE_OPTIONS
from tests.factories import BriefFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def arabic_brief(settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "العربية")]
    original = BriefFactory(slug="hedging", title="Hedging in Tbilisi")
    return BriefFactory(
        slug="hedging-ar",
        title="تبليسي بين نارين",
        dek="كيف توازن جورجيا بين موسكو والغرب.",
        language="ar",
        translation_of=original,
    )


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_an_arabic_brief_lays_out_from_the_right(live_server, page, arabic_brief):
    """The page's direction is rtl; the skip link, the sections and "Also in" start at the
    right; axe finds nothing to fault."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/ar/briefs/hedging-ar/")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert page.locator("html").get_attribute("dir") == "rtl"
    middle = 1280 / 2
    page.keyboard.press("Tab")  # the skip link shows itself where it starts: on the right
    skip = box(page, ".skip-link")
    assert skip["x"] > middle
    first, last = box(page, ".site-nav li:first-child"), box(page, ".site-nav li:last-child")
    assert first["x"] > last["x"]
    also_in, title = box(page, ".brief__also-in a"), box(page, ".brief__title")
    assert also_in["x"] + also_in["width"] > title["x"] + title["width"] - 300
    assert also_in["x"] > middle
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_an_english_brief_still_lays_out_from_the_left(live_server, page, arabic_brief):
    """The English original beside it stays left to right."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/briefs/hedging/")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    first, last = box(page, ".site-nav li:first-child"), box(page, ".site-nav li:last-child")
    assert first["x"] < last["x"]
