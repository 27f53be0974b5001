"""The editorial workflow: who may see and change which brief, and move it where.

Every entry point (the admin add and change forms, admin list actions, any later view)
asks this module before a brief changes status, publish time or content, and every admin
page, list, count and picker asks it which briefs a person may see at all. Hiding a
button is not enforcement; these checks are.

    draft -> in review -> published (now or scheduled) -> draft (unpublished)

Contributors see their own briefs and the public ones, nothing else, and move their own
briefs between draft and in review. Editors (the ``briefs.publish_brief`` permission) see
every brief and make every move, including publishing, scheduling, unpublishing, sending a
brief back to draft with a note, and restoring an old revision or a deleted brief.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from briefs.editorial import locking
from briefs.editorial.local_time import format_local
from briefs.models import Brief, WorkflowEvent

Status = Brief.Status
PUBLISH_PERMISSION = "briefs.publish_brief"
CONTRIBUTOR_MOVES = {(Status.DRAFT, Status.REVIEW), (Status.REVIEW, Status.DRAFT)}


# How each kind of move reads in the revision comment of its save (its record is a
# ``WorkflowEvent``, written by ``record``). Kept in the database as written, so in one
# language for every editor who reads the history: not translated.
HISTORY_LINES = {
    "publish": "Published",
    "schedule": "Scheduled for {when}",
    "reschedule": "Rescheduled for {when}",
    "unpublish": "Unpublished (back to draft)",
    "submit": "Submitted for review",
    "send_back": "Sent back to draft",
}


class TransitionRefused(Exception):
    """The user may not make this move; the message says why, for the person who tried."""


def is_editor(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def is_own(user, brief):
    """A contributor's own brief: they created it, or an author linked to them is credited."""
    if brief.pk is None:
        return True
    if brief.created_by_id == user.pk:
        return True
    return Brief.objects.written_by(user).filter(pk=brief.pk).exists()


def visible_briefs(user, briefs=None):
    """The briefs ``user`` may see: every one for editors; their own and the public ones
    for anyone else. ``briefs`` (a queryset of briefs, all of them by default) is narrowed."""
    briefs = Brief.objects.all() if briefs is None else briefs
    if is_editor(user):
        return briefs
    if not user.is_authenticated:
        return briefs.published()
    return briefs.written_by(user) | briefs.published()


def may_view(user, brief):
    """May ``user`` see ``brief`` (its text, history and filing)? As ``visible_briefs``."""
    if is_editor(user) or brief.is_public:
        return True
    return user.is_authenticated and is_own(user, brief)


def may_restore(user):
    """Restoring an old revision, or a deleted brief, overrides the workflow: editors only."""
    return is_editor(user)


def can_edit(user, brief):
    """May ``user`` change ``brief`` at all (its text, filing and status)?"""
    if not _may_change_briefs(user):
        return False
    if is_editor(user):
        return True
    return brief.status != Status.PUBLISHED and is_own(user, brief)


def editable_ids(user, briefs):
    """The ids of ``briefs`` (saved ones) that ``user`` may change: ``can_edit`` for a whole
    page of a list, in one query at most."""
    if not _may_change_briefs(user):
        return set()
    if is_editor(user):
        return {brief.pk for brief in briefs}
    unpublished = [brief.pk for brief in briefs if brief.status != Status.PUBLISHED]
    own = Brief.objects.written_by(user).filter(pk__in=unpublished)
    return set(own.values_list("pk", flat=True)) if unpublished else set()


def _may_change_briefs(user):
    return user.is_active and user.is_staff and user.has_perm("briefs.change_brief")


def allowed_targets(user, brief):
    """The statuses ``user`` may leave ``brief`` in (its current one included)."""
    if brief.pk is None:
        if is_editor(user):
            return set(Status)
        return {Status.DRAFT, Status.REVIEW} if user.has_perm("briefs.add_brief") else set()
    if not can_edit(user, brief):
        return set()
    if is_editor(user):
        return set(Status)
    return {brief.status} | {to for source, to in CONTRIBUTOR_MOVES if source == brief.status}


def publish_moment(before, target, now, requested=None):
    """When a brief left in ``target`` is public from: the one owner of ``publish_at``.

    Every entry point (the brief form and its buttons, the list actions, ``move``) asks
    this through ``check``, and the form, the transition and the saved row all carry its
    answer. ``before`` is the brief as stored (a new, unsaved one for the add form);
    ``now`` is the moment of the change, read once by the caller, so that what is
    published now and what is scheduled is decided against one clock reading;
    ``requested`` is the time asked for: typed in the form, or ``now`` itself for
    "Publish now" (button or list action).

    - A move to draft or review sets no publish time (None): the brief keeps the one it
      has, so an unpublished brief still shows when it went public.
    - A requested time is kept: a future one schedules the brief, a past one publishes it
      at once with that date (re-publishing an unpublished brief with the time its form
      still shows puts it back in its old place in the archive).
    - A brief that stays published, asked for its own time to the second (what its form
      shows), keeps its stored time: re-saving is not re-publishing.
    - With none requested, a brief that stays published keeps its time (re-saving a public
      brief never moves its date; a scheduled brief stays scheduled), and any other brief
      is public from ``now``.
    """
    if target != Status.PUBLISHED:
        return None
    stays_published = before.pk is not None and before.status == Status.PUBLISHED
    if stays_published and _same_second(requested, before.publish_at):
        # The form shows times to the second; "Publish now" stored microseconds.
        return before.publish_at
    if requested is not None:
        return requested
    if stays_published:
        return before.publish_at
    return now


