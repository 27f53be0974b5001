"""Re-encoding: what readers get is new pixels, upright, with no metadata at all."""

from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps

from briefs.images.validation import still_format

ENCODERS = {
    "JPEG": ("jpg", {"quality": 88, "progressive": True, "optimize": True}),
    "PNG": ("png", {}),
    "WEBP": ("webp", {"quality": 88, "method": 4}),
}


@dataclass
class CleanImage:
    image: Image.Image
    content: bytes
    extension: str


def display_mode(image):
    """The image as 8-bit RGB, or RGBA when it has transparency."""
    if image.mode in {"I;16", "I;16B", "I;16L", "I;16N", "I"}:
        # Sixteen-bit greyscale: scale to eight bits instead of clipping to white.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    has_alpha = image.mode in {"RGBA", "LA", "PA", "RGBa", "La"}
    target = "RGBA" if has_alpha else "RGB"
    return image if image.mode == target else image.convert(target)


def flatten(image, background=(255, 255, 255)):
    """An RGB copy of an RGBA image laid on a plain background, for JPEG."""
    if image.mode != "RGBA":
        return image
    canvas = Image.new("RGB", image.size, background)
    canvas.paste(image, mask=image.getchannel("A"))
    return canvas


def decode(source):
    """Open ``source`` (bytes or a file), apply its EXIF orientation, return display pixels."""
    image = Image.open(BytesIO(source) if isinstance(source, bytes) else source)
    image_format = still_format(image)
    image.load()  # the first picture only, for a multi-picture JPEG
    ImageOps.exif_transpose(image, in_place=True)  # no second full-size copy
    image = display_mode(image)
    image.info = {}  # EXIF, GPS, XMP, comments and ICC never reach a reader
    return image, image_format


def re_encode(data):
    """The validated upload ``data`` re-encoded in its own format, stripped of metadata."""
    image, image_format = decode(data)
    if image_format == "JPEG":
        image = flatten(image)
    extension, options = ENCODERS[image_format]
    buffer = BytesIO()
    image.save(buffer, image_format, **options)
    return CleanImage(image=image, content=buffer.getvalue(), extension=extension)
