"""The "Editorial desk" on the admin index: what needs each person's attention now.

Editors see the review queue (oldest submission first), what is scheduled (next first),
what was published last, what comes down next and what came down last. Contributors see
their own drafts, briefs sent back to them with the editor's note, and their briefs waiting
in review. Who submitted or sent back a brief, when, and the note come from the revision
history that every workflow move writes (``workflow.HISTORY_LINES``), read in one query for
the whole desk, so the desk runs a fixed number of queries however many briefs it lists.
The desk may be narrowed to the briefs of one language (``?language=ru``); its links to the
change list then carry the language too.
"""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _

from briefs.editorial import workflow
from briefs.editorial.local_time import format_local
from briefs.models import WORKFLOW_MOVES, Brief, WorkflowEvent

Status = Brief.Status
LIMIT = 8
CONTRIBUTOR_LIMIT = 30
Action = WorkflowEvent.Action


@dataclass
class DeskItem:
    brief: Brief
    meta: str
    note: str = ""

    @property
    def url(self):
        return reverse("admin:briefs_brief_change", args=[self.brief.pk])


@dataclass
class DeskSection:
    key: str
    heading: str
    items: list
    empty: str
    link_label: str
    filters: dict = field(default_factory=dict)
    count: int | None = None

    @property
    def link(self):
        url = reverse("admin:briefs_brief_changelist")
        return f"{url}?{urlencode(self.filters)}" if self.filters else url


def desk_for(user, language=None):
    """The desk sections ``user`` may see, or an empty list for staff without briefs; only
    briefs in ``language`` when one is given."""
    if not (user.is_active and user.is_staff and user.has_perm("briefs.view_brief")):
        return []
    briefs = Brief.objects.filter(language=language) if language else Brief.objects.all()
    sections = editor_desk(briefs) if workflow.is_editor(user) else contributor_desk(user, briefs)
    if language:
        for section in sections:
            section.filters = {**section.filters, "language__exact": language}
    return sections


def editor_desk(briefs):
    awaiting = briefs.filter(status=Status.REVIEW)
    queue = list(
        awaiting.select_related("created_by")
        .annotate(
            submission_id=_latest_event([Action.SUBMIT], "pk"),
            submitted_at=_latest_event([Action.SUBMIT], "at"),
        )
        .order_by(Coalesce("submitted_at", "updated_at"), "pk")[:LIMIT]
    )
    events = _events([brief.submission_id for brief in queue])
    scheduled = briefs.scheduled().order_by("publish_at", "pk")[:LIMIT]
    recent = briefs.published().newest_first()[:LIMIT]
    coming_down = briefs.published().filter(take_down_at__isnull=False)
    taken_down = briefs.taken_down().order_by("-take_down_at", "-pk")[:LIMIT]
    return [
        DeskSection(
            "review",
            _("Awaiting review"),
            [_review_item(brief, events.get(brief.submission_id)) for brief in queue],
            _("Nothing is waiting for review."),
            _("All awaiting review"),
            {"stage": "review"},
            awaiting.count(),
        ),
        DeskSection(
            "scheduled",
            _("Scheduled"),
            [
                DeskItem(
                    brief,
                    _("Goes public %(moment)s (in %(interval)s)")
                    % _moment_and_interval(brief.publish_at, timeuntil),
                )
                for brief in scheduled
            ],
            _("No brief is scheduled."),
            _("All scheduled"),
            {"stage": "scheduled"},
            briefs.scheduled().count(),
        ),
        DeskSection(
            "published",
            _("Recently published"),
            [
                DeskItem(
                    brief, _("Published %(moment)s") % {"moment": format_local(brief.publish_at)}
                )
                for brief in recent
            ],
            _("Nothing is published yet."),
            _("All published"),
            {"stage": "public"},
        ),
        DeskSection(
            "coming-down",
            _("Coming down"),
            [
                DeskItem(
                    brief,
                    _("Comes down at %(moment)s (in %(interval)s)")
                    % _moment_and_interval(brief.take_down_at, timeuntil),
                )
                for brief in coming_down.order_by("take_down_at", "pk")[:LIMIT]
            ],
            _("No public brief has a take-down time."),
            _("All coming down"),
            {"stage": "coming-down"},
            coming_down.count(),
        ),
        DeskSection(
            "taken-down",
            _("Recently taken down"),
            [
                DeskItem(brief, _("Taken down %(when)s") % {"when": _when(brief.take_down_at)})
                for brief in taken_down
            ],
            _("No brief has come down."),
            _("All taken down"),
            {"stage": "taken-down"},
        ),
    ]


def contributor_desk(user, briefs):
    briefs = list(
        briefs.written_by(user)
        .filter(status__in=[Status.DRAFT, Status.REVIEW])
        .annotate(last_move_id=_latest_event(WORKFLOW_MOVES, "pk"))
        .order_by("-updated_at", "-pk")[:CONTRIBUTOR_LIMIT]
    )
    events = _events([brief.last_move_id for brief in briefs])
    sent_back, drafts, in_review = [], [], []
    for brief in briefs:
        move = events.get(brief.last_move_id)
        if brief.status == Status.REVIEW:
            when = move.at if move else brief.updated_at
            meta = _("Submitted %(when)s; an editor will review it") % {"when": _when(when)}
            in_review.append(DeskItem(brief, meta))
        elif move and move.action == Action.SEND_BACK:
            meta = _("Sent back by %(name)s, %(when)s") % {
                "name": _name(move.by),
                "when": _when(move.at),
            }
            sent_back.append(DeskItem(brief, meta, move.note))
        else:
            meta = _("Last saved %(when)s") % {"when": _when(brief.updated_at)}
            drafts.append(DeskItem(brief, meta))
    mine = {"mine": "yes"}
    return [
        DeskSection(
            "sent-back",
            _("Sent back to you"),
            sent_back,
            _("Nothing was sent back."),
            _("My briefs"),
            mine,
        ),
        DeskSection("drafts", _("Your drafts"), drafts, _("No drafts."), _("My briefs"), mine),
        DeskSection(
            "in-review",
            _("Your briefs in review"),
            in_review,
            _("None of your briefs is waiting for review."),
            _("My briefs"),
            mine,
        ),
    ]


def _review_item(brief, submission):
    if submission is not None:
        who, when = submission.by, submission.at
    else:  # entered review without a recorded move, e.g. loaded demo content
        who, when = brief.created_by, brief.updated_at
    return DeskItem(
        brief, _("Submitted by %(name)s, %(when)s") % {"name": _name(who), "when": _when(when)}
    )


def _latest_event(actions, value):
    """Subquery: ``value`` of the outer brief's latest event among ``actions``."""
    return Subquery(
        WorkflowEvent.objects.filter(brief=OuterRef("pk"), action__in=actions)
        .order_by("-at", "-pk")
        .values(value)[:1]
    )


def _events(ids):
    return WorkflowEvent.objects.select_related("by").in_bulk([pk for pk in ids if pk])


def _when(moment):
    return _("%(moment)s (%(interval)s ago)") % _moment_and_interval(moment, timesince)


def _moment_and_interval(moment, interval):
    """The local time and how far it is from now, by ``timesince`` or ``timeuntil``."""
    return {"moment": format_local(moment), "interval": interval(moment, depth=1)}


def _name(user):
    if user is None:
        return _("someone no longer on staff")
    return user.get_full_name() or user.get_username()
