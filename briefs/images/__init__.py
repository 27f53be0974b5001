"""Images: upload validation, re-encoding, responsive renditions and social cards.

The work happens when a record is saved with a new image, never when a page is shown.
"""

from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .processing import decode, re_encode
from .renditions import build_renditions
from .validation import validate_upload


def store_upload(instance, field_name, renditions_field):
    """Re-encode a newly uploaded image and write its renditions, before the record is saved.

    A cleared field clears the renditions too.
    """
    field_file = getattr(instance, field_name)
    if not field_file:
        setattr(instance, renditions_field, {})
        return
    clean = re_encode(validate_upload(field_file.file))
    name = f"{PurePosixPath(field_file.name).stem}.{clean.extension}"
    field_file.save(name, ContentFile(clean.content), save=False)
    setattr(instance, renditions_field, build_renditions(field_file.name, clean.image))


def rebuild_renditions(instance, field_name, renditions_field):
    """Write the renditions of an already stored image again, from the stored file."""
    field_file = getattr(instance, field_name)
    with field_file.open("rb") as handle:
        image, _format = decode(handle)
    setattr(instance, renditions_field, build_renditions(field_file.name, image))


def stored_names(name, renditions):
    """Every storage name an image occupies: the original and each rendition."""
    names = [name] if name else []
    for kind in ("webp", "jpeg"):
        names.extend(item["name"] for item in (renditions or {}).get(kind, []))
    return names


def delete_files(names, storage=None):
    storage = storage or default_storage
    for name in names:
        storage.delete(name)
