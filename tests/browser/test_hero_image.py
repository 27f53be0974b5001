"""Readers on a phone and on a desktop get a hero image sized for their screen."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from countries.models import Country
from tests.browser.admin_session import log_in
from tests.browser.test_editing import choose_in_autocomplete
from tests.factories import BriefFactory, SeriesFactory, UserFactory, library_image, with_hero
from tests.image_files import upload

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}


def landscape_photo():
    """A 2400 × 1350 picture of a sky over hills, enough to tell renditions apart."""
    sky = Image.linear_gradient("L").resize((2400, 1350)).convert("RGB")
    sky = Image.merge(
        "RGB",
        [
            band.point(lambda v, k=k: 90 + v * k)
            for k, band in zip((0.2, 0.4, 0.6), sky.split(), strict=True)
        ],
    )
    draw = ImageDraw.Draw(sky)
    draw.polygon(
        [(0, 1350), (0, 900), (700, 650), (1400, 950), (2400, 700), (2400, 1350)], fill=(62, 92, 58)
    )
    buffer = BytesIO()
    sky.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_hero_image_fits_the_screen_and_uses_a_fitting_rendition(live_server, page, screen):
    """The browser picks a WebP rendition no wider than needed; nothing overflows."""
    brief = with_hero(
        BriefFactory(
            title="Caspian gas and the Middle Corridor",
            series=SeriesFactory(title="Energy security"),
            series_position=1,
            countries=[Country.objects.get(code="GE")],
        ),
        landscape_photo(),
        name="hills.jpg",
        alt="Green hills under a pale sky",
        caption="The South Caucasus pipeline crosses these hills near Gardabani.",
        credit="Photo: Policy Briefs",
    )

    width, height = VIEWPORTS[screen]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + brief.get_absolute_url())
    hero = page.get_by_role("img", name="Green hills under a pale sky")
    hero.wait_for()
    page.wait_for_function("document.querySelector('.brief__hero img').complete")
    source = hero.evaluate("img => img.currentSrc")
    shown = hero.bounding_box()["width"]
    chosen = int(re.search(r"-(\d+)w\.webp$", source).group(1))
    assert shown <= chosen <= max(shown * 2, 480)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert "near Gardabani" in page.locator(".brief__hero figcaption").inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"brief-hero-{screen}.png", full_page=False)


def test_an_editor_picks_a_hero_from_the_library_and_sees_it_before_saving(live_server, page):
    """The autocomplete finds the image by words of its alt text; its thumbnail and words
    replace the form's before the save, and the save makes it the brief's hero."""
    UserFactory(username="editor", is_superuser=True)
    hills = library_image(
        image=upload(landscape_photo(), name="hills.jpg"),
        title="Hills near Gardabani",
        alt="Green hills under a pale sky",
        caption="The South Caucasus pipeline crosses these hills.",
        credit="Photo: Policy Briefs",
    )
    brief = BriefFactory(title="Caspian gas and the Middle Corridor")
    log_in(page, live_server.url, "editor")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/briefs/brief/{brief.pk}/change/")
    preview = page.locator(".hero-preview")
    expect(preview).to_contain_text("No hero image yet.")
    choose_in_autocomplete(page, page.locator(".field-hero"), "Gardabani")
    expect(preview.locator("img")).to_be_visible()
    expect(preview).to_contain_text("Green hills under a pale sky · The South Caucasus")
    assert preview.locator("img").evaluate("img => img.naturalWidth") == 480
    page.locator("fieldset", has_text="Hero image").screenshot(
        path=ARTIFACTS / "admin-hero-picked.png"
    )
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    brief.refresh_from_db()
    assert brief.hero == hills
    expect(page.locator(".field-hero .select2-selection__rendered")).to_contain_text(
        "Hills near Gardabani"
    )
    page.screenshot(path=ARTIFACTS / "admin-brief-with-hero.png", full_page=True)
