from django.urls import path

from . import search_views, taxonomies, views

app_name = "briefs"


def listing(taxonomy):
    return views.BriefListView.as_view(taxonomy=taxonomy)


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("briefs/", search_views.ArchiveView.as_view(), name="brief-list"),
    path("search/", search_views.SearchView.as_view(), name="search"),
    path("briefs/<slug:slug>/", views.BriefDetailView.as_view(), name="brief-detail"),
    path("countries/", views.CountryIndexView.as_view(), name="country-index"),
    path("countries/<slug:slug>/", listing(taxonomies.COUNTRY), name="country-detail"),
    path("regions/<slug:slug>/", listing(taxonomies.REGION), name="region-detail"),
    path("themes/", views.theme_index, name="theme-index"),
    path("themes/<slug:slug>/", listing(taxonomies.THEME), name="theme-detail"),
    path("series/", views.series_index, name="series-index"),
    path("series/<slug:slug>/", listing(taxonomies.SERIES), name="series-detail"),
    path("authors/", views.author_index, name="author-index"),
    path("authors/<slug:slug>/", listing(taxonomies.AUTHOR), name="author-detail"),
]
