"""Every public page type fits a 320-pixel phone and a wide screen without sideways scrolling.

Full-page screenshots of each page at both widths are left in test-artifacts/layout/
for a person to look at.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.public_pages import PUBLIC_PAGES, PUBLISHED_NOW_BRIEF, publish_reading_room

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("tests.urls"),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "layout"
WIDTHS = [320, 1280]

# Elements past the right edge, or whose text spills out of their own box. What a box
# that scrolls sideways holds (a wide table's cells) is left out: it moves inside that box;
# so is what a box clips (a map's shapes beyond the edge of its SVG): it never shows.
OVERFLOWING = """() => {
  const scrollsSideways = (box) => ["auto", "scroll", "hidden", "clip"]
    .includes(getComputedStyle(box).overflowX);
  const inScrollingBox = (element) => {
    for (let box = element.parentElement; box; box = box.parentElement) {
      if (scrollsSideways(box)) return true;
    }
    return false;
  };
  return [...document.querySelectorAll("body *")]
    .filter((element) => !inScrollingBox(element))
    .filter((element) => element.getBoundingClientRect().right > innerWidth + 1
      || (getComputedStyle(element).overflowX === "visible"
          && element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1))
    .map((element) => `${element.tagName}.${element.className}: ${element.textContent}`
      .replace(/\\s+/g, " ").slice(0, 120));
}"""


@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=str)
def test_page_fits_narrow_and_wide_screens(live_server, page, public_page):
    """Nothing sticks out past the right edge at 320 or 1280 pixels wide."""
    publish_reading_room()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + public_page.url)
        overflowing = page.evaluate(OVERFLOWING)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, overflowing
        assert overflowing == []
        page.screenshot(path=SCREENSHOTS / f"{public_page.name}-{width}.png", full_page=True)


def test_a_wide_table_scrolls_inside_its_own_box_on_a_phone(live_server, page):
    """At 320 pixels a table wider than the screen scrolls sideways by itself; the page
    does not."""
    publish_reading_room()
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(live_server.url + reverse("briefs:brief-detail", args=[PUBLISHED_NOW_BRIEF]))
    table = page.locator(".prose table")
    assert table.evaluate("(table) => table.scrollWidth") > 320
    assert table.evaluate("(table) => table.getBoundingClientRect().right") <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    table.evaluate("(table) => { table.scrollLeft = table.scrollWidth; }")
    assert table.evaluate("(table) => table.scrollLeft") > 0
