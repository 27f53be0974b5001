from django.urls import path

from . import taxonomies, views
from .page_cache import public_page

app_name = "briefs"


def listing(taxonomy):
    return public_page(views.BriefListView.as_view(taxonomy=taxonomy))


urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("briefs/", public_page(views.BriefListView.as_view()), name="brief-list"),
    path("briefs/<slug:slug>/", public_page(views.BriefDetailView.as_view()), name="brief-detail"),
    path("countries/", public_page(views.CountryIndexView.as_view()), name="country-index"),
    path("countries/<slug:slug>/", listing(taxonomies.COUNTRY), name="country-detail"),
    path("regions/<slug:slug>/", listing(taxonomies.REGION), name="region-detail"),
    path("themes/", public_page(views.theme_index), name="theme-index"),
    path("themes/<slug:slug>/", listing(taxonomies.THEME), name="theme-detail"),
    path("series/", public_page(views.series_index), name="series-index"),
    path("series/<slug:slug>/", listing(taxonomies.SERIES), name="series-detail"),
    path("authors/", public_page(views.author_index), name="author-index"),
    path("authors/<slug:slug>/", listing(taxonomies.AUTHOR), name="author-detail"),
]
