"""Uploaded images: refused when unsafe, re-encoded upright and without metadata when not."""

from io import BytesIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from briefs import images
from briefs.images.validation import validate_upload
from briefs.models import Brief, LibraryImage
from countries.models import Country
from tests import factories
from tests import image_files as files
from tests.factories import AuthorFactory, BriefFactory
from tests.test_admin import brief_form, with_authors

REFUSED = [
    ("bomb", files.png_with_header_size(30_000, 30_000), "too_many_pixels", "40 megapixels"),
    ("huge", files.jpeg_with_header_size(8000, 6000), "too_many_pixels", "8000 × 6000"),
    ("svg", files.SVG, "svg", "SVG drawings are not accepted"),
    ("truncated", files.jpeg()[:-2000], "truncated", "cut short"),
    ("text", b"Quarterly figures, draft 3\n" * 40, "not_an_image", "not an image"),
    ("gif-js", files.gif_js_polyglot(), "gif", "GIF images are not accepted"),
    ("jpeg-html", files.jpeg() + b"<script>alert(1)</script>", "polyglot", "web page code"),
    ("png-trailer", files.encode(files.landscape(), "PNG") + b"PK\x03\x04zip", "polyglot", "PNG"),
    ("animated", files.animated_webp(), "animated", "Animated images are not accepted"),
]


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_unsafe_uploads_are_refused_with_a_clear_reason(data, code, message):
    """Each kind of bad file gets its own explanation."""
    with pytest.raises(ValidationError) as refusal:
        validate_upload(files.upload(data))
    assert refusal.value.code == code
    assert message in refusal.value.messages[0]


def test_a_file_over_twenty_megabytes_is_refused_without_being_read():
    """The byte limit is checked from the upload's size, first."""
    oversized = files.upload(b"\xff\xd8\xff" + b"\0" * settings.IMAGE_UPLOAD_MAX_BYTES)
    with pytest.raises(ValidationError) as refusal:
        validate_upload(oversized)
    assert refusal.value.code == "too_big" and "20.0" in refusal.value.messages[0]


def georgia():
    return Country.objects.get(code="GE").pk


def stored(brief):
    with default_storage.open(brief.hero.image.name) as handle:
        image = Image.open(BytesIO(handle.read()))
        image.load()
    return image


def with_hero(data, name="photo.jpg"):
    return factories.with_hero(BriefFactory(), data, name=name, alt="A street in Tbilisi")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("orientation", "top_left"),
    [(6, (255, 0, 0)), (8, (0, 0, 255))],
    ids=["rotate-6", "rotate-8"],
)
def test_exif_orientation_is_applied_and_then_dropped(orientation, top_left):
    """A sideways phone photo is stored upright, with no orientation tag left to re-apply."""
    image = stored(with_hero(files.jpeg(1000, 500, orientation=orientation)))
    assert image.size == (500, 1000)
    assert all(abs(a - b) < 40 for a, b in zip(image.getpixel((5, 5)), top_left, strict=True))
    assert not image.getexif()


@pytest.mark.django_db
def test_gps_and_all_exif_are_stripped():
    """The location a photo was taken at never reaches readers, in the master or renditions."""
    original = files.jpeg(gps=True)
    assert Image.open(BytesIO(original)).getexif().get_ifd(files.GPS_IFD)
    brief = with_hero(original)
    names = [brief.hero.image.name] + [
        item["name"] for kind in ("jpeg", "webp") for item in brief.hero.renditions[kind]
    ]
    for name in names:
        with default_storage.open(name) as handle:
            data = handle.read()
        image = Image.open(BytesIO(data))
        assert not image.getexif(), name
        assert "exif" not in image.info and b"Exif\0\0" not in data, name


@pytest.mark.django_db
def test_cmyk_jpeg_is_stored_as_rgb():
    """Print-ready CMYK files are accepted and become screen colours."""
    image = stored(with_hero(files.cmyk_jpeg()))
    assert image.mode == "RGB"
    red, green, blue = image.getpixel((10, 10))
    assert red > 200 and green < 60 and blue < 60


@pytest.mark.django_db
def test_sixteen_bit_png_keeps_its_tones():
    """A 16-bit grey is scaled to 8 bits, not clipped to white."""
    image = stored(with_hero(files.sixteen_bit_png(), name="scan.png"))
    assert image.format == "PNG" and image.mode == "RGB"
    assert 120 <= image.getpixel((10, 10))[0] <= 135


@pytest.mark.django_db
def test_palette_png_keeps_its_transparency():
    """A palette image with a transparent colour is stored with an alpha channel."""
    image = stored(with_hero(files.palette_png_with_transparency(), name="map.png"))
    assert image.mode == "RGBA"
    assert image.getpixel((10, 10))[3] == 255 and image.getpixel((590, 10))[3] == 0


def hero_change_form(brief, hero_image):
    """The admin change form of ``brief`` as it stands, with ``hero_image`` as the upload."""
    return with_authors(
        brief_form(
            title=brief.title,
            slug=brief.slug,
            countries=[country.pk for country in brief.countries.all()],
            hero_image=hero_image,
            hero_alt="A new photo",
            base_version=brief.version,
        ),
        *brief.ordered_authors,
    )


