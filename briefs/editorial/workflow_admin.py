"""The editorial workflow in the admin: the brief form, filters, actions and extra pages.

Every write goes through ``workflow`` (may this user make this move?) and ``locking``
(was the form opened on the current version?). Buttons and choices are hidden from
those who may not use them, but the checks run on the server whatever is posted.
"""

from functools import partial

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import ngettext
from reversion.models import Version

from briefs.content import richtext, slugs
from briefs.content.titles import one_line
from briefs.editorial import (
    clipboard,
    locking,
    notifications,
    previews,
    revisions,
    sharing,
    workflow,
    workflow_buttons,
)
from briefs.models import Brief, KeyPointsLabel

Status = Brief.Status
STALE_RETRIES = 1
STATUS_HELP_CONTRIBUTOR = (
    "Use “Submit for review” under the form when the brief is ready: the editors are told "
    "by e-mail. An editor publishes it."
)
STATUS_HELP_EDITOR = (
    "The buttons under the form publish now, schedule, unpublish or send back. Here, "
    "“Published” with an empty publish time publishes now; with a future time it schedules "
    "the brief."
)
NOTE_HELP_CONTRIBUTOR = "Kept in the brief's history with this save, for the editors to read."
NOTE_REQUIRED = "Write a note for the writers: it tells them what to change."
DATABASE_BUSY = "The database was busy; nothing was saved. Your text is still here: save again."
# On a brief the user may only view, rich text reads as it will on the page, not as markup.
RICH_TEXT_DISPLAY = {"body": "body_display", "notes": "notes_display"}


class SaveRefused(Exception):
    """Nothing was saved: the form is shown again as typed, with ``message`` on ``field``."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message, self.field = message, field


def _database_busy(error):
    """SQLite's answer when another writer kept the lock past the busy timeout."""
    return "is locked" in str(error)


class SendBackForm(forms.Form):
    """The note that briefs sent back from review carry to their writers."""

    send_back_note = forms.CharField(
        label="Note for the writers",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 70}),
        help_text="E-mailed to each brief's writers and kept in its history.",
        error_messages={"required": NOTE_REQUIRED},
    )


class BriefAdminForm(forms.ModelForm):
    """The brief form, checked against the workflow and the version it was opened on.

    The admin builds the model form from this class and its fieldsets.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    workflow_note = forms.CharField(
        label="Note for the history",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Kept in the brief's history with this save. With “Send back to draft” "
        "it is required, and the writers receive it by e-mail.",
    )
    user = None  # set per request by ``WorkflowAdminMixin.get_form``
    save_refused = None  # the ``SaveRefused`` that sent the form back, set the same way

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = (
            Brief.objects.select_related("updated_by").get(pk=self.instance.pk)
            if self.instance.pk
            else Brief()
        )
        self.fields["base_version"].initial = self.stored.version
        if "key_points_label" in self.fields:
            # A form sent without it (a script, a page opened before key points) keeps the
            # default label rather than failing on a field the writer never saw.
            self.fields["key_points_label"].required = False
        if not workflow.is_editor(self.user):
            self.fields["workflow_note"].help_text = NOTE_HELP_CONTRIBUTOR
        if "status" in self.fields:
            allowed = workflow.allowed_targets(self.user, self.stored)
            self.fields["status"].choices = [
                (value, label) for value, label in Status.choices if value in allowed
            ]
            self.fields["status"].help_text = (
                STATUS_HELP_EDITOR if workflow.is_editor(self.user) else STATUS_HELP_CONTRIBUTOR
            )

    def clean_title(self):
        return one_line(self.cleaned_data["title"])

    def clean_key_points_label(self):
        return self.cleaned_data["key_points_label"] or KeyPointsLabel.KEY_POINTS

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = slugs.slug_taken_by_redirect(slug, self.instance.pk)
        if taken:
            raise forms.ValidationError(
                f"This address still redirects to “{taken.brief}”; choose another slug."
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        if self.save_refused is not None:
            refused = self.save_refused
            self.add_error(refused.field if refused.field in self.fields else None, refused.message)
            return cleaned
        if self.instance.pk and cleaned.get("base_version") != self.stored.version:
            self._refuse_stale()
        target = cleaned.get("status", self.stored.status)
        publish_at = cleaned.get("publish_at", self.stored.publish_at)
        try:
            button = workflow_buttons.pressed(self.data, self.user, self.stored)
            if button is not None:
                target, publish_at = button.target, button.publish_at(publish_at)
                self._require_note_for(button, cleaned)
                cleaned["status"] = target
            self.transition = workflow.check(self.user, self.stored, target, publish_at)
        except workflow.TransitionRefused as refusal:
            self.add_error("status" if "status" in self.fields else None, str(refusal))
        except forms.ValidationError as error:
            field = "publish_at" if error.code == "schedule" else "workflow_note"
            self.add_error(field if field in self.fields else None, error)
        taken = self.series_position_taken()
        if taken:
            self.add_error("series_position", taken)
        return cleaned

    def series_position_taken(self):
        """Why the chosen place in the series is not free, naming the brief that holds it
        (by title if this user may see that brief), or None when it is free."""
        series, position = self.cleaned_data.get("series"), self.cleaned_data.get("series_position")
        if series is None or position is None:
            return None
        holder = self._other_brief(series=series, series_position=position)
        if holder is None:
            return None
        name = self._name_of(holder)
        return f"Part {position} of “{series}” is already {name}: choose another position."

    def slug_taken(self):
        """Why the chosen address is not free, naming the brief that has it, or None."""
        slug = self.cleaned_data.get("slug")
        holder = slug and self._other_brief(slug=slug)
        if not holder:
            return None
        return f"The address “{slug}” is already {self._name_of(holder)}'s: choose another slug."

    def taken_meanwhile(self):
        """(message, field) for a unique value another save took after this form was
        validated (its constraint refused the write), or None."""
        for field, taken in (
            ("slug", self.slug_taken()),
            ("series_position", self.series_position_taken()),
        ):
            if taken:
                return taken, field
        return None

    def _other_brief(self, **unique_values):
        return Brief.objects.filter(**unique_values).exclude(pk=self.instance.pk).first()

    def _name_of(self, holder):
        """A brief's title if this user may see it, else no more than that it exists."""
        if workflow.may_view(self.user, holder):
            return f"“{holder.title}”"
        return "another brief, not yet published"

    @staticmethod
    def _require_note_for(button, cleaned):
        """Writers sent back to draft are told why: the note is what they receive."""
        if button.name == "send_back" and not cleaned.get("workflow_note", "").strip():
            raise forms.ValidationError(NOTE_REQUIRED, code="note")

    def _refuse_stale(self):
        """Name who saved; the next save, made knowingly, replaces their version."""
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = self.stored.version
        raise forms.ValidationError(locking.stale_message(self.stored.pk), code="stale")


