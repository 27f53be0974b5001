"""The images of an export: found in a folder, or fetched from the old site, then checked
like any upload and brought into the image library once.

A folder (``--media-dir``) is a copy of ``wp-content/uploads`` or any folder of the files:
an image is looked for by its path under ``uploads/`` (or its whole path), then by its
file name alone. Fetching (``--fetch-media``) takes only http(s) addresses, follows
redirects only to http(s), waits ``timeout`` seconds at most for each read and stops
reading past ``max_bytes``. Whatever the source, the bytes pass
``briefs.images.validation``, then enter the library as any upload does
(``briefs.library.uploads.add_to_library``): re-encoded, and each file once.

A picture that cannot be had is never fatal: ``MediaSource.get`` answers why instead.
"""

import hashlib
import os
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat

from briefs.images.validation import validate_image_bytes
from briefs.library import uploads
from briefs.models import ImportedImage, LibraryImage

UPLOADS = "/wp-content/uploads/"
USER_AGENT = "policy-briefs-importer"


class Missing(Exception):
    """The picture could not be had; the message says why."""


def source_hash(url):
    return hashlib.sha256(url.encode()).hexdigest()


def _opener():
    """urllib with http(s) only: a redirect to ftp: or file: finds no handler."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler,
        urllib.request.HTTPSHandler,
        urllib.request.HTTPRedirectHandler,
        urllib.request.HTTPDefaultErrorHandler,
        urllib.request.HTTPErrorProcessor,
    ):
        opener.add_handler(handler())
    return opener


class MediaSource:
    """Where the pictures come from, and what became of each address already asked for."""

    def __init__(self, site="", media_dir=None, fetch=False, timeout=10, max_bytes=None):
        self.site = site
        self.media_dir = Path(media_dir) if media_dir else None
        self.fetch = fetch
        self.timeout = timeout
        self.max_bytes = max_bytes or settings.IMAGE_UPLOAD_MAX_BYTES
        self._by_name = None
        self._opener = _opener()

    def absolute(self, url):
        """``url`` made absolute against the old site's address."""
        url = (url or "").strip()
        if url.startswith("//"):
            return f"https:{url}"
        return urljoin(f"{self.site}/", url) if self.site else url

    def get(self, url):
        """The bytes of the picture at ``url``, checked as an upload; ``Missing`` if none."""
        if not url:
            raise Missing("the picture has no address")
        data = None
        if self.media_dir is not None:
            data = self._from_folder(url)
        if data is None and self.fetch:
            data = self._fetched(url)
        if data is None:
            where = "in the media folder" if self.media_dir else "(no --media-dir given)"
            if self.fetch:
                where = "in the media folder or on the old site"
            raise Missing(f"not found {where}")
        try:
            validate_image_bytes(data)
        except ValidationError as error:
            raise Missing(" ".join(error.messages)) from None
        return data

    def _from_folder(self, url):
        path = unquote(urlsplit(url).path)
        candidates = []
        if UPLOADS in path:
            candidates.append(path.split(UPLOADS, 1)[1])
        candidates.append(path.lstrip("/"))
        root = self.media_dir.resolve()
        for relative in candidates:
            found = (root / relative).resolve()
            # A path from the export never leads outside the folder ("../../etc/passwd").
            if found.is_relative_to(root) and found.is_file():
                return self._read(found)
        name = PurePosixPath(path).name
        found = self._names().get(name) if name else None
        return self._read(found) if found else None

    def _names(self):
        """File name -> its path in the folder (the first in sorted order when repeated)."""
        if self._by_name is None:
            self._by_name = {}
            for folder, subfolders, files in os.walk(self.media_dir):
                subfolders.sort()
                for name in sorted(files):
                    self._by_name.setdefault(name, Path(folder) / name)
        return self._by_name

    def _read(self, path):
        if path.stat().st_size > self.max_bytes:
            raise Missing(
                f"{path.name} is {filesizeformat(path.stat().st_size)}; "
                f"the limit is {filesizeformat(self.max_bytes)}"
            )
        return path.read_bytes()

    def _fetched(self, url):
        if urlsplit(url).scheme not in ("http", "https"):
            raise Missing(f"only http and https addresses are fetched, not {url[:80]}")
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise Missing(
                        f"the old site sends {filesizeformat(int(declared))}; "
                        f"the limit is {filesizeformat(self.max_bytes)}"
                    )
                data = response.read(self.max_bytes + 1)
        except urllib.error.HTTPError as error:
            raise Missing(f"the old site answered {error.code} {error.reason}") from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            raise Missing(f"could not fetch it: {reason}") from None
        if len(data) > self.max_bytes:
            raise Missing(f"it is larger than the limit of {filesizeformat(self.max_bytes)}")
        return data


def imported_image(url):
    """The library image already brought in from ``url``, or None."""
    record = (
        ImportedImage.objects.filter(source_hash=source_hash(url)).select_related("image").first()
    )
    return record.image if record else None


def bring_in(url, data, *, title, alt, caption="", credit=""):
    """The library image of ``data`` (already checked), remembered under ``url``.

    The file enters the library as every upload does (``uploads.add_to_library``): a file
    the library already holds (the same picture under another address of the export, or
    uploaded here by an editor) gives back that image, which keeps its own words; only a
    new one takes ``title``, ``alt``, ``caption`` and ``credit``. Returns the ``uploads.Added``: the
    files of a new image (``created``) are the caller's to delete if its transaction fails.
    """
    field = LibraryImage._meta.get_field
    name = PurePosixPath(urlsplit(url).path).name or "image"
    record = LibraryImage(
        title=title[: field("title").max_length],
        alt=alt[: field("alt").max_length],
        caption=caption[: field("caption").max_length],
        credit=credit[: field("credit").max_length],
    )
    record.image = ContentFile(data, name=name)
    added = uploads.add_to_library(record, None)
    ImportedImage.objects.create(source_url=url, source_hash=source_hash(url), image=added.image)
    return added
