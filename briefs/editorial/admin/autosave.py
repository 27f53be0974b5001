"""The brief form's autosave: its addresses, the offer to restore, and the restored form.

``static/js/autosave.js`` posts the form's unsaved fields to ``<id>/autosave/`` (the change
form) or ``add/autosave/`` (the add form), which answer only someone who may change that
brief (or add one): a brief they may not see is "not found" (404), one they may only view
is refused (403). The form then offers "Restore unsaved changes from …"; the link reloads
the form filled from them (``?restore=autosave``), without JavaScript and without saving.
The rules of the rows themselves live in ``briefs.editorial.autosaves``.
"""

from django import forms
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from briefs.editorial import autosaves

RESTORE_PARAMETER = "restore"


class AutosaveAdminMixin:
    """Autosave for the brief admin's add and change forms."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("add/autosave/", view(self.autosave_view), name="briefs_brief_autosave_new"),
            path(
                "<path:object_id>/autosave/",
                view(self.autosave_view),
                name="briefs_brief_autosave",
            ),
            *super().get_urls(),
        ]

    @property
    def media(self):
        return super().media + forms.Media(js=["js/autosave.js"])

    def autosave_view(self, request, object_id=None):
        """Keep the posted fields of the form; ``{"saved_at": …}`` in the site's time."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        brief = self._brief_to_autosave(request, object_id)
        try:
            data, base_version = autosaves.read(request, change=brief is not None)
        except autosaves.TooLarge:
            return JsonResponse({"error": _("More than a brief form can hold.")}, status=413)
        except autosaves.Malformed:
            return JsonResponse({"error": _("Not a brief form's fields.")}, status=400)
        row = autosaves.keep(request.user, brief, data, base_version)
        return JsonResponse({"saved_at": autosaves.Offer(row).when})

    def _brief_to_autosave(self, request, object_id):
        """The brief whose form posts (None for the add form), if this user may change it."""
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        brief = self.get_object(request, unquote(object_id))
        if brief is None:
            raise Http404("No such brief.")
        if not self.has_change_permission(request, brief):
            raise PermissionDenied
        return brief

    def _restoring(self, request, obj):
        """The offer being restored by this request (a GET of ``?restore=autosave``)."""
        if request.method != "GET" or request.GET.get(RESTORE_PARAMETER) != "autosave":
            return None
        return autosaves.offer(request.user, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        restored = self._restoring(request, obj) if change else None
        if restored is None:
            return form

        class RestoredForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update(restored.as_initial(self))

        return RestoredForm

    def get_changeform_initial_data(self, request):
        restored = self._restoring(request, None)
        if restored is None:
            return super().get_changeform_initial_data(request)
        return restored.as_initial(self.get_form(request)())

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """Inlines (corrections) come back as typed: bound to the restored fields."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        restored = self._restoring(request, obj if obj.pk else None)
        if restored is not None and f"{prefix}-TOTAL_FORMS" in restored.row.data:
            kwargs["data"] = restored.as_post()
        return kwargs

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_write = (
            self.has_add_permission(request) if add else self.has_change_permission(request, obj)
        )
        restored = self._restoring(request, obj) if may_write else None
        offered = None if restored or not may_write else autosaves.offer(request.user, obj)
        context = {
            **context,
            "autosave": {
                "url": self._autosave_url(obj) if may_write else None,
                "seconds": settings.AUTOSAVE_SECONDS,
                "offer": offered,
                "restored": restored,
                # The form shows what is not saved: a restore, or a refused save.
                "unsaved": bool(restored) or context["adminform"].form.is_bound,
            },
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

    @staticmethod
    def _autosave_url(obj):
        if obj is None:
            return reverse("admin:briefs_brief_autosave_new")
        return reverse("admin:briefs_brief_autosave", args=[obj.pk])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        autosaves.discard(request.user, form.instance, adding=not change)
