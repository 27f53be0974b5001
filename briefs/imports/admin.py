"""Imports in the admin: editors see, correct and remove the imported posts' old addresses;
administrators see what each imported post became, and import an export from the admin.

Everyone without the ``briefs.import_wxr`` permission (superusers have every permission)
meets a 403 on each import page, the report's download included.
"""

import io

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html

from briefs.imports import runs, tasks
from briefs.imports.forms import MappingForm, UploadForm
from briefs.imports.wxr import WxrError
from briefs.models import ImportedPost, ImportRun, OldAddress
from ops.task_records import PermissionOnlyAdmin, may, private_download

PERMISSION = "briefs.import_wxr"


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    list_display = ["path", "brief", "created_at"]
    search_fields = ["path", "brief__title", "brief__slug"]
    autocomplete_fields = ["brief"]
    list_select_related = ["brief"]
    date_hierarchy = "created_at"


@admin.register(ImportedPost)
class ImportedPostAdmin(admin.ModelAdmin):
    """What each imported post became; written by the importer only (the command or an
    import started here)."""

    list_display = ["source_key", "post_id", "brief", "imported_at"]
    search_fields = ["source_key", "brief__title"]
    list_select_related = ["brief"]
    readonly_fields = ["source_key", "post_id", "brief", "fingerprint", "brief_updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(PermissionOnlyAdmin):
    """Upload an export, preview and change what its terms become, start the import as a
    background task, follow it, download its report: holders of ``import_wxr`` only."""

    permission = PERMISSION
    list_display = ["__str__", "state", "progress", "uploaded_by", "report_link"]
    list_select_related = ["uploaded_by"]
    empty_value_display = "–"

    @admin.display(description="posts")
    def progress(self, run):
        return f"{run.posts_done} of {run.posts_total}"

    @admin.display(description="report")
    def report_link(self, run):
        if run.state != ImportRun.State.DONE:
            return "–"
        url = reverse("admin:briefs_importrun_report", args=[run.pk])
        return format_html('<a href="{}">Download the report</a>', url)

    def get_urls(self):
        def guarded(view):
            def checked(request, *args, **kwargs):
                if not may(request.user, PERMISSION):
                    raise PermissionDenied
                return view(request, *args, **kwargs)

            return self.admin_site.admin_view(checked)

        return [
            path("<int:pk>/preview/", guarded(self.preview_view), name="briefs_importrun_preview"),
            path(
                "<int:pk>/progress/", guarded(self.progress_view), name="briefs_importrun_progress"
            ),
            path("<int:pk>/report/", guarded(self.report_view), name="briefs_importrun_report"),
            *super().get_urls(),
        ]

    def page(self, request, template, title, **context):
        return TemplateResponse(
            request,
            f"admin/briefs/importrun/{template}.html",
            {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title}
            | context,
        )

    def add_view(self, request, form_url="", extra_context=None):
        """The upload: a file the importer would refuse is a form error naming why."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = UploadForm(request.POST, request.FILES) if posted else UploadForm()
        if posted and form.is_valid():
            try:
                run = runs.receive(form.cleaned_data["export"], request.user)
            except WxrError as error:
                form.add_error("export", f"This file cannot be imported: {error}")
            else:
                return redirect("admin:briefs_importrun_preview", run.pk)
        return self.page(
            request,
            "upload",
            "Import a WordPress or Squarespace export",
            form=form,
            max_size=settings.WXR_UPLOAD_MAX_BYTES,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A run's own page is its progress (or, before the start, its preview)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = self.get_object(request, unquote(object_id))  # None for a malformed id too
        if run is None:
            raise Http404("No such import.")
        return redirect("admin:briefs_importrun_progress", run.pk)

    def preview_view(self, request, pk):
        """The counts and a select per term; posting it starts the import."""
        run = get_object_or_404(ImportRun, pk=pk)
        if run.state != ImportRun.State.UPLOADED:
            return redirect("admin:briefs_importrun_progress", run.pk)
        form = MappingForm(request.POST if request.method == "POST" else None, run=run)
        if form.is_valid():
            tasks.start(
                run,
                mapping=form.mapping(),
                fetch_media=form.cleaned_data["fetch_media"],
                user=request.user,
            )
            return redirect("admin:briefs_importrun_progress", run.pk)
        return self.page(
            request,
            "preview",
            f"Preview: {run.original_name}",
            run=run,
            form=form,
            statuses=runs.what_posts_become(run),
        )

    def progress_view(self, request, pk):
        """Where the import is; while it runs, the page follows it (import-progress.js)."""
        people = ImportRun.objects.select_related("uploaded_by", "started_by")
        run = get_object_or_404(people, pk=pk)
        if run.state == ImportRun.State.UPLOADED:
            return redirect("admin:briefs_importrun_preview", run.pk)
        running = run.state in (ImportRun.State.QUEUED, ImportRun.State.IMPORTING)
        response = self.page(
            request,
            "progress",
            f"Import of {run.original_name}",
            run=run,
            running=running,
        )
        add_never_cache_headers(response)
        return response

    def report_view(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk, state=ImportRun.State.DONE)
        name = f"import-report-{run.uploaded_at:%Y-%m-%d-%H%M}.txt"
        report = io.BytesIO(run.report.encode())
        return private_download(report, name, "text/plain; charset=utf-8")
