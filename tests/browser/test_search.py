"""A reader searches from the header, narrows by country, and removes the filter again."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_reader_searches_and_filters_without_javascript(live_server, browser):
    """The header form, facet links and filter chips all work with JavaScript off."""
    call_command("load_demo", stdout=StringIO())
    page = browser.new_page(java_script_enabled=False)
    page.goto(live_server.url)
    header_search = page.get_by_role("search", name="Site")
    header_search.get_by_role("searchbox", name="Search briefs").fill("energy")
    header_search.get_by_role("button", name="Search").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Search results"
    assert re.search(
        r"\d+ briefs? match “energy”", page.locator(".page-header__count").inner_text()
    )
    assert page.locator(".card__dek mark").first.inner_text().lower() == "energy"

    page.get_by_role("region", name="Country").get_by_role(
        "link", name=re.compile(r"^Azerbaijan")
    ).click()
    assert "q=energy" in page.url and "country=azerbaijan" in page.url
    chip = page.get_by_role("link", name=re.compile(r"Country: Azerbaijan"))
    for card in page.locator(".card__countries").all():
        assert "Azerbaijan" in card.inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "search-filtered.png", full_page=True)

    chip.click()
    assert "country=" not in page.url and "q=energy" in page.url
    page.close()
