"""The public generation: the database's word on which kept pages and values are current.

Everything a reader sees is derived from briefs and their terms, so every kept page,
fragment and memo is filed under the generation it was drawn from, and only read back
while that generation is current. The generation is made of two parts, both read from
the database, never from the cache:

- a token that the database itself replaces, in the writing transaction, whenever a write
  changes what readers can see (triggers made by migration 0007 on briefs, their links and
  their terms: any path, the admin, ``QuerySet.update()``, ``loaddata``, a restore, plain
  SQL). A save of a draft, of a brief in review or of a brief still scheduled changes
  nothing public and leaves the token alone.
- the publish time of the newest public brief, which moves by itself when a scheduled
  brief's time comes, and the last take-down time passed, which moves by itself when a
  brief's take-down time comes: both with no write at all.

So a cache that lost a write, or came back from an outage with old entries, can serve
nothing stale: old entries carry an old generation and are never read again.

Each process reads the generation at most once every ``GENERATION_CHECK_SECONDS`` (and at
once when the next scheduled publish or take-down time arrives, or when this process itself changed
public content): that is the bound on how long a change made elsewhere (another app
server, a management command, a restore) may take to show. A request reads it once and
keeps it for its whole length (``pinned``), so a page is never filed under a newer
generation than the data it was drawn from.
"""

import contextlib
import contextvars
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class Generation:
    """One reading of the public generation, and when it must be read again."""

    token: str
    changed_at: datetime | None
    newest_public_at: datetime | None
    # The next scheduled publish or take-down, whichever comes first.
    next_change_at: datetime | None
    last_take_down_at: datetime | None
    read_at: datetime

    def __str__(self):
        newest, down = (
            moment.timestamp() if moment else 0
            for moment in (self.newest_public_at, self.last_take_down_at)
        )
        return f"{self.token}.{newest:.6f}.{down:.6f}"

    @property
    def fresh_until(self):
        until = self.read_at + timedelta(seconds=settings.GENERATION_CHECK_SECONDS)
        if self.next_change_at is not None:
            until = min(until, self.next_change_at)
        return until

    @property
    def public_content_changed_at(self):
        """When what readers see last changed: the token's last change, or the newest
        brief's going public, or the last take-down, if that came later (they moved no
        token)."""
        moments = (self.changed_at, self.newest_public_at, self.last_take_down_at)
        return max((moment for moment in moments if moment), default=None)

    def seconds_until_next_change(self, now=None):
        """Seconds until the next scheduled brief becomes public or the next public one
        comes down; None if none will."""
        if self.next_change_at is None:
            return None
        return (self.next_change_at - (now or timezone.now())).total_seconds()


_last_read = None
# Inside a request: a list holding the generation once something asked for it.
_request_slot = contextvars.ContextVar("generation_slot", default=None)


_reader = None


def read_from(reader):
    """Name the function that reads the generation's parts from the database.

    Set once by ``BriefsConfig.ready()`` to ``briefs.content.public_generation.read``: this
    room keeps no models, so it is handed the one query that knows them.
    """
    global _reader
    _reader = reader


def read():
    """The generation as the database says it is now: one indexed query."""
    return Generation(*_reader(), read_at=timezone.now())


def current():
    """The generation a kept value must carry now: the one this request started using,
    or this process's last reading while it is fresh."""
    slot = _request_slot.get()
    if slot:
        return slot[0]
    global _last_read
    reading = _last_read
    if reading is None or timezone.now() >= reading.fresh_until:
        reading = _last_read = read()
    if slot is not None:
        slot.append(reading)
    return reading


@contextlib.contextmanager
def pinned():
    """Inside, the first generation asked for is the one used throughout (a request)."""
    token = _request_slot.set([])
    try:
        yield
    finally:
        _request_slot.reset(token)


def forget():
    """Read the generation afresh next time: this process has just changed public content.

    Called at once (later reads in the same transaction see the new token) and again on
    commit (a reading taken by another thread before the commit is dropped).
    """
    global _last_read
    _last_read = None
    transaction.on_commit(_forget_now)


def _forget_now():
    global _last_read
    _last_read = None
