from django.contrib import admin
from django.db.models import Count

from .models import Country, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "country_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(country_count=Count("countries"))

    @admin.display(description="countries", ordering="country_count")
    def country_count(self, region):
        return region.country_count


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_editable = ["region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    list_per_page = 50
