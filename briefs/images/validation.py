"""The one check every uploaded image passes before anything else touches it.

Cheap checks come first (byte size, file signature, header dimensions) so that a
decompression bomb is refused from its header, before a single pixel is decoded.
Only then is the image decoded in full, which catches truncated and corrupt files.
Phone photos often come as a multi-picture JPEG (the photo, then a preview or a depth
map), which Pillow reports as MPO: it is a JPEG, and only its first picture is used.
"""

import re
import warnings
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
MULTI_PICTURE_JPEG = "MPO"

_SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
)
_PNG_END = b"IEND\xaeB`\x82"
# Markup inside an image file means it was made to be read as something else too.
_MARKUP = re.compile(rb"<\s*(script|svg|html|body|iframe|object|embed|\?php)\b", re.IGNORECASE)
_SVG = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg", re.I | re.S
)

ACCEPTED = "Upload a JPEG, PNG or WebP image."


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _refuse_too_big(size):
    limit = filesizeformat(settings.IMAGE_UPLOAD_MAX_BYTES)
    _refuse(f"The file is {filesizeformat(size)}; the limit is {limit}.", "too_big")


def sniff_format(data):
    """The format the file's first bytes announce, whatever its name says."""
    for signature, image_format in _SIGNATURES:
        if data.startswith(signature):
            return image_format
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def still_format(image):
    """The format of an opened image, a phone's multi-picture JPEG counting as JPEG."""
    return "JPEG" if image.format == MULTI_PICTURE_JPEG else image.format


def _refuse_unknown(data):
    if _SVG.match(data[:4096]):
        _refuse(f"SVG drawings are not accepted. {ACCEPTED}", "svg")
    if data[:6] in (b"GIF87a", b"GIF89a"):
        _refuse(f"GIF images are not accepted. {ACCEPTED}", "gif")
    _refuse(f"This file is not an image. {ACCEPTED}", "not_an_image")


def _refuse_smuggled_content(data, image_format):
    if _MARKUP.search(data):
        _refuse("This file holds web page code as well as an image; it is refused.", "polyglot")
    if image_format == "PNG" and not data.endswith(_PNG_END):
        _refuse(
            "This PNG file carries extra data after the image or is cut short; "
            "export it again and upload the new file.",
            "polyglot",
        )
    if image_format == "WEBP" and int.from_bytes(data[4:8], "little") + 8 != len(data):
        _refuse("This WebP file's length does not match its header; export it again.", "polyglot")


def _open_header(data):
    """Open lazily: Pillow reads the header only, so the size is known before decoding."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return Image.open(BytesIO(data))
        except Image.DecompressionBombError:
            _refuse(
                f"The image is too large: at most {MAX_PIXELS // 1_000_000} megapixels.",
                "too_many_pixels",
            )
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            _refuse(f"This file is damaged or not an image. {ACCEPTED}", "damaged")


def validate_image_bytes(data):
    """Refuse anything but a complete, still JPEG, PNG or WebP within the limits."""
    if len(data) > settings.IMAGE_UPLOAD_MAX_BYTES:
        _refuse_too_big(len(data))
    image_format = sniff_format(data)
    if image_format is None:
        _refuse_unknown(data)
    _refuse_smuggled_content(data, image_format)

    image = _open_header(data)
    with image:
        if still_format(image) != image_format:
            _refuse(f"This file is damaged or not an image. {ACCEPTED}", "damaged")
        width, height = image.size
        if width * height > MAX_PIXELS:
            _refuse(
                f"The image is {width} × {height} pixels ({width * height / 1e6:.0f} "
                f"megapixels); the limit is {MAX_PIXELS // 1_000_000} megapixels.",
                "too_many_pixels",
            )
        if image.format != MULTI_PICTURE_JPEG and getattr(image, "n_frames", 1) > 1:
            _refuse("Animated images are not accepted; upload a still image.", "animated")
        try:
            image.load()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            _refuse(
                "The image is cut short or damaged and cannot be read in full; "
                "export it again and upload the new file.",
                "truncated",
            )


def validate_upload(upload):
    """Validate an uploaded file; returns its bytes. Oversized files are not even read."""
    if upload.size is not None and upload.size > settings.IMAGE_UPLOAD_MAX_BYTES:
        _refuse_too_big(upload.size)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    validate_image_bytes(data)
    return data
