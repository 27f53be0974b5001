"""The brief page in English and in Russian as Chromium draws it, and its switcher."""

import pytest

from tests.browser.admin_session import ARTIFACTS
from tests.public_pages import RUSSIAN_SERIES_BRIEF, publish_reading_room

ENGLISH = "kazakhstan-careful-distance"  # the original of RUSSIAN_SERIES_BRIEF

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_switcher_moves_between_the_brief_in_both_languages(live_server, page):
    """From the English brief, "Русский" opens its Russian translation, and "English" leads
    back."""
    publish_reading_room()
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/briefs/{ENGLISH}/")
    assert page.locator("html").get_attribute("lang") == "en-GB"
    page.screenshot(path=ARTIFACTS / "brief-in-english.png", full_page=True)
    page.locator(".language-switch").get_by_role("link", name="Русский").click()
    page.wait_for_url(f"**/ru/briefs/{RUSSIAN_SERIES_BRIEF}/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("link", name="Записки", exact=True).is_visible()
    page.screenshot(path=ARTIFACTS / "brief-in-russian.png", full_page=True)
    page.locator(".language-switch").get_by_role("link", name="English").click()
    page.wait_for_url(f"**/briefs/{ENGLISH}/")
    assert page.locator("html").get_attribute("lang") == "en-GB"
