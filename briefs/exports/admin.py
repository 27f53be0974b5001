"""The admin's WordPress export: start one, watch it, download it; administrators only.

Everyone without the ``briefs.export_wxr`` permission (superusers have every permission)
meets a 403 on each of these pages, the download included: the file holds every draft.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from briefs.content.addresses import site_root
from briefs.exports import tasks
from briefs.models import WxrExport
from ops.task_records import PRIVATE_STORAGE, PermissionOnlyAdmin, may, private_download

PERMISSION = "briefs.export_wxr"


@admin.register(WxrExport)
class WxrExportAdmin(PermissionOnlyAdmin):
    permission = PERMISSION
    list_display = ["__str__", "requested_by", "state", "briefs", "images", "file_size", "download"]
    fields = [
        "state",
        "requested_by",
        "requested_at",
        "finished_at",
        "briefs",
        "images",
        "missing_images",
        "file_size",
        "error",
        "download",
    ]
    readonly_fields = fields
    list_select_related = ["requested_by"]
    empty_value_display = "–"

    @admin.display(description="size")
    def file_size(self, export):
        return filesizeformat(export.size) if export.size is not None else "–"

    @admin.display(description="file")
    def download(self, export):
        if export.state != WxrExport.State.READY:
            return "–"
        url = reverse("admin:briefs_wxrexport_download", args=[export.pk])
        return format_html('<a href="{}">Download the ZIP file</a>', url)

    def get_urls(self):
        download = self.admin_site.admin_view(self.download_view)
        return [
            path("<int:pk>/download/", download, name="briefs_wxrexport_download"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        """A page that says what the file holds, and a button that queues the export."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            record = tasks.start(request.user, site_root(request))
            messages.success(
                request,
                f"{record} queued: it appears here as Ready, with its download link, "
                "once the task worker has written it. Reload this page to follow it.",
            )
            return redirect("admin:briefs_wxrexport_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Export every brief for WordPress",
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/briefs/wxrexport/start.html", context)

    def download_view(self, request, pk):
        if not may(request.user, PERMISSION):
            raise PermissionDenied
        record = get_object_or_404(WxrExport, pk=pk, state=WxrExport.State.READY)
        try:
            file = storages[PRIVATE_STORAGE].open(record.file_name, "rb")
        except FileNotFoundError:
            raise Http404("The file of this export is gone; start a new export.") from None
        name = f"briefs-wordpress-{record.requested_at:%Y-%m-%d-%H%M}.zip"
        return private_download(file, name)
