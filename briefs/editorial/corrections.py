"""Corrections and updates of a brief: adding a note, striking one through, their events.

Only editors (``workflow.is_editor``) add or strike notes. A note is fixed once its brief
has gone public (a publish time that has passed): from then on it is never deleted nor reworded,
only struck through, once, with a reason that readers see. The admin's inline
(``admin/corrections.py``) and any other entry point go through the functions here, which
write the note and its ``WorkflowEvent`` in one transaction and queue the brief's PDFs
again (a printed brief shows its notes). The database refuses what this module would
refuse (migration 0020), whatever path writes.
"""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from briefs.editorial import workflow
from briefs.models import Brief, Correction, WorkflowEvent
from briefs.printing import tasks as printing

Action = WorkflowEvent.Action


class NoteRefused(Exception):
    """The change to a note is not allowed; the message says why, for the person who tried."""


def add(brief, text, by, kind=Correction.Kind.CORRECTION, noted_at=None):
    """Add a note to ``brief`` as ``by``; returns it, saved with its event."""
    _require_editor(by)
    note = Correction(brief=brief, kind=kind, text=text, created_by=by)
    if noted_at is not None:
        note.noted_at = noted_at
    note.full_clean()
    with transaction.atomic():
        note.save()
        noted(note, by)
    return note


def strike(note, reason, by):
    """Strike ``note`` through with ``reason`` as ``by``: the one change a fixed note takes."""
    _require_editor(by)
    reason = (reason or "").strip()
    if not reason:
        raise NoteRefused("Give the reason for striking the note through: readers see it.")
    if note.struck_at is not None:
        raise NoteRefused("This note is already struck through.")
    note.strike_reason, note.struck_at, note.struck_by = reason, timezone.now(), by
    with transaction.atomic():
        note.save(update_fields=["strike_reason", "struck_at", "struck_by"])
        struck(note, by)
    return note


def noted(note, by):
    """Record a note just added (in the caller's transaction)."""
    _record(note, Action.CORRECT, by, note.text)


def changed(note, by):
    """Record a change to a note that is not fixed yet (in the caller's transaction)."""
    _record(note, Action.EDIT_NOTE, by, note.text)


def deleted(note, by):
    """Record the removal of a note that was never public (before it is deleted)."""
    _record(note, Action.DELETE_NOTE, by, note.text, keep_link=False)


def struck(note, by):
    """Record a strike-through (in the caller's transaction)."""
    _record(note, Action.STRIKE, by, note.strike_reason)


def _record(note, action, by, text, keep_link=True):
    """One event for a change to ``note``, naming the brief's status as stored (the
    caller's copy of the brief may be older). The brief's last change moves too, for its
    sitemap entry, feed entry and JSON-LD (its version does not: an open form stays valid)."""
    Brief.objects.filter(pk=note.brief_id).update(updated_at=timezone.now())
    status, version = Brief.objects.values_list("status", "version").get(pk=note.brief_id)
    WorkflowEvent.objects.create(
        brief_id=note.brief_id,
        by=by,
        action=action,
        from_status=status,
        to_status=status,
        note=f"{note.get_kind_display()}: {text}" if action != Action.STRIKE else text,
        correction=note if keep_link else None,
        version=version,
    )
    if settings.BRIEF_PDFS:
        transaction.on_commit(partial(printing.queue, note.brief_id))


def _require_editor(user):
    if not workflow.is_editor(user):
        raise NoteRefused("Only an editor may add or strike through a correction or update.")
