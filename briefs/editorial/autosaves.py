"""Unsaved form state kept on the server, so that no draft is lost to a closed tab.

The brief form (``static/js/autosave.js``) posts its fields as JSON every few seconds while
they change; ``read`` checks the post and ``keep`` stores it, one row per person and brief
(``Autosave``). It is not a revision and never writes the brief, so it retires no public
page and bumps no version. Reopening the form offers the row back (``offer``); restoring
fills the form from it without saving, and the save that follows goes through the usual
stale-save check against the version the row was based on. A successful save of the form
deletes the row (``discard``).
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError
from django.http import QueryDict

from briefs.editorial.local_time import format_local
from briefs.models import Autosave

# Fields of the posted form that are not what the person typed.
NOT_KEPT = {"csrfmiddlewaretoken"}


class Malformed(Exception):
    """The post is not a form's fields as JSON (a 400)."""


class TooLarge(Exception):
    """The post is larger than a brief form may be (a 413)."""


def read(request, change):
    """The posted fields, ``{name: [value, …]}``, and the version they were typed on.

    Raises ``TooLarge`` over ``AUTOSAVE_MAX_BYTES`` and ``Malformed`` for anything but a
    JSON object of lists of strings that the database can store (no NUL, no lone
    surrogate). A change form's post must carry the version it was opened on.
    """
    limit = settings.AUTOSAVE_MAX_BYTES
    body = request.read(limit + 1)  # not request.body: its own, smaller cap answers 400
    if len(body) > limit:
        raise TooLarge
    try:
        data = json.loads(body)
    except ValueError as error:  # UnicodeDecodeError is one
        raise Malformed from error
    if not isinstance(data, dict) or not all(
        isinstance(values, list) and all(map(_storable, [name, *values]))
        for name, values in data.items()
    ):
        raise Malformed
    data = {name: values for name, values in data.items() if name not in NOT_KEPT}
    version = (data.get("base_version") or [""])[-1]
    if version.isascii() and version.isdigit():
        return data, int(version)
    if change:
        raise Malformed
    return data, None


def _storable(value):
    if not isinstance(value, str) or "\x00" in value:
        return False
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def keep(user, brief, data, base_version):
    """Store ``user``'s unsaved fields of ``brief`` (None: the add form), replacing theirs.

    Two posts at once (two tabs, a slow network) leave one row: the unique constraint
    refuses the second insert and ``update_or_create`` updates the row the first made. If
    that row was deleted meanwhile (a save of the form), the next try inserts again.
    """
    fields = {"data": data, "base_version": base_version}
    try:
        return Autosave.objects.update_or_create(user=user, brief=brief, defaults=fields)[0]
    except IntegrityError:
        # The other post's row was inserted, then deleted by a save, before this one could
        # update it: this post is the newest state.
        return Autosave.objects.update_or_create(user=user, brief=brief, defaults=fields)[0]


def discard(user, brief, adding):
    """A successful save of the form: its unsaved fields are saved now. Saving a new brief
    also clears the add form's row."""
    rows = Autosave.objects.filter(user=user, brief=brief)
    if adding:
        rows = rows | Autosave.objects.filter(user=user, brief=None)
    rows.delete()


@dataclass(frozen=True)
class Offer:
    """An ``Autosave`` as the form offers it back."""

    row: Autosave
    stale: str = ""  # who saved the brief after the row's version, and when

    @property
    def when(self):
        return format_local(self.row.saved_at)

    def as_initial(self, form):
        """The row's fields as the form's initial values (``form`` unbound, as the
        widgets read a post): nothing is saved, and the form shows them as typed."""
        posted = self.as_post()
        return {
            name: field.widget.value_from_datadict(posted, {}, form.add_prefix(name))
            for name, field in form.fields.items()
            if not field.widget.value_omitted_from_data(posted, {}, form.add_prefix(name))
            and not field.widget.needs_multipart_form
        }

    def as_post(self):
        return _as_post(self.row.data)


def _as_post(data):
    posted = QueryDict(mutable=True)
    for name, values in data.items():
        posted.setlist(name, values)
    return posted


def offer(user, brief):
    """``user``'s unsaved fields of ``brief`` (None: the add form) to offer back, or None.

    A row based on an older version than the brief's is offered with a warning naming who
    saved since (``Offer.stale``).
    """
    row = Autosave.objects.filter(user=user, brief=brief).first()
    if row is None:
        return None
    if brief is None or row.base_version == brief.version:
        return Offer(row)
    saver = brief.updated_by
    who = (saver.get_full_name() or saver.get_username()) if saver else "Someone"
    return Offer(row, stale=f"{who} saved this brief at {format_local(brief.updated_at)}")
