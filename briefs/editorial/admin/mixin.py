"""The brief admin's editorial behaviour, composed from this package's modules.

``WorkflowAdminMixin`` is what ``model_admins.BriefAdmin`` inherits. Each base does one
job (see its module); this one ties the brief form to the change page: the form knows who
is editing and why a save was refused, and the page shows the workflow buttons, the note
for the history and the links editors use.
"""

from briefs.editorial import workflow_buttons
from briefs.editorial.admin.actions import BriefActionsMixin
from briefs.editorial.admin.forms import BriefAdminForm
from briefs.editorial.admin.history import BriefHistoryMixin
from briefs.editorial.admin.permissions import BriefPermissionsMixin
from briefs.editorial.admin.saving import BriefSavingMixin
from briefs.editorial.admin.views import BriefPagesMixin


class WorkflowAdminMixin(
    BriefPermissionsMixin,
    BriefSavingMixin,
    BriefActionsMixin,
    BriefHistoryMixin,
    BriefPagesMixin,
):
    """Brief admin behaviour for roles, transitions, locking, previews and share links."""

    form = BriefAdminForm
    change_form_template = "admin/briefs/brief/workflow_change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The brief form for this request: it checks moves as ``request.user`` and shows
        the reason a refused save gave (``saving.SaveRefused``), if any."""
        form = super().get_form(request, obj, change, **kwargs)
        refused = getattr(request, "save_refused", None)
        return type(form.__name__, (form,), {"user": request.user, "save_refused": refused})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {**(extra_context or {}), "may_publish": self.has_publish_permission(request)}
        return super().change_view(request, object_id, form_url, context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        buttons = workflow_buttons.available(request.user, form.stored)
        context = {**context, "workflow_buttons": buttons, "workflow_note": form["workflow_note"]}
        return super().render_change_form(request, context, add, change, form_url, obj)
