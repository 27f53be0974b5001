"""Stored names: random, so nobody can find an image by guessing its address.

An uploader's file name (``azerbaijan-draft.jpg``) would put an unpublished brief's
picture where anyone could guess it. Every stored original gets a fresh random name
instead, and its renditions are named after it; the uploader's name is kept only as
``uploaded_name`` in the record's renditions description, for editors.
"""

import re
import secrets
from pathlib import PurePosixPath

TOKEN_BYTES = 16  # 128 bits: far beyond guessing or listing
_GENERATED_STEM = re.compile(rf"[0-9a-f]{{{TOKEN_BYTES * 2}}}")


def random_name(filename):
    """A fresh random file name with the extension of ``filename``, in lower case."""
    return secrets.token_hex(TOKEN_BYTES) + PurePosixPath(filename).suffix.lower()


def is_generated(name):
    """Whether the stored ``name`` is one that ``random_name`` made."""
    return bool(_GENERATED_STEM.fullmatch(PurePosixPath(name).stem))
