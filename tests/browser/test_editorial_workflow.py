"""A contributor writes and submits a brief; an editor previews and publishes it; readers see it."""

import pytest
from playwright.sync_api import expect

from briefs.models import Brief
from tests.browser.admin_session import log_in, shot
from tests.browser.test_editing import choose_in_autocomplete
from tests.factories import AuthorFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("patient_expectations"),
]

TITLE = "Kazakhstan's grain corridor after the sanctions"


def pick(page, container, text):
    """Choose ``text`` in one of the admin's autocomplete (select2) widgets."""
    choose_in_autocomplete(page, container, text)


def test_contributor_submits_editor_previews_and_publishes(live_server, page):
    """The whole path through the admin UI, ending on the public home page."""
    contributor = UserFactory(username="writer", group="Contributors", first_name="Timur")
    UserFactory(username="chief", group="Editors")
    AuthorFactory(name="Timur Abenov", user=contributor)

    log_in(page, live_server.url, "writer")
    page.goto(f"{live_server.url}/admin/briefs/brief/add/")
    page.get_by_label("Title:", exact=True).fill(TITLE)
    summary = "Sanctions rerouted Central Asian grain; who gains?"
    page.get_by_label("Summary:", exact=True).fill(summary)
    shot(page, "workflow-0-add-form")
    editor_area = page.locator(".field-body [contenteditable=true]")
    editor_area.click()
    editor_area.type("Kazakh grain now travels south and west, around Russia.")
    pick(page, page.locator(".field-countries"), "Kazakhstan")
    pick(page, page.locator(".field-byline"), "Timur Abenov")
    page.get_by_label("Status:", exact=True).select_option(label="In review")
    shot(page, "workflow-1-contributor-writes")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    brief = Brief.objects.get(title=TITLE)
    assert brief.status == "review" and "around Russia" in brief.body
    page.goto(f"{live_server.url}/admin/briefs/brief/?mine=yes")
    expect(page.locator("#result_list")).to_contain_text("In review")
    shot(page, "workflow-2-contributor-list")

    log_in(page, live_server.url, "chief")
    page.goto(f"{live_server.url}/admin/briefs/brief/")
    page.get_by_role("link", name="Awaiting review").click()
    shot(page, "workflow-3-editor-review-queue")
    page.get_by_role("link", name=TITLE).click()
    with page.context.expect_page() as preview_tab:
        page.get_by_role("link", name="Preview").click()
    preview = preview_tab.value
    expect(preview.locator("h1")).to_have_text(TITLE)
    expect(preview.locator(".preview-banner")).to_contain_text("readers cannot see this page yet")
    shot(preview, "workflow-4-editor-previews")
    preview.close()

    page.get_by_label("Status:", exact=True).select_option(label="Published")
    shot(page, "workflow-5-editor-publishes")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Brief.objects.get(title=TITLE).is_public

    page.context.clear_cookies()
    page.goto(live_server.url)
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    shot(page, "workflow-6-reader-sees-it")
