"""Saving a brief from its admin form: nothing lost, nothing half-written.

A save claims the next version of the brief (``briefs.editorial.locking``), so of two
forms opened on the same version one wins and the other is shown again naming who saved.
It makes the move the form checked (``briefs.editorial.workflow``), records that move as
a ``WorkflowEvent`` in the same transaction (and in the revision's history line), and
tells the writers or editors (``briefs.editorial.notifications``). A save the database
refuses (SQLite still busy after its timeout, a series position or address taken
meanwhile) rolls back whole, and the form comes back with everything typed and the
reason.
"""

from functools import partial

import reversion
from django.contrib import messages
from django.db import IntegrityError, OperationalError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext, gettext_lazy

from briefs.content import slugs
from briefs.editorial import locking, notifications, series_parts, workflow

STALE_RETRIES = 1
DATABASE_BUSY = gettext_lazy(
    "The database was busy; nothing was saved. Your text is still here: save again."
)


class SaveRefused(Exception):
    """Nothing was saved: the form is shown again as typed, with ``message`` on ``field``."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message, self.field = message, field


def database_busy(error):
    """SQLite's answer when another writer kept the lock past the busy timeout."""
    return "is locked" in str(error)


class BriefSavingMixin:
    """The add and change views' save path, with the form kept when a save is refused."""

    def add_view(self, request, form_url="", extra_context=None):
        add = partial(super().add_view, request, form_url, extra_context)
        return self._form_kept_when_refused(add, request, None, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = partial(super().change_view, request, object_id, form_url, extra_context)
        return self._form_kept_when_refused(change, request, object_id, form_url, extra_context)

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
            if not database_busy(error):
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
            gettext(
                "This brief kept changing while you were saving it, so nothing was saved. "
                "Go back and save again."
            ),
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
                moved = self._insert_into_series(form, obj)
                super().save_model(request, obj, form, change)
        except IntegrityError:
            # Another editor took the address or the series position after this form was
            # validated.
            taken = form.taken_meanwhile()
            if taken is None:
                raise
            raise SaveRefused(*taken) from None
        if moved:
            messages.info(
                request,
                f"Inserted as part {obj.series_position} of “{obj.series}”: {moved} later "
                f"part{'s' if moved > 1 else ''} moved up by one.",
            )

    @staticmethod
    def _insert_into_series(form, brief):
        """Make room at the brief's place in its series when the editor asked to insert it
        there; how many parts moved."""
        if brief.series_id is None or not form.inserts_here():
            return 0
        return series_parts.shift_later_parts(brief.series, brief.series_position, brief)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        note = form.cleaned_data.get("workflow_note", "")
        request.workflow_comment = form.transition.describe(note) or note
        event = workflow.record(form.transition, form.instance, request.user, note)
        notifications.notify(event)
        if form.transition.kind != "keep":
            messages.info(request, f"“{form.instance}”: {form.transition.describe()}.")
        missing = getattr(form.instance, "figures_missing", None)
        if missing:
            messages.warning(
                request,
                "An image of the library was deleted while this brief was being saved: its "
                f"figure (image id {', '.join(map(str, missing))}) shows nothing. The rest "
                "of the text is saved; remove that figure or insert another image.",
            )

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._add_workflow_comment(request)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._add_workflow_comment(request)
        return entry

    def _add_workflow_comment(self, request):
        """Append the move and the note to the revision's comment, for the history page."""
        comment = getattr(request, "workflow_comment", "")
        if comment and reversion.is_active():
            reversion.set_comment("; ".join(filter(None, [reversion.get_comment(), comment])))
