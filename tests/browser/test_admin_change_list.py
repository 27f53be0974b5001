"""The brief change list fits a 1,280-pixel screen: every column, Series included, in view."""

import pytest
from playwright.sync_api import expect

from countries.models import Country
from tests.browser.admin_session import log_in, shot
from tests.factories import BriefFactory, SeriesFactory, UserFactory, with_hero
from tests.image_files import jpeg

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("patient_expectations"),
]

LONG_TITLES = [
    "Between Moscow and the West: Armenia's security dilemma after the 2023 exodus "
    "from Nagorno-Karabakh and the unravelling of the Collective Security Treaty",
    "Caspian energy corridors under sanctions: how Kazakhstan, Azerbaijan and Turkmenistan "
    "reroute oil, gas and grain around a closed Russian market",
    "Moldova's refugee response three years on",
]
LONG_SERIES = "The South Caucasus and Central Asia between Russia, Türkiye, China and the EU"


def crowded_archive():
    """Briefs with the long titles, series names and country lists real editors write."""
    series = SeriesFactory(title=LONG_SERIES)
    countries = list(Country.objects.filter(code__in=["AM", "AZ", "GE", "KZ", "TM", "UZ"]))
    for position, title in enumerate(LONG_TITLES, start=1):
        BriefFactory(title=title, series=series, series_position=position, countries=countries)
    with_hero(
        BriefFactory(title="Kyrgyz migrants and the rouble", scheduled=True),
        jpeg(2000, 1000),
        alt="A money transfer office",
    )
    BriefFactory(title="Tajikistan's draft law on religion", draft=True, countries=countries[:1])
    UserFactory(username="chief", group="Editors")


def test_the_brief_list_fits_1280_pixels(live_server, page):
    """At 1280x800 the result list stays inside its box and the Series column is in view."""
    crowded_archive()
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, "chief")
    page.goto(f"{live_server.url}/admin/briefs/brief/")
    result_list = page.locator("#result_list")
    expect(result_list).to_contain_text(LONG_SERIES)
    shot(page, "admin-change-list-1280")

    box = page.locator("#changelist .results")
    assert result_list.evaluate("table => table.scrollWidth") <= box.evaluate(
        "box => box.clientWidth"
    ), "the result list is wider than its box"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    series_header = page.locator("#result_list thead th.column-series")
    right_edge = series_header.evaluate("th => th.getBoundingClientRect().right")
    assert right_edge <= box.evaluate("box => box.getBoundingClientRect().right")
