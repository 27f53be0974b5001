from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ops.term_names import TermNamesAdmin

from .models import Country, Region


@admin.register(Region)
class RegionAdmin(TermNamesAdmin, admin.ModelAdmin):
    translated_fields = {"name": "names"}
    list_display = ["name", "slug", "country_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # Counting groups the rows, and grouped queries drop the model's default order:
        # the region picker's pages would repeat some regions and skip others.
        counted = super().get_queryset(request).annotate(country_count=Count("countries"))
        return counted.order_by(*(self.get_ordering(request) or self.model._meta.ordering))

    @admin.display(description=_("countries"), ordering="country_count")
    def country_count(self, region):
        return region.country_count


@admin.register(Country)
class CountryAdmin(TermNamesAdmin, admin.ModelAdmin):
    translated_fields = {"name": "names"}
    list_display = ["name", "code", "region"]
    list_editable = ["region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    list_per_page = 50
