"""Image files for upload tests, made with Pillow (or by hand where Pillow would refuse)."""

import struct
import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

ORIENTATION = 0x0112
GPS_IFD = 0x8825


def encode(image, image_format, **options):
    buffer = BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def landscape(width=1000, height=500, mode="RGB"):
    """Left half red, right half blue: orientation shows in which corner is which colour."""
    image = Image.new(mode, (width, height), "red" if mode == "RGB" else 0)
    image.paste("blue" if mode == "RGB" else 255, (width // 2, 0, width, height))
    return image


def jpeg(width=1000, height=500, orientation=None, gps=False):
    image = landscape(width, height)
    exif = Image.Exif()
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (41.0, 43.0, 0.0), 3: "E", 4: (44.0, 47.0, 0.0)})
    return encode(image, "JPEG", exif=exif.tobytes(), quality=90)


def png_chunk(kind, payload):
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))


def png_with_header_size(width, height):
    """A PNG whose header claims ``width`` × ``height`` pixels over almost no data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def jpeg_with_header_size(width, height):
    """A small JPEG whose frame header is rewritten to claim ``width`` × ``height``."""
    data = bytearray(encode(Image.new("RGB", (64, 48), "grey"), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def cmyk_jpeg():
    return encode(Image.new("CMYK", (900, 600), (0, 255, 255, 0)), "JPEG")


def sixteen_bit_png():
    """A mid-grey 16-bit greyscale PNG (value 32768 of 65535)."""
    return encode(Image.new("I;16", (700, 400), 32768), "PNG")


def palette_png_with_transparency():
    image = Image.new("P", (600, 400), 0)
    image.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    image.paste(1, (300, 0, 600, 400))
    return encode(image, "PNG", transparency=1)


def animated_webp():
    frames = [Image.new("RGB", (300, 200), colour) for colour in ("red", "green", "blue")]
    return encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)


def gif_js_polyglot():
    """A GIF that is also valid JavaScript (the classic ``GIF89a/*...*/=alert(1)`` trick)."""
    gif = encode(Image.new("P", (10, 10)), "GIF")
    return b"GIF89a/*" + gif[8:] + b"*/=alert(document.domain);"


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(1)</script><rect width="10" height="10"/></svg>'
)


def mpo():
    """A phone's multi-picture JPEG: the landscape photo, then a small second picture."""
    preview = Image.new("RGB", (160, 80), "green")
    return encode(landscape(), "MPO", save_all=True, append_images=[preview])
