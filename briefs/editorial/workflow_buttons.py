"""The workflow buttons of the brief form: one click for each move the user may make.

A button is only a shortcut to a status (and, for publishing, a publish time). Which
buttons show is asked of ``workflow``; a pressed button is checked again on the server,
so a forged button name changes nothing.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from briefs.editorial import workflow

Status = workflow.Status
FIELD_NAME = "_workflow"


@dataclass(frozen=True)
class WorkflowButton:
    name: str
    label: str
    target: str
    stages: frozenset
    audience: str  # "editors", "contributors" or "everyone"
    help: str
    primary: bool = False

    def publish_at(self, typed, now):
        """The publish time this button asks for, given the one typed in the form and the
        moment of the save (``workflow.publish_moment`` resolves what it asks)."""
        if self.name == "publish":
            return now
        if self.name == "schedule" and (typed is None or typed <= now):
            raise ValidationError(
                gettext("To schedule the brief, set a publish time in the future."),
                code="schedule",
            )
        return typed


BUTTONS = (
    WorkflowButton(
        "submit",
        _("Submit for review"),
        Status.REVIEW,
        frozenset({"draft"}),
        "everyone",
        _("Save and hand the brief to the editors, who are told by e-mail."),
        primary=True,
    ),
    WorkflowButton(
        "withdraw",
        _("Withdraw to draft"),
        Status.DRAFT,
        frozenset({"review"}),
        "contributors",
        _("Save and take the brief back from the editors to keep working on it."),
    ),
    WorkflowButton(
        "publish",
        _("Publish now"),
        Status.PUBLISHED,
        frozenset({"draft", "review", "scheduled"}),
        "editors",
        _("Save and make the brief public at once."),
        primary=True,
    ),
    WorkflowButton(
        "schedule",
        _("Schedule"),
        Status.PUBLISHED,
        frozenset({"draft", "review", "scheduled"}),
        "editors",
        _("Save and publish at the publish time set above (it must be in the future)."),
    ),
    WorkflowButton(
        "send_back",
        _("Send back to draft"),
        Status.DRAFT,
        frozenset({"review"}),
        "editors",
        _("Save and return the brief to its writers; they receive the note by e-mail."),
    ),
    WorkflowButton(
        "unpublish",
        _("Unpublish"),
        Status.DRAFT,
        frozenset({"public", "scheduled"}),
        "editors",
        _("Save and take the brief off every public page (back to draft)."),
    ),
)


def stage(brief):
    """Where a brief stands for the buttons: draft, review, scheduled or public."""
    if brief.status == Status.PUBLISHED:
        return "scheduled" if brief.is_scheduled else "public"
    return brief.status


def available(user, brief):
    """The buttons ``user`` may press on ``brief`` as stored (a new one for the add form)."""
    allowed = workflow.allowed_targets(user, brief)
    audience = {"everyone", "editors" if workflow.is_editor(user) else "contributors"}
    here = stage(brief)
    return [
        button
        for button in BUTTONS
        if here in button.stages and button.audience in audience and button.target in allowed
    ]


def pressed(data, user, brief):
    """The button posted in ``data``, if any; refuses one this user may not press here."""
    name = data.get(FIELD_NAME)
    if name is None:
        return None
    for button in available(user, brief):
        if button.name == name:
            return button
    raise workflow.TransitionRefused(gettext("You may not make this move on this brief."))
