"""A reader opens the home page, a brief in the series, and walks to the next part."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_reader_walks_the_series_with_next_and_previous(live_server, page):
    """Home -> Azerbaijan (part 2) -> next is Armenia (part 3), whose previous is Azerbaijan."""
    call_command("load_demo", stdout=StringIO())
    page.goto(live_server.url)
    page.get_by_role(
        "link", name="Azerbaijan's cautious neutrality over Russia's war in Ukraine"
    ).click()
    assert (
        page.locator("h1").inner_text()
        == "Azerbaijan's cautious neutrality over Russia's war in Ukraine"
    )
    assert "Part 2 of 5" in page.locator(".kicker").text_content()

    navigation = page.get_by_role("navigation", name="Previous and next in this series")
    navigation.get_by_role("link", name="Next").click()
    assert page.locator("h1").inner_text().startswith("Armenia")
    assert "Part 3 of 5" in page.locator(".kicker").text_content()
    previous = page.get_by_role("navigation", name="Previous and next in this series").locator(
        "a[rel=prev]"
    )
    assert "Azerbaijan's cautious neutrality" in previous.inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "series-next.png", full_page=True)
