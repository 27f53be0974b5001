"""Where an export puts the original images: a folder, or a folder inside a ZIP file.

Either way each file lands at ``wp-content/uploads/<year>/<month>/<name>``, the layout
WordPress keeps its uploads in, so the folder can be copied over a WordPress site's own
``wp-content`` or served from anywhere as it is. Files are read through Django's storage
API (local disk or object storage) and copied in pieces, never whole into memory. A file
missing from storage is reported and skipped: it never stops an export.
"""

import logging
import shutil
from pathlib import Path

logger = logging.getLogger(__name__)

UPLOADS = "wp-content/uploads"


class _Media:
    def add(self, upload_path, field_file):
        """Copy ``field_file`` to ``upload_path`` under the uploads folder; False if missing."""
        target = f"{UPLOADS}/{upload_path}"
        if target in self.written:  # one image shown by many briefs is copied once
            return True
        try:
            source = field_file.storage.open(field_file.name, "rb")
        except (FileNotFoundError, OSError):
            logger.warning("Image %s is missing from storage; not exported", field_file.name)
            return False
        with source:
            self.copy(source, target)
        self.written.add(target)
        return True


class FolderMedia(_Media):
    """Originals copied into the folder ``root``."""

    def __init__(self, root):
        self.root = Path(root)
        self.written = set()

    def copy(self, source, target):
        path = self.root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            shutil.copyfileobj(source, out)


class ZipMedia(_Media):
    """Originals written into the open ``zipfile.ZipFile`` ``archive``."""

    def __init__(self, archive):
        self.archive = archive
        self.written = set()

    def copy(self, source, target):
        with self.archive.open(target, "w", force_zip64=True) as out:
            shutil.copyfileobj(source, out)
