"""The map of countries as a reader's browser shows it: named links, a hidden background,
a fit on a 320 px phone, a visible keyboard focus and a printed copy in colour."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from countries.models import Country
from tests.factories import BriefFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def countries_page(live_server, page):
    for code, how_many in [("GE", 1), ("AM", 3), ("KZ", 6), ("MC", 1)]:
        for _ in range(how_many):
            BriefFactory(countries=[Country.objects.get(code=code)])
    BriefFactory(countries=[Country.objects.get(code="BY")], draft=True)

    def at(width):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(live_server.url + reverse("briefs:country-index"))
        return page

    return at


def test_each_country_with_briefs_is_a_named_link_and_the_rest_is_hidden(countries_page):
    """Assistive technology finds one link per country with briefs, named by the country
    and its count, inside the named map; the countries without briefs are not exposed."""
    page = countries_page(1280)
    world = page.locator("figure.country-map svg")
    expect(world).to_have_accessible_name("World map of the countries with published briefs")
    for name in [
        "Georgia: 1 brief",
        "Armenia: 3 briefs",
        "Kazakhstan: 6 briefs",
        "Monaco: 1 brief",
    ]:
        expect(world.get_by_role("link", name=name, exact=True)).to_have_count(1)
    expect(world.get_by_role("link")).to_have_count(4)
    assert "Belarus" not in world.evaluate("svg => svg.textContent")


def test_the_map_fits_a_320_pixel_screen(countries_page):
    """At 320 px the map shrinks to the column and nothing scrolls sideways."""
    page = countries_page(320)
    box = page.locator("figure.country-map svg").bounding_box()
    assert 250 < box["width"] <= 320 and box["height"] > 100
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_a_focused_country_shows_its_outline(countries_page):
    """Tabbing onto a country draws its outline in the focus colour."""
    page = countries_page(1280)
    link = page.locator("figure.country-map svg").get_by_role("link", name="Armenia: 3 briefs")
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    stroke = link.locator("path").evaluate("path => getComputedStyle(path).stroke")
    focus = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--focus').trim()"
    )
    assert stroke == "rgb(26, 95, 180)" == _rgb(focus)


def test_the_map_prints_in_its_shades(countries_page):
    """On paper the map stays, whole and in colour, with its legend."""
    page = countries_page(1280)
    page.emulate_media(media="print")
    svg = page.locator("figure.country-map svg")
    assert svg.is_visible()
    assert page.locator(".country-map__legend").is_visible()
    assert svg.evaluate("svg => getComputedStyle(svg).printColorAdjust") == "exact"
    assert (
        page.locator("figure.country-map").evaluate(
            "figure => getComputedStyle(figure).breakInside"
        )
        == "avoid"
    )


def _rgb(hex_colour):
    value = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(value[i : i + 2], 16) for i in (0, 2, 4)))
