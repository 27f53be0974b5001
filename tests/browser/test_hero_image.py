"""Readers on a phone and on a desktop get a hero image sized for their screen."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from briefs import images
from countries.models import Country
from tests.factories import BriefFactory, SeriesFactory
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
    brief = BriefFactory(
        title="Caspian gas and the Middle Corridor",
        series=SeriesFactory(title="Energy security"),
        series_position=1,
        countries=[Country.objects.get(code="GE")],
        hero_alt="Green hills under a pale sky",
        hero_caption="The South Caucasus pipeline crosses these hills near Gardabani.",
        hero_credit="Photo: Policy Briefs",
    )
    brief.hero_image = upload(landscape_photo(), name="hills.jpg")
    images.store_upload(brief, "hero_image", "hero_renditions")
    brief.save()

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