def _same_second(requested, stored):
    """Is ``requested`` ``stored`` as a form shows it (to the second)?"""
    return None not in (requested, stored) and requested == stored.replace(microsecond=0)


@dataclass(frozen=True)
class Transition:
    """One checked move of a brief, described for its history and notifications.

    ``publish_at`` is ``publish_moment``'s answer (None unless the target is published);
    ``scheduled`` says whether that moment was still to come when the move was checked.
    """

    source: str | None
    target: str
    publish_at: object = None
    source_publish_at: object = None
    scheduled: bool = False

    @property
    def kind(self):
        if self.target == Status.PUBLISHED:
            if self.source == Status.PUBLISHED and self.publish_at == self.source_publish_at:
                return "keep"
            if self.source == Status.PUBLISHED and self.scheduled:
                return "reschedule"
            return "schedule" if self.scheduled else "publish"
        if self.source == self.target or (self.source is None and self.target == Status.DRAFT):
            return "keep"
        if self.source == Status.PUBLISHED:
            return "unpublish"
        if self.target == Status.REVIEW:
            return "submit"
        return "send_back"

    def describe(self, note=""):
        """A line for the revision history, e.g. "Scheduled for 3 Dec 2026, 09:00 CET"."""
        when = format_local(self.publish_at) if self.publish_at else ""
        text = HISTORY_LINES.get(self.kind, "").format(when=when)
        return f"{text}: {note}" if text and note else text


def check(user, before, target, publish_at=None, now=None):
    """Check that ``user`` may leave a brief in ``target``, asking for ``publish_at``.

    ``before`` is the brief as stored before the change (a new, unsaved one for the add
    form). The publish time is resolved by ``publish_moment`` against ``now`` (the clock,
    read here, unless the caller read it already). Returns the ``Transition``; raises
    ``TransitionRefused`` with a message for the user.
    """
    if target not in allowed_targets(user, before):
        if before.pk is not None and not can_edit(user, before):
            raise TransitionRefused(_("You may not change this brief."))
        raise TransitionRefused(
            _("You may not move a brief from “%(before)s” to “%(target)s”.")
            % {"before": _label(before), "target": Status(target).label}
        )
    now = timezone.now() if now is None else now
    source = before.status if before.pk is not None else None
    publish_at = publish_moment(before, target, now, requested=publish_at)
    stays_published = source == target == Status.PUBLISHED
    if stays_published and publish_at != before.publish_at and not is_editor(user):
        raise TransitionRefused(_("Only an editor may change when a published brief goes public."))
    scheduled = publish_at is not None and publish_at > now
    return Transition(source, target, publish_at, before.publish_at, scheduled)


def _label(brief):
    return Status(brief.status).label if brief.pk is not None else _("new")


def apply(transition, brief):
    """Set the brief's status and publish time from a checked transition (not saved)."""
    brief.status = transition.target
    if transition.target == Status.PUBLISHED:
        brief.publish_at = transition.publish_at


def move(brief, target, by, publish_at=None, now=None, note=""):
    """Check and make one move outside a form (admin actions, views); returns the
    ``WorkflowEvent`` it recorded, or None when the brief was already there.

    ``publish_at`` and ``now`` are as for ``check``. The save claims the next version, so
    a form opened before the move cannot overwrite it, and records the move's event in the
    same transaction.
    """
    transition = check(by, brief, target, publish_at, now)
    apply(transition, brief)
    if not brief.comes_down_after_publishing:
        raise TransitionRefused(
            f"“{brief}” comes down at {format_local(brief.take_down_at)}, before it would go "
            "public: clear or move its take-down time first."
        )
    brief.updated_by = by
    with transaction.atomic():
        if not locking.claim_next_version(brief):
            raise TransitionRefused(f"“{brief}” was changed meanwhile; reload and try again.")
        brief.save()
        return record(transition, brief, by, note)


def record(transition, brief, by, note=""):
    """Write the ``WorkflowEvent`` of a move just saved, in the caller's transaction.

    Returns the event, or None for a save that moved nothing (``kind == "keep"``). A
    contributor taking their own brief back from review withdraws it; an editor doing so
    sends it back. The event carries the brief's saved version, and the database keeps
    one move per version, so a save that lost a race cannot record a second one.
    """
    kind = transition.kind
    if kind == "keep":
        return None
    if kind == "send_back" and not is_editor(by):
        kind = WorkflowEvent.Action.WITHDRAW
    return WorkflowEvent.objects.create(
        brief=brief,
        by=by,
        action=kind,
        from_status=transition.source or "",
        to_status=transition.target,
        publish_at=transition.publish_at,
        note=note,
        version=brief.version,
    )
