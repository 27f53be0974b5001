"""Importing an export from the admin in a real browser: upload, preview with a changed
term, start, done with the report; each page axe-clean."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from briefs.models import Brief, ImportRun
from tests.browser.admin_session import log_in, shot
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.factories import UserFactory
from tests.wxr_fixtures import wordpress6_export

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("patient_expectations"),
]


def axe_findings(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return results.violations_count, results.generate_report()


def test_an_administrator_imports_an_export_from_upload_to_report(live_server, page, tmp_path):
    """Index link -> upload -> preview (Security made nothing) -> start -> done -> report."""
    UserFactory(username="chief", is_superuser=True)
    export = wordpress6_export(tmp_path)
    log_in(page, live_server.url, "chief")
    page.locator("tr.model-importrun").get_by_role("link", name="Add").click()
    expect(
        page.get_by_role("heading", name="Import a WordPress or Squarespace export")
    ).to_be_visible()
    assert axe_findings(page)[0] == 0, axe_findings(page)[1]

    page.get_by_label("Export file").set_input_files(export)
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator("#import-counts tfoot")).to_contain_text("7")
    security = page.get_by_label("Category “Security”")
    expect(security).to_have_value("theme:Security")
    expect(page.get_by_label("Category “Armenia”")).to_have_value("country:AM")
    security.select_option(label="Nothing")
    page.set_viewport_size({"width": 1280, "height": 900})
    count, report = axe_findings(page)
    assert count == 0, report
    shot(page, "import-preview")

    page.get_by_role("button", name="Start the import").click()
    expect(page.locator("#import-state")).to_contain_text("7 of 7 posts")
    expect(page.locator("#import-summary")).to_contain_text("Created: 6")
    count, report = axe_findings(page)
    assert count == 0, report
    shot(page, "import-done")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report").click()
    assert download.value.suggested_filename.startswith("import-report-")
    assert (
        "category Security -> nothing (chosen in the preview)" in download.value.path().read_text()
    )
    assert "Security" not in Brief.objects.get(title="Talks on the border").themes.names()

    # A run under way, as the task worker leaves it between two posts: the page follows it
    # in place as the worker moves on, and stops following once it is done.
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.IMPORTING, posts_done=3)
    page.goto(f"{live_server.url}/admin/briefs/importrun/{run.pk}/progress/")
    expect(page.locator("#import-state")).to_contain_text("Importing: 3 of 7 posts")
    count, report = axe_findings(page)
    assert count == 0, report
    shot(page, "import-progress")
    page.evaluate("window.sameDocument = true")  # gone if the page reloaded
    ImportRun.objects.filter(pk=run.pk).update(posts_done=5)
    expect(page.locator("#import-state")).to_contain_text("Importing: 5 of 7 posts")
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.DONE, posts_done=7)
    expect(page.locator("#import-state")).to_contain_text("Done on")
    expect(page.locator("#import-live")).not_to_have_attribute("data-follow", "")
    assert page.evaluate("window.sameDocument") is True
