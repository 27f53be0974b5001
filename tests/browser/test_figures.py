"""An editor inserts figures through the body editor: one uploaded, one from the library."""

import pytest
from playwright.sync_api import expect

from briefs.models import Brief, LibraryImage
from tests.browser.admin_session import log_in, shot
from tests.factories import BriefFactory, CountryFactory, UserFactory, library_image
from tests.image_files import encode, landscape

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_editor_uploads_a_figure_and_picks_another_from_the_library(live_server, page, tmp_path):
    UserFactory(username="editor", is_superuser=True)
    library_image(title="Ferry volumes chart", alt="Ferry cargo tripled since 2019.")
    brief = BriefFactory(
        title="Caspian ferries",
        body="<p>First paragraph.</p>",
        countries=[CountryFactory(code="QX")],
    )
    chart = tmp_path / "chart.png"
    chart.write_bytes(encode(landscape(900, 450), "PNG"))
    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/admin/briefs/brief/{brief.pk}/change/")

    page.locator(".field-body [contenteditable=true] p").first.click()
    page.keyboard.press("End")
    page.get_by_role("button", name="Insert a figure").click()
    dialog = page.locator("dialog.library-figure__dialog")
    dialog.get_by_label("Image file").set_input_files(chart)
    dialog.get_by_label("Alt text (required)").fill("Gas exports by route, 2019 to 2024.")
    dialog.get_by_label("Caption").fill("Exports by route")
    dialog.get_by_label("Source or credit").fill("Source: IMF, World Economic Outlook")
    dialog.get_by_role("button", name="Upload and insert").click()
    editor_figures = page.locator(".field-body .library-figure")
    expect(editor_figures).to_have_count(1)
    expect(editor_figures.first.locator("img")).to_be_visible()

    page.get_by_role("button", name="Insert a figure").click()
    dialog = page.locator("dialog.library-figure__dialog")
    dialog.get_by_label("Search titles and alt texts").fill("ferry")
    dialog.get_by_role("button", name="Ferry volumes chart").click()
    expect(editor_figures).to_have_count(2)
    shot(page, "admin-brief-figures")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    uploaded = LibraryImage.objects.get(alt="Gas exports by route, 2019 to 2024.")
    picked = LibraryImage.objects.get(title="Ferry volumes chart")
    brief = Brief.objects.get(pk=brief.pk)
    assert brief.body.count("<figure") == 2
    assert set(brief.figure_uses.values_list("image_id", flat=True)) == {uploaded.pk, picked.pk}

    page.goto(live_server.url + brief.get_absolute_url())
    figures = page.locator(".prose figure")
    expect(figures).to_have_count(2)
    expect(figures.first.locator("figcaption")).to_contain_text("Source: IMF")
    shot(page, "brief-with-figures")
