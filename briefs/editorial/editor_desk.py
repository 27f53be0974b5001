"""The "Editorial desk" on the admin index: what needs each person's attention now.

Editors see the review queue (oldest submission first), what is scheduled (next first),
what was published last, what comes down next and what came down last. Contributors see
their own drafts, briefs sent back to them with the editor's note, and their briefs waiting
in review. Who submitted or sent back a brief, when, and the note come from the revision
history that every workflow move writes (``workflow.HISTORY_LINES``), read in one query for
the whole desk, so the desk runs a fixed number of queries however many briefs it lists.
"""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.timesince import timesince, timeuntil

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


def desk_for(user):
    """The desk sections ``user`` may see, or an empty list for staff without briefs."""
    if not (user.is_active and user.is_staff and user.has_perm("briefs.view_brief")):
        return []
    return editor_desk() if workflow.is_editor(user) else contributor_desk(user)


def editor_desk():
    awaiting = Brief.objects.filter(status=Status.REVIEW)
    queue = list(
        awaiting.select_related("created_by")
        .annotate(
            submission_id=_latest_event([Action.SUBMIT], "pk"),
            submitted_at=_latest_event([Action.SUBMIT], "at"),
        )
        .order_by(Coalesce("submitted_at", "updated_at"), "pk")[:LIMIT]
    )
    events = _events([brief.submission_id for brief in queue])
    scheduled = Brief.objects.scheduled().order_by("publish_at", "pk")[:LIMIT]
    recent = Brief.objects.published().newest_first()[:LIMIT]
    coming_down = Brief.objects.published().filter(take_down_at__isnull=False)
    taken_down = Brief.objects.taken_down().order_by("-take_down_at", "-pk")[:LIMIT]
    return [
        DeskSection(
            "review",
            "Awaiting review",
            [_review_item(brief, events.get(brief.submission_id)) for brief in queue],
            "Nothing is waiting for review.",
            "All awaiting review",
            {"stage": "review"},
            awaiting.count(),
        ),
        DeskSection(
            "scheduled",
            "Scheduled",
            [
                DeskItem(
                    brief,
                    f"Goes public {format_local(brief.publish_at)} "
                    f"(in {timeuntil(brief.publish_at, depth=1)})",
                )
                for brief in scheduled
            ],
            "No brief is scheduled.",
            "All scheduled",
            {"stage": "scheduled"},
            Brief.objects.scheduled().count(),
        ),
        DeskSection(
            "published",
            "Recently published",
            [DeskItem(brief, f"Published {format_local(brief.publish_at)}") for brief in recent],
            "Nothing is published yet.",
            "All published",
            {"stage": "public"},
        ),
        DeskSection(
            "coming-down",
            "Coming down",
            [
                DeskItem(
                    brief,
                    f"Comes down at {format_local(brief.take_down_at)} "
                    f"(in {timeuntil(brief.take_down_at, depth=1)})",
                )
                for brief in coming_down.order_by("take_down_at", "pk")[:LIMIT]
            ],
            "No public brief has a take-down time.",
            "All coming down",
            {"stage": "coming-down"},
            coming_down.count(),
        ),
        DeskSection(
            "taken-down",
            "Recently taken down",
            [DeskItem(brief, f"Taken down {_when(brief.take_down_at)}") for brief in taken_down],
            "No brief has come down.",
            "All taken down",
            {"stage": "taken-down"},
        ),
    ]


def contributor_desk(user):
    briefs = list(
        Brief.objects.written_by(user)
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
            in_review.append(DeskItem(brief, f"Submitted {_when(when)}; an editor will review it"))
        elif move and move.action == Action.SEND_BACK:
            meta = f"Sent back by {_name(move.by)}, {_when(move.at)}"
            sent_back.append(DeskItem(brief, meta, move.note))
        else:
            drafts.append(DeskItem(brief, f"Last saved {_when(brief.updated_at)}"))
    mine = {"mine": "yes"}
    return [
        DeskSection(
            "sent-back", "Sent back to you", sent_back, "Nothing was sent back.", "My briefs", mine
        ),
        DeskSection("drafts", "Your drafts", drafts, "No drafts.", "My briefs", mine),
        DeskSection(
            "in-review",
            "Your briefs in review",
            in_review,
            "None of your briefs is waiting for review.",
            "My briefs",
            mine,
        ),
    ]


def _review_item(brief, submission):
    if submission is not None:
        who, when = submission.by, submission.at
    else:  # entered review without a recorded move, e.g. loaded demo content
        who, when = brief.created_by, brief.updated_at
    return DeskItem(brief, f"Submitted by {_name(who)}, {_when(when)}")


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
    return f"{format_local(moment)} ({timesince(moment, depth=1)} ago)"


def _name(user):
    if user is None:
        return "someone no longer on staff"
    return user.get_full_name() or user.get_username()
