"""An editor writes a brief in the admin's rich-text editor and readers see clean markup."""

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from briefs.models import Brief
from tests.browser.admin_session import ARTIFACTS, log_in
from tests.factories import AuthorFactory, BriefFactory, CountryFactory, UserFactory
from tests.image_files import jpeg
from tests.test_sanitizing import word_item

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def searched_for(text):
    """A predicate: the response is the admin autocomplete's answer to ``text``."""

    def answers(response):
        query = parse_qs(urlparse(response.url).query)
        return "/admin/autocomplete/" in response.url and query.get("term") == [text]

    return answers


def choose_in_autocomplete(page, container, text):
    """Pick ``text`` in one of the admin's select2 autocomplete boxes (typed into the open
    box's own search field), once its answer to ``text`` has come."""
    container.locator(".select2-selection").click()
    with page.expect_response(searched_for(text)):
        page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_types_a_brief_and_readers_get_the_structure(live_server, page):
    """Heading, bold, link and list typed in the editor reach the public page as tags."""
    # Made here rather than taken from the migrations' reference data, which an earlier
    # transactional test may have flushed.
    UserFactory(username="editor", is_superuser=True)
    AuthorFactory(name="Nino Beridze")
    CountryFactory(name="Freedonia", code="QZ")
    log_in(page, live_server.url, "editor")

    page.goto(f"{live_server.url}/admin/briefs/brief/add/")
    page.fill("#id_title", "Georgia's hedging after the election")
    page.fill("#id_dek", "How Tbilisi balances Brussels and Moscow.")
    body = page.locator(".field-body [contenteditable=true]")
    body.click()
    page.keyboard.type("## What changed")
    page.keyboard.press("Enter")
    page.keyboard.type("The government is ")
    page.keyboard.press("Control+b")
    page.keyboard.type("hedging harder")
    page.keyboard.press("Control+b")
    page.keyboard.type(" than before, says https://example.org/report ")
    page.keyboard.press("Enter")
    page.keyboard.type("- Trade with Russia grew")
    page.keyboard.press("Enter")
    page.keyboard.type("EU talks stalled")

    choose_in_autocomplete(page, page.locator(".field-countries"), "Freedonia")
    choose_in_autocomplete(page, page.locator(".field-byline"), "Nino Beridze")
    page.select_option("#id_status", "published")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "admin-brief-form.png", full_page=True)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")

    brief = Brief.objects.get()
    page.goto(live_server.url + brief.get_absolute_url())
    prose = page.locator(".prose")
    assert prose.locator("h2").inner_text() == "What changed"
    assert prose.locator("strong").inner_text() == "hedging harder"
    link = prose.locator("a")
    assert link.get_attribute("href") == "https://example.org/report"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert prose.locator("ul li").all_inner_texts() == [
        "Trade with Russia grew",
        "EU talks stalled",
    ]


def test_editor_adds_a_hero_image_and_sees_its_thumbnail(live_server, page):
    """The upload is processed on save; the form and the change list show the thumbnail."""
    UserFactory(username="editor", is_superuser=True)
    brief = BriefFactory(title="Armenia's balancing act", countries=[CountryFactory(code="QX")])
    log_in(page, live_server.url, "editor")

    page.goto(f"{live_server.url}/admin/briefs/brief/{brief.pk}/change/")
    page.set_input_files(
        "#id_hero_image",
        files=[{"name": "yerevan.jpg", "mimeType": "image/jpeg", "buffer": jpeg(1800, 1000)}],
    )
    page.fill("#id_hero_alt", "Mount Ararat seen from Yerevan")
    page.fill("#id_hero_credit", "Photo: A. Petrosyan")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    preview = page.locator(".field-hero_preview img")
    expect(preview).to_be_visible()
    assert preview.evaluate("img => img.naturalWidth") == 480
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("fieldset", has_text="Hero image").screenshot(
        path=ARTIFACTS / "admin-hero-fieldset.png"
    )

    page.goto(f"{live_server.url}/admin/briefs/brief/")
    thumbnail = page.locator("#result_list tbody tr").first.locator(".field-thumbnail img")
    expect(thumbnail).to_be_visible()
    page.screenshot(path=ARTIFACTS / "admin-brief-list.png")


def test_a_list_pasted_from_word_becomes_a_real_nested_list(live_server, page):
    """Word's list paragraphs (bullets as text, levels in styles) reach the editor as a
    bulleted list with its sub-list, not as paragraphs starting with "·"."""
    UserFactory(username="editor", is_superuser=True)
    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/admin/briefs/brief/add/")
    body = page.locator(".field-body [contenteditable=true]")
    body.click()
    word = (
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'><body>"
        + word_item(1, "\u00b7", "First point")
        + word_item(2, "o", "Sub-point")
        + "</body></html>"
    )
    page.evaluate(
        """(html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "First point Sub-point");
            const paste = new ClipboardEvent("paste", {clipboardData: data, bubbles: true});
            document.querySelector(".field-body [contenteditable=true]").dispatchEvent(paste);
        }""",
        word,
    )
    expect(body.locator("ul > li ul > li")).to_have_text("Sub-point")
    expect(body.locator("ul > li").first).to_contain_text("First point")
    expect(body).not_to_contain_text("\u00b7")


def test_the_editor_keeps_an_arabic_quotation_right_to_left(live_server, page):
    """A quotation's dir and lang load into the editor, survive an edit and reach readers."""
    UserFactory(username="editor", is_superuser=True)
    quotation = '<blockquote dir="rtl" lang="ar"><p>لا سلام بلا عدالة</p></blockquote>'
    brief = BriefFactory(
        title="Voices from the Gulf",
        countries=[CountryFactory(code="QW")],
        body=f"<p>He said:</p>{quotation}",
    )
    log_in(page, live_server.url, "editor")

    page.goto(f"{live_server.url}/admin/briefs/brief/{brief.pk}/change/")
    editor = page.locator(".field-body [contenteditable=true]")
    expect(editor.locator("blockquote")).to_have_attribute("dir", "rtl")
    expect(editor.locator("blockquote")).to_have_attribute("lang", "ar")
    editor.locator("p").first.click()
    page.keyboard.press("End")
    page.keyboard.type(" in Arabic,")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")

    brief.refresh_from_db()
    assert brief.body == f"<p>He said: in Arabic,</p>{quotation}"
    page.goto(live_server.url + brief.get_absolute_url())
    shown = page.locator(".prose blockquote")
    assert shown.evaluate("element => getComputedStyle(element).direction") == "rtl"
