"""Optimistic locking: a save based on a stale version of a brief is refused.

Each saved change raises ``Brief.version`` by one. A form carries the version it was
opened on; the save claims the next version with ``UPDATE ... WHERE version = <opened>``,
so of two saves opened on the same version exactly one can win, on SQLite (which has no
row locks) as on PostgreSQL.
"""

from django.db.models import F

from briefs.editorial.local_time import format_local
from briefs.models import Brief


class StaleVersion(Exception):
    """Someone saved the brief after this form was opened."""


def claim_next_version(brief, opened_on=None):
    """Atomically move the stored brief from ``opened_on`` to the next version.

    Returns False (and changes nothing) when the stored version is no longer
    ``opened_on``. On success ``brief.version`` holds the claimed number, so the
    following ``save()`` writes it unchanged.
    """
    opened_on = brief.version if opened_on is None else opened_on
    claimed = Brief.objects.filter(pk=brief.pk, version=opened_on).update(version=F("version") + 1)
    if claimed:
        brief.version = opened_on + 1
    return bool(claimed)


def stale_message(brief_id):
    """Who saved the brief last, and when, for the person whose save was refused."""
    stored = Brief.objects.select_related("updated_by").get(pk=brief_id)
    saver = stored.updated_by
    who = (saver.get_full_name() or saver.get_username()) if saver else "Someone"
    return (
        f"{who} saved this brief at {format_local(stored.updated_at)}, after you opened it, "
        "so your changes were not saved. They are still in the form below: compare them with "
        "the current version (open the brief in a new tab). Saving again replaces that "
        "version with yours."
    )
