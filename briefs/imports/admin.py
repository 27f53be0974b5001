"""Imports in the admin: editors see, correct and remove the imported posts' old addresses;
administrators see what each imported post became."""

from django.contrib import admin

from briefs.models import ImportedPost, OldAddress


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    list_display = ["path", "brief", "created_at"]
    search_fields = ["path", "brief__title", "brief__slug"]
    autocomplete_fields = ["brief"]
    list_select_related = ["brief"]
    date_hierarchy = "created_at"


@admin.register(ImportedPost)
class ImportedPostAdmin(admin.ModelAdmin):
    """What each imported post became; written by ``manage.py import_wxr`` only."""

    list_display = ["source_key", "post_id", "brief", "imported_at"]
    search_fields = ["source_key", "brief__title"]
    list_select_related = ["brief"]
    readonly_fields = ["source_key", "post_id", "brief", "fingerprint", "brief_updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
