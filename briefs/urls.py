from django.urls import path

from . import card_views, taxonomies, views

app_name = "briefs"


def listing(taxonomy):
    return views.BriefListView.as_view(taxonomy=taxonomy)


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("briefs/", views.BriefListView.as_view(), name="brief-list"),
    path("briefs/<slug:slug>/", views.BriefDetailView.as_view(), name="brief-detail"),
    path("briefs/<slug:slug>/card.png", card_views.brief_card, name="brief-card"),
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
