"""Responsive renditions: a fixed set of widths in WebP and JPEG, made once per image.

Files go through Django's storage API, so the same code writes to local disk or to
object storage. What pages need to build ``srcset`` (names, widths, heights) is kept on
the record, so rendering a page never asks the storage anything.
"""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from briefs.images.processing import flatten

WIDTHS = (480, 800, 1200, 1600)
FORMATS = {
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", {"quality": 82, "progressive": True, "optimize": True}),
}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}


def target_widths(width):
    """The standard widths up to the image's own; a narrow image keeps its width."""
    return sorted({min(target, width) for target in WIDTHS})


def rendition_name(master_name, width, kind):
    path = PurePosixPath(master_name)
    return str(
        PurePosixPath("renditions") / path.parent / f"{path.stem}-{width}w.{EXTENSIONS[kind]}"
    )


def _store(name, image, kind, storage):
    image_format, options = FORMATS[kind]
    buffer = BytesIO()
    (flatten(image) if kind == "jpeg" else image).save(buffer, image_format, **options)
    if storage.exists(name):
        storage.delete(name)  # re-running replaces the file instead of adding a copy
    return storage.save(name, ContentFile(buffer.getvalue()))


def build_renditions(master_name, image, storage=None):
    """Write every rendition of ``image`` (display pixels) and describe them.

    Returns ``{"width", "height", "webp": [...], "jpeg": [...]}`` where each list holds
    ``{"name", "width", "height"}`` from narrowest to widest.
    """
    storage = storage or default_storage
    width, height = image.size
    description = {"width": width, "height": height, "webp": [], "jpeg": []}
    source = image
    for target in reversed(target_widths(width)):
        size = (target, max(1, round(height * target / width)))
        # Each smaller size is made from the one above it: far less work than from the master.
        source = source if source.size == size else source.resize(size, Image.LANCZOS)
        for kind in FORMATS:
            name = _store(rendition_name(master_name, target, kind), source, kind, storage)
            description[kind].insert(0, {"name": name, "width": size[0], "height": size[1]})
    return description


def thumbnail_url(renditions):
    """URL of the narrowest JPEG rendition, for small previews; empty without one."""
    jpegs = (renditions or {}).get("jpeg")
    return default_storage.url(jpegs[0]["name"]) if jpegs else ""