@pytest.mark.django_db
def test_a_phone_photo_with_extra_pictures_is_accepted_as_a_jpeg():
    """A multi-picture JPEG (Pillow's MPO) is stored as a plain JPEG of its first picture."""
    data = files.mpo()
    assert Image.open(BytesIO(data)).format == "MPO"
    brief = with_hero(data)
    image = stored(brief)
    assert (image.format, image.size, getattr(image, "n_frames", 1)) == ("JPEG", (1000, 500), 1)
    assert brief.hero.image.name.endswith(".jpg")
    assert image.getpixel((990, 10))[2] > 200  # the photo's blue half, not the green preview


@pytest.mark.django_db
def test_admin_refusal_is_a_form_error_and_leaves_the_brief_unchanged(editor_client):
    """An SVG posted as the hero image is refused on the form; the saved brief keeps its image."""
    brief = with_hero(files.jpeg())
    before = (brief.hero.image.name, brief.hero.renditions, brief.title)
    data = with_authors(
        brief_form(
            title="A changed title",
            slug=brief.slug,
            countries=[country.pk for country in brief.countries.all()],
            hero_image=files.upload(files.SVG, name="chart.svg", content_type="image/svg+xml"),
            hero_alt="A chart",
        ),
        *brief.ordered_authors,
    )
    response = editor_client.post(reverse("admin:briefs_brief_change", args=[brief.pk]), data)
    assert response.status_code == 200
    assert "SVG drawings are not accepted" in response.content.decode()
    brief.refresh_from_db()
    assert (brief.hero.image.name, brief.hero.renditions, brief.title) == before


@pytest.mark.django_db
def test_a_second_file_for_the_one_image_field_is_a_form_error(editor_client):
    """Two files sent as the hero image are refused together, not the last one kept."""
    brief = with_hero(files.jpeg())
    before = (brief.hero.image.name, brief.hero.renditions)
    data = hero_change_form(
        brief,
        [
            files.upload(files.jpeg(800, 400), name="first.jpg"),
            files.upload(files.jpeg(900, 450), name="second.jpg"),
        ],
    )
    response = editor_client.post(reverse("admin:briefs_brief_change", args=[brief.pk]), data)
    assert response.status_code == 200
    assert "Only one image can be uploaded here, and 2 files were sent" in response.text
    brief.refresh_from_db()
    assert (brief.hero.image.name, brief.hero.renditions) == before


@pytest.mark.django_db
def test_admin_requires_alt_text_with_a_hero_image(editor_client):
    """An image without a description is refused, and nothing is stored."""
    data = with_authors(
        brief_form(countries=[georgia()], hero_image=files.upload(files.jpeg()), hero_alt=" "),
        AuthorFactory(),
    )
    response = editor_client.post(reverse("admin:briefs_brief_add"), data)
    assert response.status_code == 200
    assert "Describe the new image for readers who cannot see it." in response.content.decode()
    assert not default_storage.exists("library") and not LibraryImage.objects.exists()


@pytest.mark.django_db
def test_admin_upload_stores_renditions_and_thumbnails(editor_client):
    """A good upload is re-encoded, its renditions listed, and the change list shows it."""
    data = with_authors(
        brief_form(
            countries=[georgia()],
            hero_image=files.upload(files.jpeg(2000, 1000, gps=True), name="Tbilisi street.JPG"),
            hero_alt="Traffic on Rustaveli Avenue",
            hero_caption="Rustaveli Avenue at dusk.",
            hero_credit="Photo: N. Beridze",
        ),
        AuthorFactory(),
    )
    response = editor_client.post(reverse("admin:briefs_brief_add"), data)
    assert response.status_code == 302
    brief = Brief.objects.get()
    assert brief.hero.image.name.startswith("library/") and brief.hero.image.name.endswith(".jpg")
    assert [item["width"] for item in brief.hero.renditions["webp"]] == [480, 800, 1200, 1600]
    change_list = editor_client.get(reverse("admin:briefs_brief_changelist")).content.decode()
    assert default_storage.url(brief.hero.renditions["jpeg"][0]["name"]) in change_list
    change_form = editor_client.get(
        reverse("admin:briefs_brief_change", args=[brief.pk])
    ).content.decode()
    assert 'accept="image/jpeg,image/png,image/webp"' in change_form
    assert default_storage.url(brief.hero.renditions["jpeg"][0]["name"]) in change_form


@pytest.mark.django_db
def test_a_new_hero_upload_joins_the_library_and_the_old_image_stays_there(
    editor_client, django_capture_on_commit_callbacks
):
    """A new upload becomes the brief's hero; the old one stays in the library, files and all."""
    brief = with_hero(files.jpeg(1700, 850))
    previous = brief.hero
    old = images.stored_names(previous.image.name, previous.renditions)
    data = hero_change_form(brief, files.upload(files.jpeg(900, 600), name="photo.jpg"))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("admin:briefs_brief_change", args=[brief.pk]), data)
    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.hero != previous and brief.hero.alt == "A new photo"
    assert brief.hero.uploaded_by.username == "editor"
    new = images.stored_names(brief.hero.image.name, brief.hero.renditions)
    assert len(old) == 9 and len(new) == 7  # 480, 800, 900 wide; 4 widths before
    assert not set(old) & set(new)
    assert all(default_storage.exists(name) for name in old + new)
    assert LibraryImage.objects.count() == 2
