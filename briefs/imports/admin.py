"""The imported posts' old addresses in the admin: editors see, correct and remove them."""

from django.contrib import admin

from briefs.models import OldAddress


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    list_display = ["path", "brief", "created_at"]
    search_fields = ["path", "brief__title", "brief__slug"]
    autocomplete_fields = ["brief"]
    list_select_related = ["brief"]
    date_hierarchy = "created_at"
