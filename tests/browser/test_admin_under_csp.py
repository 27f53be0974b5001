"""The admin and the prose editor work under the Content Security Policy, with no violations."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_editor_logs_in_and_writes_a_brief_without_csp_violations(live_server, page, editor):
    problems = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and problems.append(message.text),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{live_server.url}/admin/login/?next=/admin/briefs/brief/add/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()

    page.locator("#id_title").press_sequentially("Energy corridors across the Caspian")
    assert page.locator("#id_slug").input_value() == "energy-corridors-across-the-caspian"
    # The body's own editor: "the first editor on the page" changed under load as the
    # other rich-text fields' editors mounted after the click.
    body = page.locator(".field-body [contenteditable=true]")
    body.click()
    expect(body).to_be_focused()  # typed keys go where the focus is, nowhere else
    page.keyboard.type("The pipeline question returns.")
    expect(body).to_contain_text("The pipeline question returns.")
    page.locator("fieldset.collapse summary, fieldset.collapse h2").first.click()

    assert problems == []
