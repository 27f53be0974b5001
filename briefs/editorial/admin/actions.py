"""The brief change list's bulk actions: submit, publish now, back to draft.

A batch moves every selected brief or none: each brief is checked by the workflow first,
and one refusal stops the whole batch with the reason. Sending briefs back from review
asks for the note their writers receive, as the change form does.
"""

import reversion
from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from briefs.editorial import notifications, workflow
from briefs.editorial.admin.forms import SendBackForm
from briefs.models import Brief

Status = Brief.Status


WITHDRAW = gettext_lazy("Withdraw selected briefs from review")


class BriefActionsMixin:
    """The change list's actions, each one a workflow move of every selected brief.

    Each person sees the actions they may use, worded for them, and a checkbox only on the
    briefs they may change: a contributor's list has none on other people's briefs, and
    moves their own back to draft by withdrawing them from review.
    """

    actions = ["submit_for_review", "publish_now", "back_to_draft"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "back_to_draft" in actions and not workflow.is_editor(request.user):
            function, name, _description = actions["back_to_draft"]
            actions["back_to_draft"] = (function, name, WITHDRAW)
        return actions

    def get_changelist_instance(self, request):
        """The list, each listed brief marked with whether this user may select it."""
        changelist = super().get_changelist_instance(request)
        briefs = list(changelist.result_list)
        selectable = workflow.editable_ids(request.user, briefs)
        for brief in briefs:
            brief.selectable = brief.pk in selectable
        changelist.result_list = briefs
        return changelist

    @admin.display(empty_value="")
    def action_checkbox(self, obj):
        """No checkbox on a brief the user may not change: no action could move it."""
        return super().action_checkbox(obj) if getattr(obj, "selectable", True) else ""

    @admin.action(
        description=gettext_lazy("Submit selected briefs for review"), permissions=["change"]
    )
    def submit_for_review(self, request, queryset):
        self._move_all(request, queryset, Status.REVIEW)

    @admin.action(description=gettext_lazy("Publish selected briefs now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        self._move_all(request, queryset, Status.PUBLISHED)

    @admin.action(
        description=gettext_lazy(
            "Move selected briefs back to draft (unpublish, send back or withdraw)"
        ),
        permissions=["change"],
    )
    def back_to_draft(self, request, queryset):
        """Briefs an editor sends back from review need a note for their writers, as in the
        change form: a page asks for it first (unpublishing and withdrawing do not)."""
        sent_back = [brief for brief in queryset if brief.status == Status.REVIEW]
        if not sent_back or not workflow.is_editor(request.user):
            return self._move_all(request, queryset, Status.DRAFT)
        form = SendBackForm(request.POST if "send_back_note" in request.POST else None)
        if form.is_valid():
            return self._move_all(
                request, queryset, Status.DRAFT, note=form.cleaned_data["send_back_note"]
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Send back to draft"),
            "form": form,
            "briefs": list(queryset),
            "sent_back": sent_back,
        }
        return TemplateResponse(request, "admin/briefs/brief/send_back.html", context)

    def _move_all(self, request, queryset, target, note=""):
        """Move every selected brief, or none: one refusal stops the whole batch."""
        selected = list(queryset)  # only briefs the user may see (``get_queryset``)
        if not selected:
            messages.error(request, _("Nothing was changed: no brief you may see was selected."))
            return
        now = timezone.now()
        publish_at = now if target == Status.PUBLISHED else None  # "Publish now" asks for now
        briefs = [brief for brief in selected if not self._already_there(brief, target)]
        refused, lines = [], {}
        for brief in briefs:
            try:
                transition = workflow.check(request.user, brief, target, publish_at, now)
                lines[brief.pk] = transition.describe(note)
            except workflow.TransitionRefused as refusal:
                refused.append(_("“%(brief)s”: %(reason)s") % {"brief": brief, "reason": refusal})
        if refused:
            messages.error(
                request, _("Nothing was changed. %(reasons)s") % {"reasons": " ".join(refused)}
            )
            return
        try:
            with transaction.atomic():
                for brief in briefs:
                    event = workflow.move(brief, target, request.user, publish_at, now, note)
                    notifications.notify(event)
                    if reversion.is_active():
                        reversion.set_comment(lines[brief.pk])
        except workflow.TransitionRefused as refusal:  # e.g. a brief saved meanwhile
            messages.error(request, _("Nothing was changed. %(reasons)s") % {"reasons": refusal})
            return
        done = ngettext(
            "%(count)d brief now “%(status)s”.", "%(count)d briefs now “%(status)s”.", len(briefs)
        )
        messages.success(request, done % {"count": len(briefs), "status": Status(target).label})

    @staticmethod
    def _already_there(brief, target):
        if target == Status.PUBLISHED:
            return brief.is_public
        return brief.status == target
