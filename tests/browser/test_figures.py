"""An editor inserts figures through the body editor: one uploaded, one from the library."""

import pytest
from playwright.sync_api import expect

from briefs.library import uploads
from briefs.models import Brief, LibraryImage
from tests.browser.admin_session import log_in, shot
from tests.factories import BriefFactory, CountryFactory, UserFactory, library_image
from tests.image_files import encode, landscape, upload

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


def test_uploading_a_file_already_in_the_library_inserts_that_image_and_says_so(
    live_server, page, tmp_path
):
    """The figure dialog's upload of a file the library holds stores nothing new: the
    image already there is inserted, and a note under the editor names it."""
    UserFactory(username="editor", is_superuser=True)
    data = encode(landscape(900, 450), "PNG")
    held = uploads.add_to_library(
        LibraryImage(
            image=upload(data, name="held.png"), title="Ferry volumes chart", alt="Ferries."
        ),
        None,
    ).image
    brief = BriefFactory(body="<p>First paragraph.</p>", countries=[CountryFactory(code="QX")])
    chart = tmp_path / "same-chart.png"
    chart.write_bytes(data)
    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/admin/briefs/brief/{brief.pk}/change/")
    page.locator(".field-body [contenteditable=true] p").first.click()
    page.get_by_role("button", name="Insert a figure").click()
    dialog = page.locator("dialog.library-figure__dialog")
    dialog.get_by_label("Image file").set_input_files(chart)
    dialog.get_by_label("Alt text (required)").fill("Another description")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(page.locator(".field-body .library-figure")).to_have_count(1)
    expect(page.locator(".library-figure__notice")).to_have_text(
        "This image is already in the library as “Ferry volumes chart”; that one is used."
    )
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert list(Brief.objects.get(pk=brief.pk).figure_uses.values_list("image", flat=True)) == [
        held.pk
    ]
    assert LibraryImage.objects.count() == 1
