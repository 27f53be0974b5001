from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from briefs.caching.page_cache import public_page
from briefs.public.sitemaps import SITEMAPS, robots_txt, sitemap_index
from briefs.public.views import favicon
from config import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("favicon.ico", favicon, name="favicon"),
    path(
        "sitemap.xml",
        public_page(sitemap_index),
        {"sitemaps": SITEMAPS},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("briefs.api.urls")),
    # The admin's language switcher posts here (Django's set_language view).
    path("i18n/", include("django.conf.urls.i18n")),
]
# The public site in every language: the default at today's addresses, the others under
# their prefix (/ru/...); machine addresses above (API, sitemaps, probes) have none.
urlpatterns += i18n_patterns(path("", include("briefs.urls")), prefix_default_language=False)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "briefs.public.views.page_not_found"
handler500 = "briefs.public.views.server_error"

admin.site.site_header = format_lazy(_("{site}: editorial"), site=settings.SITE_NAME)
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = _("Briefs, series, authors and countries")
