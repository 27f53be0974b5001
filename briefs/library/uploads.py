"""Adding an uploaded file to the image library, once.

The fingerprint is the sha256 of the file's bytes as received, before any processing:

- it names exactly "this file", the thing an editor uploads twice (the same chart
  exported once, sent round by e-mail, uploaded by two people);
- it costs one pass over bytes already in memory, and is known before the image is
  re-encoded or its renditions written, so a second upload of a file does no image work;
- it does not depend on the image decoder or encoder, so an upgrade of Pillow or
  libjpeg cannot make yesterday's file look new. A hash of the decoded pixels would also
  match a copy that differs only in metadata, but it needs a full decode first, and
  decoders may round differently from one version to the next.

A copy re-saved by an image editor is a different file and becomes a different image.
Images stored before fingerprints were kept have the hash of their stored file instead
(migration 0023), which a new upload does not match.

Two uploads of the same file at once: the fingerprint is unique in the database, so the
second insert fails; it then takes the image the first one made, and deletes the files
it had written. Never two images, never an error for the editor.
"""

import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from briefs import images
from briefs.models import LibraryImage


@dataclass
class Added:
    """What ``add_to_library`` did: the image to use, and whether it is a new one."""

    image: LibraryImage
    created: bool

    @property
    def notice(self):
        """What the editor is told when their file was already in the library."""
        if self.created:
            return ""
        return f"This image is already in the library as “{self.image}”; that one is used."


def fingerprint(data):
    """The library's fingerprint of an uploaded file's bytes."""
    return hashlib.sha256(data).hexdigest()


def add_to_library(record, by):
    """The library image for ``record``, an unsaved library image holding a new upload and
    its words (title, alt text, caption, credit): the image with the same file if there is
    one, else ``record`` itself, stored, re-encoded as every upload is
    (``images.store_upload``) and uploaded by ``by``. A file already in the library is only
    hashed. ``by`` may be None (the demo content has no uploader).

    A user who uploads a file already in the library is noted as having uploaded it again:
    they hold the file, so the library shows it to them (``visible_images``).
    """
    record.fingerprint = file_fingerprint(record.image)
    existing = _found(record.fingerprint, by)
    if existing is not None:
        return Added(existing, created=False)
    record.uploaded_by = by
    images.store_upload(record, "image", "renditions")
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # Someone stored the same file between the look-up and this insert.
        images.delete_files(images.stored_names(record.image.name, record.renditions))
        existing = _found(record.fingerprint, by)
        if existing is None:
            raise
        return Added(existing, created=False)
    return Added(record, created=True)


def file_fingerprint(field_file):
    """The fingerprint of the file an image field holds (an upload, before it is stored)."""
    return upload_fingerprint(field_file.file)


def upload_fingerprint(upload):
    """The fingerprint of an uploaded file, read from its start; it is left at its start."""
    upload.seek(0)
    key = fingerprint(upload.read())
    upload.seek(0)
    return key


def _found(key, user):
    image = LibraryImage.objects.filter(fingerprint=key).first()
    if image is not None and user is not None and image.uploaded_by_id != user.pk:
        image.uploaded_again_by.add(user)
    return image
