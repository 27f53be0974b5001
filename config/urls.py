from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

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
    path("", include("briefs.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "briefs.public.views.page_not_found"
handler500 = "briefs.public.views.server_error"

admin.site.site_header = f"{settings.SITE_NAME}: editorial"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Briefs, series, authors and countries"
