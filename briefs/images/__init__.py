"""Images: upload validation, re-encoding, responsive renditions and social cards.

The work happens when a record is saved with a new image, never when a page is shown.
Stored names are generated (``naming``); the name a file was uploaded with is kept as
``uploaded_name`` in the record's renditions description.
"""

from functools import partial
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from briefs.images.processing import decode, re_encode
from briefs.images.renditions import build_renditions
from briefs.images.validation import validate_upload


def store_upload(instance, field_name, renditions_field):
    """Re-encode a newly uploaded image and write its renditions, before the record is saved.

    A cleared field clears the renditions too.
    """
    field_file = getattr(instance, field_name)
    if not field_file:
        setattr(instance, renditions_field, {})
        return
    uploaded = PurePosixPath(field_file.name).name
    clean = re_encode(validate_upload(field_file.file))
    # Only the extension counts: the field stores the file under a generated name.
    field_file.save(f"upload.{clean.extension}", ContentFile(clean.content), save=False)
    _describe(instance, field_name, renditions_field, clean.image, uploaded)


def rebuild_renditions(instance, field_name, renditions_field):
    """Write the renditions of an already stored image again, from the stored file."""
    with getattr(instance, field_name).open("rb") as handle:
        image, _format = decode(handle)
    _describe(
        instance, field_name, renditions_field, image, uploaded_name(instance, renditions_field)
    )


def move_to_generated_name(instance, field_name, renditions_field):
    """Copy an image stored under its uploader's file name to a generated name.

    Its renditions are written again under the new name, and the old stored name is kept
    as the uploaded name. Returns the old files' names, for ``delete_replaced_on_commit``.
    """
    field_file = getattr(instance, field_name)
    old_names = stored_names(field_file.name, getattr(instance, renditions_field))
    uploaded = uploaded_name(instance, renditions_field) or PurePosixPath(field_file.name).name
    with field_file.open("rb") as handle:
        content = handle.read()
    image, _format = decode(content)
    field_file.save(field_file.name, ContentFile(content), save=False)
    _describe(instance, field_name, renditions_field, image, uploaded)
    return old_names


def _describe(instance, field_name, renditions_field, image, uploaded):
    description = build_renditions(getattr(instance, field_name).name, image)
    if uploaded:
        description["uploaded_name"] = uploaded
    setattr(instance, renditions_field, description)


def uploaded_name(instance, renditions_field):
    """The file name the record's image was uploaded with, or an empty string."""
    return (getattr(instance, renditions_field) or {}).get("uploaded_name", "")


def stored_names(name, renditions):
    """Every storage name an image occupies: the original and each rendition."""
    names = [name] if name else []
    for kind in ("webp", "jpeg"):
        names.extend(item["name"] for item in (renditions or {}).get(kind, []))
    return names


def delete_replaced_on_commit(old_names, instance, field_name, renditions_field):
    """Once the record's new state is committed, delete the old files it no longer uses."""
    kept = set(
        stored_names(getattr(instance, field_name).name, getattr(instance, renditions_field))
    )
    transaction.on_commit(partial(delete_files, [name for name in old_names if name not in kept]))


def delete_files(names, storage=None):
    storage = storage or default_storage
    for name in names:
        storage.delete(name)
