"""The brief change list's workflow filters: "My briefs" and the workflow stage.

They narrow the list the admin already limits to the briefs the user may see
(``BriefAdmin.get_queryset``), so they never widen what anyone sees.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from briefs.models import Brief


class MyBriefsFilter(admin.SimpleListFilter):
    """The briefs the user created or is credited on."""

    title = _("owner")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", _("My briefs"))]

    def queryset(self, request, queryset):
        return queryset.written_by(request.user) if self.value() == "yes" else queryset


class WorkflowStageFilter(admin.SimpleListFilter):
    """Where a brief stands: awaiting review, scheduled, public, coming down (public with a
    take-down time to come) or taken down (its take-down time passed)."""

    title = _("stage")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return [
            ("review", _("Awaiting review")),
            ("scheduled", _("Scheduled")),
            ("public", _("Published")),
            ("coming-down", _("Coming down")),
            ("taken-down", _("Taken down")),
        ]

    def queryset(self, request, queryset):
        return {
            "review": lambda: queryset.filter(status=Brief.Status.REVIEW),
            "scheduled": queryset.scheduled,
            "public": queryset.published,
            "coming-down": lambda: queryset.published().filter(take_down_at__isnull=False),
            "taken-down": queryset.taken_down,
        }.get(self.value(), lambda: queryset)()
