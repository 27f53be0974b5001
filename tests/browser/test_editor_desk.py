"""The editorial desk and the workflow buttons in a real browser, as each role sees them."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from briefs.models import Brief, WorkflowEvent
from tests.browser.admin_session import log_in, shot
from tests.factories import AuthorFactory, BriefFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("patient_expectations"),
]

TITLE = "Kazakhstan's grain corridor after the sanctions"


def newsroom():
    """A contributor with a draft, one brief sent back to them, and an editor's archive."""
    writer = UserFactory(
        username="writer", first_name="Timur", last_name="Abenov", group="Contributors"
    )
    chief = UserFactory(username="chief", first_name="Anna", last_name="Petrosyan", group="Editors")
    author = AuthorFactory(name="Timur Abenov", user=writer)
    BriefFactory(draft=True, authors=[author], title=TITLE)
    returned = BriefFactory(draft=True, authors=[author], title="Migrant remittances in 2026")
    WorkflowEvent.objects.create(
        brief=returned,
        by=chief,
        action=WorkflowEvent.Action.SEND_BACK,
        from_status=Brief.Status.REVIEW,
        to_status=Brief.Status.DRAFT,
        note="Please add the central bank's Q3 figures.",
    )
    BriefFactory(title="Turkmen gas to Europe?", publish_at=timezone.now() + timedelta(days=3))
    BriefFactory(title="Moldova's energy winter", publish_at=timezone.now() - timedelta(hours=5))


def test_contributor_submits_from_the_desk_and_editor_publishes_now(live_server, page):
    """Contributor submits from the desk; an editor clicks Publish now; a reader sees it."""
    newsroom()

    log_in(page, live_server.url, "writer")
    desk = page.locator("#editor-desk")
    expect(desk.locator("#desk-sent-back")).to_contain_text("Please add the central bank's")
    expect(desk.locator("#desk-drafts")).to_contain_text(TITLE)
    shot(page, "desk-1-contributor-desk")
    desk.get_by_role("link", name=TITLE).click()
    buttons = page.locator(".workflow-buttons").get_by_role("button")
    expect(buttons).to_have_text(["Submit for review"])
    page.get_by_label("Summary:", exact=True).fill("Sanctions rerouted Central Asian grain.")
    shot(page, "desk-2-contributor-form")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("Submitted for review")
    brief = Brief.objects.get(title=TITLE)
    assert brief.status == "review" and brief.dek == "Sanctions rerouted Central Asian grain."
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#desk-in-review")).to_contain_text(TITLE)

    log_in(page, live_server.url, "chief")
    review = page.locator("#desk-review")
    expect(review).to_contain_text(TITLE)
    expect(review).to_contain_text("Submitted by Timur Abenov")
    expect(page.locator("#desk-scheduled")).to_contain_text("Turkmen gas to Europe?")
    expect(page.locator("#desk-published")).to_contain_text("Moldova's energy winter")
    shot(page, "desk-3-editor-desk")
    review.get_by_role("link", name=TITLE).click()
    expect(page.locator(".workflow-buttons").get_by_role("button")).to_have_text(
        ["Publish now", "Schedule", "Send back to draft"]
    )
    shot(page, "desk-4-editor-form")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text("Published")
    assert Brief.objects.get(title=TITLE).is_public
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#desk-published")).to_contain_text(TITLE)
    shot(page, "desk-5-editor-desk-after")

    page.context.clear_cookies()
    page.goto(live_server.url)
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    shot(page, "desk-6-reader-sees-it")
