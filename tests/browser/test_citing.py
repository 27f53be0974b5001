"""A reader cites a brief: reads the styles, downloads the RIS file, moves on to a related brief."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SLUG = "azerbaijan-cautious-neutrality"


def test_reader_downloads_the_citation_and_follows_a_related_brief(live_server, page):
    """The cite block offers three styles and a RIS file; related briefs link onwards."""
    call_command("load_demo", stdout=StringIO())
    page.goto(f"{live_server.url}/briefs/{SLUG}/")
    cite = page.get_by_role("region", name="Cite this brief")
    assert cite.locator("dt").all_inner_texts() == ["APA", "CHICAGO", "MLA"]
    assert "Hasanova, L." in cite.locator("dd").first.inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "brief-cite-and-related.png", full_page=True)

    with page.expect_download() as download_info:
        cite.get_by_role("link", name="RIS file").click()
    download = download_info.value
    assert download.suggested_filename == f"{SLUG}.ris"
    assert Path(download.path()).read_bytes().startswith(b"TY  - RPRT\r\n")

    related = page.get_by_role("complementary", name="Related briefs")
    first = related.get_by_role("link").first
    title = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == title