class MyBriefsFilter(admin.SimpleListFilter):
    title = "owner"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", "My briefs")]

    def queryset(self, request, queryset):
        return queryset.written_by(request.user) if self.value() == "yes" else queryset


class WorkflowStageFilter(admin.SimpleListFilter):
    title = "stage"
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return [("review", "Awaiting review"), ("scheduled", "Scheduled"), ("public", "Published")]

    def queryset(self, request, queryset):
        return {
            "review": lambda: queryset.filter(status=Status.REVIEW),
            "scheduled": queryset.scheduled,
            "public": queryset.published,
        }.get(self.value(), lambda: queryset)()


class WorkflowAdminMixin:
    """Brief admin behaviour for roles, transitions, locking, previews and share links."""

    form = BriefAdminForm
    actions = ["submit_for_review", "publish_now", "back_to_draft"]
    change_form_template = "admin/briefs/brief/workflow_change_form.html"
    object_history_template = "admin/briefs/brief/workflow_history.html"
    change_list_template = "admin/briefs/brief/workflow_change_list.html"
    workflow_filters = [MyBriefsFilter, WorkflowStageFilter]

    # Who may do what.

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or workflow.may_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_publish_permission(self, request):
        return workflow.is_editor(request.user)

    def has_restore_permission(self, request):
        return workflow.may_restore(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "publication_state"]
        if not workflow.is_editor(request.user):
            fields.append("publish_at")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [RICH_TEXT_DISPLAY.get(f, f) for f in options["fields"]]})
            for name, options in fieldsets
        ]

    @admin.display(description="body")
    def body_display(self, brief):
        return richtext.printable(brief, "body")

    @admin.display(description="sources")
    def notes_display(self, brief):
        return richtext.printable(brief, "notes")

    def get_list_filter(self, request):
        return [*self.workflow_filters, *super().get_list_filter(request)]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refused = getattr(request, "save_refused", None)
        return type(form.__name__, (form,), {"user": request.user, "save_refused": refused})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        buttons = workflow_buttons.available(request.user, form.stored)
        context = {**context, "workflow_buttons": buttons, "workflow_note": form["workflow_note"]}
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="publication")
    def publication_state(self, brief):
        return previews.state_label(brief) if brief.pk else "New brief"

    # Saving.

    def add_view(self, request, form_url="", extra_context=None):
        add = partial(super().add_view, request, form_url, extra_context)
        return self._form_kept_when_refused(add, request, None, form_url, extra_context)

    def _form_kept_when_refused(self, view, request, object_id, form_url, extra_context):
        """Run the add or change ``view``; if its save is refused, show the form again.

        A refused save (the database stayed busy, the series position was taken meanwhile)
        rolled back whole. The form comes back with everything typed and the reason, drawn
        outside a transaction (on a busy SQLite, taking one would wait for the lock again)
        and invalid, so that it writes nothing.
        """
        try:
            return view()
        except OperationalError as error:
            if not _database_busy(error):
                raise
            request.save_refused = SaveRefused(DATABASE_BUSY)
        except SaveRefused as refused:
            request.save_refused = refused
        # Django's changeform_view is this same view inside transaction.atomic().
        return self._changeform_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Retry once when a concurrent save won the race after this form was validated.

        The retry validates again, now against the winner's version, and shows the form
        with the message naming who saved; nothing of the losing save was written.
        """
        for _ in range(STALE_RETRIES + 1):
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except locking.StaleVersion:
                continue
        return HttpResponse(
            "This brief kept changing while you were saving it, so nothing was saved. "
            "Go back and save again.",
            status=409,
            content_type="text/plain",
        )

    def save_model(self, request, obj, form, change):
        if change:
            if not locking.claim_next_version(obj, form.cleaned_data["base_version"]):
                raise locking.StaleVersion
            slugs.remember_old_slug(form.stored, obj)
        workflow.apply(form.transition, obj)
        try:
            with transaction.atomic():
                super().save_model(request, obj, form, change)
        except IntegrityError:
            # Another editor took the address or the series position after this form was
            # validated.
            taken = form.taken_meanwhile()
            if taken is None:
                raise
            raise SaveRefused(*taken) from None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        note = form.cleaned_data.get("workflow_note", "")
        request.workflow_comment = form.transition.describe(note) or note
        notifications.notify(form.transition, form.instance, request.user, note)
        if form.transition.kind != "keep":
            messages.info(request, f"“{form.instance}”: {form.transition.describe()}.")

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._add_workflow_comment(request)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._add_workflow_comment(request)
        return entry

    def _add_workflow_comment(self, request):
        comment = getattr(request, "workflow_comment", "")
        if comment and reversion.is_active():
            reversion.set_comment("; ".join(filter(None, [reversion.get_comment(), comment])))

    # List actions: all or nothing, each brief checked by the workflow.

    @admin.action(description="Submit selected briefs for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._move_all(request, queryset, Status.REVIEW)

    @admin.action(description="Publish selected briefs now", permissions=["publish"])
    def publish_now(self, request, queryset):
        self._move_all(request, queryset, Status.PUBLISHED)

    @admin.action(
        description="Move selected briefs back to draft (unpublish, send back or withdraw)",
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
            "title": "Send back to draft",
            "form": form,
            "briefs": list(queryset),
            "sent_back": sent_back,
        }
        return TemplateResponse(request, "admin/briefs/brief/send_back.html", context)

    def _move_all(self, request, queryset, target, note=""):
        """Move every selected brief, or none: one refusal stops the whole batch."""
        selected = list(queryset)  # only briefs the user may see (``get_queryset``)
        if not selected:
            messages.error(request, "Nothing was changed: no brief you may see was selected.")
            return
        publish_at = timezone.now() if target == Status.PUBLISHED else None
        briefs = [brief for brief in selected if not self._already_there(brief, target)]
        refused = []
        for brief in briefs:
            try:
                workflow.check(request.user, brief, target, publish_at)
            except workflow.TransitionRefused as refusal:
                refused.append(f"“{brief}”: {refusal}")
        if refused:
            messages.error(request, "Nothing was changed. " + " ".join(refused))
            return
        try:
            with transaction.atomic():
                for brief in briefs:
                    moved = workflow.move(brief, target, by=request.user, publish_at=publish_at)
                    notifications.notify(moved, brief, request.user, note)
                    if reversion.is_active():
                        reversion.set_comment(moved.describe(note))
        except workflow.TransitionRefused as refusal:  # e.g. a brief saved meanwhile
            messages.error(request, f"Nothing was changed. {refusal}")
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

    # Extra pages: preview, share links, compare revisions.

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("<path:object_id>/preview/", view(self.preview_view), name="briefs_brief_preview"),
            path("<path:object_id>/share/", view(self.share_view), name="briefs_brief_share"),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="briefs_brief_compare",
            ),
            path("clean-paste/", view(self.clean_paste_view), name="briefs_brief_clean_paste"),
            *super().get_urls(),
        ]

    def clean_paste_view(self, request):
        """A paste from Word, cleaned for the editor of anyone who may write briefs."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        return clipboard.cleaned_paste(request)

    def _brief_for(self, request, object_id, may):
        brief = self.get_object(request, object_id)
        if brief is None:
            raise Http404("No such brief.")
        if not may(brief):
            raise PermissionDenied
        return brief

    def preview_view(self, request, object_id):
        """The brief as readers will see it, for staff who may change it, whatever its status."""
        brief = self._brief_for(
            request, object_id, lambda b: self.has_change_permission(request, b)
        )
        return previews.render_preview(request, brief)

    def share_view(self, request, object_id):
        """Editors create and revoke share links of an unpublished brief."""
        brief = self._brief_for(request, object_id, lambda b: self.has_publish_permission(request))
        if request.method == "POST":
            self._change_share_links(request, brief)
            return redirect("admin:briefs_brief_share", brief.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "brief": brief,
            "original": brief,
            "title": f"Share links for “{brief}”",
            "links": [
                (link, request.build_absolute_uri(sharing.url_for(link)), sharing.expires_at(link))
                for link in sharing.active_links(brief)
            ],
            "max_age_days": sharing.max_age_days(),
        }
        return previews.keep_private(
            TemplateResponse(request, "admin/briefs/brief/share_links.html", context)
        )

    def _change_share_links(self, request, brief):
        if "revoke" in request.POST:
            revoked = request.POST["revoke"]
            link = brief.share_links.filter(pk=revoked).first() if revoked.isdigit() else None
            if link:
                sharing.revoke(link)
                messages.success(request, "The link is revoked: it no longer opens the brief.")
        elif brief.is_public:
            messages.error(request, "This brief is public: share its public address instead.")
        else:
            sharing.create_link(brief, request.user)
            messages.success(request, "A new share link is ready below.")

    def compare_view(self, request, object_id):
        """Field by field differences between two saved revisions of a brief."""
        brief = self._brief_for(request, object_id, lambda b: self.has_publish_permission(request))
        older, newer = revisions.pick_pair(brief, request.GET.get("from"), request.GET.get("to"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": brief,
            "title": f"Compare revisions of “{brief}”",
            "older": older,
            "newer": newer,
            "changes": revisions.differences(older, newer) if older and newer else [],
        }
        return TemplateResponse(request, "admin/briefs/brief/compare.html", context)

    def history_view(self, request, object_id, extra_context=None):
        """Each revision of a brief the user may see; editors open one to restore it."""
        brief = self.get_object(request, object_id)
        versions = (
            Version.objects.get_for_object(brief).select_related("revision__user") if brief else []
        )
        may_restore = self.has_restore_permission(request)
        rows = [
            {
                "version": version,
                "revision": version.revision,
                "url": reverse("admin:briefs_brief_revision", args=[brief.pk, version.pk])
                if may_restore
                else None,
            }
            for version in versions
        ]
        context = {
            **(extra_context or {}),
            "revision_rows": rows,
            "may_compare": self.has_publish_permission(request),
        }
        return super().history_view(request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore a revision (editors only) without rewinding the version counter used for
        locking. The page itself shows the old revision, so it is refused before it opens."""
        if not self.has_restore_permission(request):
            raise PermissionDenied
        if not object_id.isdigit():
            raise Http404("No such brief.")
        request.version_before_restore = (
            Brief.objects.filter(pk=object_id).values_list("version", flat=True).first()
        )
        return super().revision_view(request, object_id, version_id, extra_context)

    def get_object(self, request, object_id, from_field=None):
        brief = super().get_object(request, object_id, from_field)
        current = getattr(request, "version_before_restore", None)
        if brief is not None and current is not None:
            Brief.objects.filter(pk=brief.pk).update(version=current)
            brief.version = current
        return brief

    def changelist_view(self, request, extra_context=None):
        context = {**(extra_context or {}), "may_restore": self.has_restore_permission(request)}
        return super().changelist_view(request, context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {**(extra_context or {}), "may_publish": self.has_publish_permission(request)}
        change = partial(super().change_view, request, object_id, form_url, context)
        return self._form_kept_when_refused(change, request, object_id, form_url, context)
