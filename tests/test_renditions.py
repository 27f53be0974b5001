"""Renditions: fixed widths, never upscaled, WebP and JPEG, and pages that use them."""

import re
from io import BytesIO, StringIO

import pytest
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from PIL import Image

from briefs import images
from tests import factories
from tests import image_files as files
from tests.factories import AuthorFactory, BriefFactory

pytestmark = pytest.mark.django_db


def with_hero(width, height, **words):
    return factories.with_hero(
        BriefFactory(), files.jpeg(width, height), alt="Oil terminal at Sangachal", **words
    )


def opened(name):
    with default_storage.open(name) as handle:
        image = Image.open(BytesIO(handle.read()))
        return image.format, image.size


def test_a_large_image_gets_every_width_in_both_formats():
    """A 2400-pixel photo yields 480, 800, 1200 and 1600 wide WebP and JPEG files."""
    renditions = with_hero(2400, 1200).hero.renditions
    assert (renditions["width"], renditions["height"]) == (2400, 1200)
    for kind, image_format in (("webp", "WEBP"), ("jpeg", "JPEG")):
        sizes = [(item["width"], item["height"]) for item in renditions[kind]]
        assert sizes == [(480, 240), (800, 400), (1200, 600), (1600, 800)]
        for item in renditions[kind]:
            assert opened(item["name"]) == (image_format, (item["width"], item["height"]))


def test_a_small_image_is_never_upscaled():
    """A 700-pixel image gets a 480 rendition and one at its own width, nothing wider."""
    renditions = with_hero(700, 350).hero.renditions
    assert [item["width"] for item in renditions["jpeg"]] == [480, 700]
    assert [item["width"] for item in renditions["webp"]] == [480, 700]


def test_the_brief_page_serves_a_picture_with_sizes_and_dimensions(client):
    """The page offers WebP first, a JPEG fallback, srcset, sizes, width and height."""
    brief = with_hero(2000, 1000, caption="The terminal at dusk.", credit="Photo: BP")
    html = client.get(brief.get_absolute_url()).content.decode()
    webp = ", ".join(
        f"{default_storage.url(item['name'])} {item['width']}w"
        for item in brief.hero.renditions["webp"]
    )
    assert f'<source type="image/webp" srcset="{webp}"' in html
    largest = brief.hero.renditions["jpeg"][-1]
    assert f'src="{default_storage.url(largest["name"])}"' in html
    assert re.search(r'width="1600"\s+height="800"\s+alt="Oil terminal at Sangachal"', html)
    assert 'sizes="(min-width: 46rem) 42rem, 100vw"' in html
    assert "The terminal at dusk." in html and "Photo: BP" in html


def test_the_brief_page_does_not_touch_storage(client, monkeypatch):
    """Rendering reads the stored description only: no file is opened or checked."""
    brief = with_hero(1200, 600)

    def refuse(*args, **kwargs):
        raise AssertionError("the page touched the storage")

    # On the storage itself, not on the lazy default_storage in front of it: a test that
    # changes settings.STORAGES has it made again, and the wrapper's patch is not undone.
    media = storages["default"]
    for method in ("open", "exists", "size"):
        monkeypatch.setattr(media, method, refuse)
    assert client.get(brief.get_absolute_url()).status_code == 200


def test_rebuild_renditions_is_safe_to_re_run():
    """Two runs leave the same files, no duplicates, and report progress."""
    brief = with_hero(1700, 850)
    author = AuthorFactory()
    author.photo = files.upload(files.jpeg(600, 600), name="portrait.jpg")
    images.store_upload(author, "photo", "photo_renditions")
    author.save()
    BriefFactory()  # no image: skipped

    outputs = []
    for _run in range(2):
        out = StringIO()
        call_command("rebuild_renditions", stdout=out)
        outputs.append(out.getvalue())
    brief.hero.refresh_from_db()
    author.refresh_from_db()
    assert "2/2" in outputs[1] and "Rebuilt renditions for 2 images; 0 failed." in outputs[1]
    _dirs, names = default_storage.listdir("renditions/" + brief.hero.image.name.rsplit("/", 1)[0])
    assert len(names) == 8  # four widths, two formats, nothing left over from the first run
    assert {item["name"] for item in brief.hero.renditions["webp"]} <= {
        f"renditions/{brief.hero.image.name.rsplit('/', 1)[0]}/{name}" for name in names
    }
    assert [item["width"] for item in author.photo_renditions["jpeg"]] == [480, 600]
