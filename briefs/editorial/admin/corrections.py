"""The corrections and updates of a brief, as an inline of its change form.

Editors add notes; everyone who may see the brief reads them. A fixed note (its brief has
gone public) shows its kind, date and text read-only and cannot be deleted: the one thing
left to do with it is to strike it through, once, with a reason. Disabled fields ignore
whatever is posted for them, so a forged form changes nothing, and the database refuses
it anyway (migration 0020). Each change is recorded as a ``WorkflowEvent``
(``briefs.editorial.corrections``) in the save's transaction.
"""

from django import forms
from django.contrib import admin
from django.db import IntegrityError
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
    ManagementForm,
)
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from briefs.editorial import corrections, workflow
from briefs.editorial.admin.saving import SaveRefused
from briefs.editorial.local_time import format_local
from briefs.models import Correction

FIXED_HELP = "Public: it can no longer be changed or deleted, only struck through with a reason."
NOT_YET = "A note can be struck through once it is saved."
REWORDED = (
    "A note cannot be reworded or deleted once the brief is public: it went public with this "
    "save. Save the note's wording first, then publish; or strike it through with a reason."
)


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["kind", "noted_at", "text", "strike_reason"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 60})}

    def clean_strike_reason(self):
        return self.cleaned_data.get("strike_reason", "").strip()


class CorrectionFormSet(BaseInlineFormSet):
    """The notes' forms. Which notes are fixed is read from the brief as stored, not as
    this save leaves it: a fixed note's kind, date, text and deletion box are disabled."""

    @cached_property
    def fixed_ids(self):
        if self.instance.pk is None:
            return set()
        fixed = Correction.objects.filter(
            brief_id=self.instance.pk, brief__publish_at__lte=timezone.now()
        )
        return set(fixed.values_list("pk", flat=True))

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        note, fields = form.instance, form.fields
        if note.pk is None:
            fields["strike_reason"].disabled = True
            fields["strike_reason"].help_text = NOT_YET
            return form
        if note.pk in self.fixed_ids:
            for name in ("kind", "noted_at", "text", "DELETE"):
                if name in fields:
                    fields[name].disabled = True
            fields["text"].help_text = FIXED_HELP
        if note.struck_at is not None:
            fields["strike_reason"].disabled = True
            fields["strike_reason"].help_text = "Struck through: it stays so."
        return form

    @cached_property
    def management_form(self):
        """A brief form sent without the notes' part (a script, a page opened before notes
        existed) changes no note, rather than failing on a part the writer never saw."""
        if self.is_bound and not any(key.startswith(f"{self.prefix}-") for key in self.data):
            data = {
                f"{self.prefix}-{TOTAL_FORM_COUNT}": 0,
                f"{self.prefix}-{INITIAL_FORM_COUNT}": 0,
                f"{self.prefix}-{MIN_NUM_FORM_COUNT}": 0,
                f"{self.prefix}-{MAX_NUM_FORM_COUNT}": self.max_num,
            }
            form = ManagementForm(data, auto_id=self.auto_id, prefix=self.prefix)
            form.full_clean()
            return form
        return super().management_form


class CorrectionInline(admin.StackedInline):
    model = Correction
    form = CorrectionForm
    formset = CorrectionFormSet
    extra = 0
    fields = ["kind", "noted_at", "text", "strike_reason", "struck"]
    readonly_fields = ["struck"]
    verbose_name_plural = _("corrections and updates (shown to readers at the top of the brief)")

    # Editors (who may publish) write notes, as the workflow says; no model permission of
    # its own to grant or forget.
    def has_add_permission(self, request, obj=None):
        return workflow.is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        return workflow.is_editor(request.user)

    def has_delete_permission(self, request, obj=None):
        return workflow.is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return obj is None or workflow.may_view(request.user, obj)

    @admin.display(description=_("struck through"))
    def struck(self, note):
        if note.struck_at is None:
            return "—"
        return format_local(note.struck_at)


class CorrectionSavingMixin:
    """Saves the notes' formset through ``briefs.editorial.corrections``: who wrote or
    struck each note, and one event per change, in the brief's save."""

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        try:
            self._save_notes(request, formset)
        except IntegrityError:
            # The brief went public with this save while a note was being reworded.
            raise SaveRefused(REWORDED) from None

    @staticmethod
    def _save_notes(request, formset):
        user, now = request.user, timezone.now()
        for note_form in formset.initial_forms:
            if formset._should_delete_form(note_form):
                corrections.deleted(note_form.instance, user)
        notes = formset.save(commit=False)
        for note in formset.deleted_objects:
            note.delete()
        for note in notes:
            adding = note.pk is None
            newly_struck = note.strike_reason and note.struck_at is None
            if adding:
                note.created_by = user
            if note.pk in formset.fixed_ids:
                # Only the strike-through may change; a disabled field's value comes back
                # from the form to the second, so the rest is not written at all.
                if newly_struck:
                    note.struck_at, note.struck_by = now, user
                    note.save(update_fields=["strike_reason", "struck_at", "struck_by"])
                    corrections.struck(note, user)
                continue
            if newly_struck:
                note.struck_at, note.struck_by = now, user
            note.save()
            if adding:
                corrections.noted(note, user)
            elif newly_struck:
                corrections.struck(note, user)
            else:
                corrections.changed(note, user)
