"""Cursors of the brief list: where the next page starts, stable under inserts.

The list runs newest first, ordered by (publish time, id), a total order. A cursor names
the last brief of a page by that pair, and the next page is the briefs strictly after it
in the order: a brief published meanwhile is newer, so it lands before the cursor and
shifts nothing after it, and a page never repeats or skips a brief that was already
there. A cursor is opaque to clients (URL-safe base64 of ``<microseconds>.<id>``) and
checked strictly: anything else is a ``BadCursor``.
"""

import base64
import binascii
import re
from datetime import UTC, datetime, timedelta

from django.db.models import Q

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_POSITION = re.compile(r"(-?[0-9]{1,17})\.([1-9][0-9]{0,18})")
_MAX_CURSOR_LENGTH = 64


class BadCursor(ValueError):
    """A cursor this API did not make."""


def encode(publish_at, pk):
    """The cursor of the brief published at ``publish_at`` with id ``pk``."""
    micros = (publish_at - _EPOCH) // timedelta(microseconds=1)
    return base64.urlsafe_b64encode(f"{micros}.{pk}".encode()).decode().rstrip("=")


def decode(cursor):
    """``(publish_at, pk)`` from a cursor made by ``encode``; ``BadCursor`` otherwise."""
    if len(cursor) > _MAX_CURSOR_LENGTH:
        raise BadCursor("This cursor is too long to be one this API made.")
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadCursor("This cursor is not one this API made.") from None
    found = _POSITION.fullmatch(text)
    if not found:
        raise BadCursor("This cursor is not one this API made.")
    try:
        publish_at = _EPOCH + timedelta(microseconds=int(found.group(1)))
    except OverflowError:
        raise BadCursor("This cursor is not one this API made.") from None
    pk = int(found.group(2))
    if pk > 2**63 - 1:
        raise BadCursor("This cursor is not one this API made.")
    return publish_at, pk


def after(publish_at, pk):
    """The condition for briefs after ``(publish_at, pk)`` in newest-first order.

    The plain bound on ``publish_at`` lets the (status, publish_at, id) index start at the
    cursor rather than at the newest brief; the OR only settles ties.
    """
    return Q(publish_at__lte=publish_at) & (Q(publish_at__lt=publish_at) | Q(id__lt=pk))
