"""An editor inserts, changes and pastes footnotes, and adds an abbreviation and a table
caption in the body editor; what the page loaded (footnotes, captions, abbreviations)
survives the editor."""

import pytest
from playwright.sync_api import expect

from briefs.models import Brief
from tests.browser.admin_session import log_in
from tests.factories import BriefFactory, CountryFactory, UserFactory
from tests.test_sanitizing import GOOGLE_DOCS_FOOTNOTES_PASTE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BODY = (
    "<h2>Trade</h2>"
    '<p>Exports rose<span data-footnote="">Customs data, 2024.</span> while the '
    '<abbr title="European Union">EU</abbr> bought less'
    '<span data-footnote="">Eurostat.</span>.</p>'
    '<table tabindex="0"><caption>Cargo by route</caption><tbody>'
    "<tr><th><p>Route</p></th><th><p>2024</p></th></tr>"
    "<tr><td><p>Aktau–Baku</p></td><td><p>3,240</p></td></tr></tbody></table>"
)


def test_editor_inserts_a_footnote_before_the_others_and_they_renumber(live_server, page):
    """The "Note" button puts a footnote at the cursor; on the page it is note 1 and the
    two the brief had become notes 2 and 3. Footnotes, the abbreviation and the caption
    the editor loaded are saved back as they were."""
    UserFactory(username="editor", is_superuser=True)
    brief = BriefFactory(body=BODY, countries=[CountryFactory(code="QY")])
    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/admin/briefs/brief/{brief.pk}/change/")

    body = page.locator(".field-body [contenteditable=true]")
    expect(body.locator(".footnote-marker")).to_have_count(2)
    expect(body.locator("caption")).to_have_text("Cargo by route")
    body.locator("p").first.click()
    page.keyboard.press("Home")
    page.keyboard.type("Since 2022 ")
    page.locator(".field-body button[title=Footnote]").click()
    dialog = page.locator("dialog[open]")
    dialog.locator("textarea").fill("Ministry of Economy, annual review.")
    dialog.locator("button[type=submit]").click()
    expect(body.locator(".footnote-marker")).to_have_count(3)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")

    stored = Brief.objects.get(pk=brief.pk).body
    assert stored.startswith(
        '<h2>Trade</h2><p>Since 2022 <span data-footnote="">Ministry of Economy, annual '
        'review.</span>Exports rose<span data-footnote="">Customs data, 2024.</span>'
    )
    assert '<abbr title="European Union">EU</abbr>' in stored
    assert "<caption>Cargo by route</caption>" in stored

    page.goto(live_server.url + brief.get_absolute_url())
    assert page.locator(".footnote-ref a").all_inner_texts() == ["1", "2", "3"]
    assert page.locator(".footnotes li").all_inner_texts() == [
        "Ministry of Economy, annual review. ↩",
        "Customs data, 2024. ↩",
        "Eurostat. ↩",
    ]
    page.locator(".footnote-ref a").first.click()
    expect(page).to_have_url(live_server.url + brief.get_absolute_url() + "#fn-1")
    page.locator("#fn-1 .footnote-back").click()
    expect(page).to_have_url(live_server.url + brief.get_absolute_url() + "#fnref-1")


def test_editor_gives_a_selected_abbreviation_its_expansion(live_server, page):
    UserFactory(username="editor", is_superuser=True)
    brief = BriefFactory(body="<p>The OSCE monitors.</p>", countries=[CountryFactory(code="QY")])
    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/admin/briefs/brief/{brief.pk}/change/")

    body = page.locator(".field-body [contenteditable=true]")
    body.locator("p").first.dblclick(position={"x": 40, "y": 5})
    page.locator(".field-body button[title=Abbreviation]").click()
    dialog = page.locator("dialog[open]")
    dialog.locator("input").fill("Organization for Security and Co-operation in Europe")
    dialog.locator("button[type=submit]").click()
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    assert Brief.objects.get(pk=brief.pk).body == (
        '<p>The <abbr title="Organization for Security and Co-operation in Europe">OSCE</abbr>'
        " monitors.</p>"
    )


def test_editor_gives_a_table_a_caption(live_server, page):
    """With the cursor in a table, "Caption" sets the line printed above it."""
    UserFactory(username="editor", is_superuser=True)
    table = (
        '<table tabindex="0"><tbody><tr><th><p>Route</p></th></tr>'
        "<tr><td><p>Aktau–Baku</p></td></tr></tbody></table>"
    )
    brief = BriefFactory(body="<p>Before.</p>" + table, countries=[CountryFactory(code="QY")])
    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/admin/briefs/brief/{brief.pk}/change/")

    body = page.locator(".field-body [contenteditable=true]")
    body.locator("td").first.click()
    page.locator(".field-body button[title='Table caption']").click()
    dialog = page.locator("dialog[open]")
    dialog.locator("input").fill("Cargo by route")
    dialog.locator("button[type=submit]").click()
    expect(body.locator("caption")).to_have_text("Cargo by route")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    assert Brief.objects.get(pk=brief.pk).body == "<p>Before.</p>" + table.replace(
        "<tbody>", "<caption>Cargo by route</caption><tbody>"
    )
    page.goto(live_server.url + brief.get_absolute_url())
    expect(page.locator(".prose table caption")).to_have_text("Cargo by route")


def test_editor_changes_a_footnote_and_removes_one(live_server, page):
    """Clicking a footnote's number and pressing "Note" edits its text; emptying the text
    removes the footnote."""
    UserFactory(username="editor", is_superuser=True)
    brief = BriefFactory(body=BODY, countries=[CountryFactory(code="QY")])
    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/admin/briefs/brief/{brief.pk}/change/")

    body = page.locator(".field-body [contenteditable=true]")
    note = page.locator(".field-body button[title=Footnote]")
    dialog = page.locator("dialog[open]")
    body.locator(".footnote-marker").first.click()
    note.click()
    expect(dialog.locator("textarea")).to_have_value("Customs data, 2024.")
    dialog.locator("textarea").fill("Customs data, 2025.")
    dialog.locator("button[type=submit]").click()
    body.locator(".footnote-marker").last.click()
    note.click()
    dialog.locator("textarea").fill("")
    dialog.locator("button[type=submit]").click()
    expect(body.locator(".footnote-marker")).to_have_count(1)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    stored = Brief.objects.get(pk=brief.pk).body
    assert '<span data-footnote="">Customs data, 2025.</span>' in stored
    assert "Eurostat" not in stored


def test_footnotes_pasted_from_google_docs_arrive_as_footnotes(live_server, page):
    """The paste goes through the server's clean-up; the editor gets footnotes, not links
    to notes at the end of the paste."""
    UserFactory(username="editor", is_superuser=True)
    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/admin/briefs/brief/add/")
    body = page.locator(".field-body [contenteditable=true]")
    body.click()
    page.evaluate(
        """(html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "Exports rose[1] a lot.");
            const paste = new ClipboardEvent("paste", {clipboardData: data, bubbles: true});
            document.querySelector(".field-body [contenteditable=true]").dispatchEvent(paste);
        }""",
        GOOGLE_DOCS_FOOTNOTES_PASTE,
    )
    expect(body.locator(".footnote-marker")).to_have_attribute("title", "Customs data, 2024.")
    expect(body).to_have_text("Exports rose a lot.")
