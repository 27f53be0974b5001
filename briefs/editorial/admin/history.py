"""A brief's revisions in the admin: its history, restoring a revision, recovering a brief.

django-reversion draws these pages; this module narrows them to the workflow's rules.
Everyone who may see a brief sees its history; only editors open an old revision to
restore it, or recover a deleted brief, and a contributor is refused before the page
shows the old text. Restoring never rewinds the version counter used for locking, so a
form opened before the restore cannot overwrite it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from reversion.models import Version

from briefs.models import Brief


class BriefHistoryMixin:
    """django-reversion's history, revision and recover pages under the workflow's rules."""

    object_history_template = "admin/briefs/brief/workflow_history.html"
    change_list_template = "admin/briefs/brief/workflow_change_list.html"

    def history_view(self, request, object_id, extra_context=None):
        """Each revision of a brief the user may see, editors open one to restore it; and
        its workflow events: every move and every change to its corrections, newest first."""
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
        events = brief.events.select_related("by", "correction") if brief else []
        context = {
            **(extra_context or {}),
            "revision_rows": rows,
            "workflow_events": events,
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
        """The brief, carrying its current version while a revision is being restored."""
        brief = super().get_object(request, object_id, from_field)
        current = getattr(request, "version_before_restore", None)
        if brief is not None and current is not None:
            Brief.objects.filter(pk=brief.pk).update(version=current)
            brief.version = current
        return brief

    def changelist_view(self, request, extra_context=None):
        """The list links editors to the deleted briefs they may recover."""
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
