"""A keyboard user can skip to the content, always sees where focus is, and is never trapped."""

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
FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])"

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    id: element.id,
    text: element.textContent.trim(),
    order: element.dataset.tabOrder,
    inMain: Boolean(element.closest("main")),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
    onScreen: box.top >= 0 && box.bottom <= innerHeight && box.width > 1 && box.height > 1,
  };
}"""


@pytest.fixture
def brief_page(live_server, page):
    call_command("load_demo", stdout=StringIO())
    page.goto(live_server.url + reverse("briefs:brief-detail", args=[SERIES_BRIEF]))
    return page


def test_first_tab_shows_the_skip_link_and_enter_moves_to_the_main_content(brief_page):
    """Tab shows "Skip to content" with a visible outline; Enter puts focus on main."""
    brief_page.keyboard.press("Tab")
    skip = brief_page.evaluate(FOCUSED)
    assert skip["text"] == "Skip to content"
    assert skip["onScreen"] and (skip["outline"] or skip["shadow"])
    ARTIFACTS.mkdir(exist_ok=True)
    brief_page.screenshot(path=ARTIFACTS / "focus-skip-link.png")

    brief_page.keyboard.press("Enter")
    assert brief_page.evaluate(FOCUSED)["id"] == "main"

    brief_page.keyboard.press("Tab")
    first_in_main = brief_page.evaluate(FOCUSED)
    assert first_in_main["inMain"]
    assert first_in_main["text"].startswith("Part 2 of 5")
    assert first_in_main["outline"] or first_in_main["shadow"]
    brief_page.screenshot(path=ARTIFACTS / "focus-first-link-in-main.png")


def test_tab_reaches_every_control_in_order_with_a_visible_focus(brief_page):
    """Tab walks every link on the brief page in document order and then leaves the page."""
    count = brief_page.evaluate(
        """(selector) => {
          const visible = [...document.querySelectorAll(selector)]
            .filter((element) => element.getClientRects().length);
          visible.forEach((element, index) => { element.dataset.tabOrder = index; });
          return visible.length;
        }""",
        FOCUSABLE,
    )
    assert count > 20
    reached = []
    for _ in range(count):
        brief_page.keyboard.press("Tab")
        focused = brief_page.evaluate(FOCUSED)
        assert focused["outline"] or focused["shadow"], focused
        reached.append(focused["order"])
    assert reached == [str(index) for index in range(count)]
    brief_page.keyboard.press("Tab")
    assert brief_page.evaluate(FOCUSED)["order"] is None
