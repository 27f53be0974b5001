from django.urls import path, re_path, register_converter

from briefs.alerts import views as alerts
from briefs.caching.page_cache import public_page
from briefs.content.slug_rule import SLUG_REGEX
from briefs.content.slug_urls import UnicodeSlugConverter
from briefs.content.slugs import follows_old_slugs
from briefs.corrections import feeds as correction_feeds
from briefs.corrections import views as correction_views
from briefs.editorial import previews
from briefs.listings.views import ArchiveView, BriefListView
from briefs.models import BriefPdf
from briefs.public import card_views, citation_downloads, pdf_downloads, taxonomies, views
from briefs.public.feeds import feed_paths
from briefs.search import views as search_views

app_name = "briefs"

register_converter(UnicodeSlugConverter, "unicode_slug")


def listing(taxonomy):
    return public_page(BriefListView.as_view(taxonomy=taxonomy))


urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("briefs/", public_page(ArchiveView.as_view()), name="brief-list"),
    path("search/", public_page(search_views.SearchView.as_view()), name="search"),
    # Every address of a brief follows its former slugs (``slugs.follows_old_slugs``). Its
    # page is at its type's prefix (``brief-page``, the last pattern); this is the historic
    # address, the page itself for a brief of the type whose prefix is still "briefs".
    path(
        "briefs/<unicode_slug:slug>/",
        public_page(views.BriefDetailView.as_view()),
        {"prefix": "briefs"},
        name="brief-detail",
    ),
    path(
        "briefs/<unicode_slug:slug>/card.png",
        follows_old_slugs(card_views.brief_card),
        name="brief-card",
    ),
    path(
        "briefs/<unicode_slug:slug>/cite.bib",
        follows_old_slugs(citation_downloads.citation_file),
        {"extension": "bib"},
        name="brief-cite-bib",
    ),
    path(
        "briefs/<unicode_slug:slug>/cite.ris",
        follows_old_slugs(citation_downloads.citation_file),
        {"extension": "ris"},
        name="brief-cite-ris",
    ),
    # The file is named after the brief: the slug twice (a backreference), so a rename
    # moves both and a former slug's redirect fills in both.
    re_path(
        rf"^briefs/(?P<slug>{SLUG_REGEX})/(?P=slug)\.pdf\Z",
        follows_old_slugs(pdf_downloads.brief_pdf),
        {"paper": BriefPdf.Paper.A4},
        name="brief-pdf",
    ),
    re_path(
        rf"^briefs/(?P<slug>{SLUG_REGEX})/(?P=slug)-letter\.pdf\Z",
        follows_old_slugs(pdf_downloads.brief_pdf),
        {"paper": BriefPdf.Paper.LETTER},
        name="brief-pdf-letter",
    ),
    path("preview/<str:token>/", previews.shared_preview, name="brief-share"),
    path(
        "corrections/",
        public_page(correction_views.CorrectionListView.as_view()),
        name="correction-list",
    ),
    *correction_feeds.feed_paths("corrections/"),
    path("countries/", public_page(views.CountryIndexView.as_view()), name="country-index"),
    path("countries/<unicode_slug:slug>/", listing(taxonomies.COUNTRY), name="country-detail"),
    path(
        "regions/<unicode_slug:slug>/",
        public_page(views.RegionView.as_view()),
        name="region-detail",
    ),
    path("themes/", public_page(views.theme_index), name="theme-index"),
    path("themes/<unicode_slug:slug>/", listing(taxonomies.THEME), name="theme-detail"),
    path("series/", public_page(views.series_index), name="series-index"),
    path("series/<unicode_slug:slug>/", listing(taxonomies.SERIES), name="series-detail"),
    path("authors/", public_page(views.author_index), name="author-index"),
    path("authors/<unicode_slug:slug>/", listing(taxonomies.AUTHOR), name="author-detail"),
    # E-mail alerts (briefs/alerts): never cached; the tokens are signed.
    path("alerts/subscribe/", alerts.subscribe, name="alerts-subscribe"),
    path("alerts/confirm/<str:token>/", alerts.confirm, name="alerts-confirm"),
    path("alerts/manage/<str:token>/", alerts.manage, name="alerts-manage"),
    path("alerts/unsubscribe/<str:token>/", alerts.unsubscribe, name="alerts-unsubscribe"),
    # Feeds: RSS at …/feed/, Atom at …/feed/atom/, for the site and for each term.
    *feed_paths(""),
    *feed_paths("countries/<unicode_slug:slug>/", taxonomies.COUNTRY),
    *feed_paths("regions/<unicode_slug:slug>/", taxonomies.REGION),
    *feed_paths("themes/<unicode_slug:slug>/", taxonomies.THEME),
    *feed_paths("series/<unicode_slug:slug>/", taxonomies.SERIES),
    *feed_paths("authors/<unicode_slug:slug>/", taxonomies.AUTHOR),
    # A brief's page: /briefs/…/, /commentary/…/, under its type's address prefix, after
    # every other address so that no prefix can shadow one (``content.prefixes``). Other
    # prefixes, former ones and former slugs redirect to it (``BriefDetailView.get``).
    path(
        "<unicode_slug:prefix>/<unicode_slug:slug>/",
        public_page(views.BriefDetailView.as_view()),
        name="brief-page",
    ),
]
