"""The sitemap of public pages, and the robots.txt that names it.

Briefs come from ``published()``, each with its public translations as ``xhtml:link``
alternates (the sitemap itself has no language prefix); a taxonomy term is listed only
while a public brief is filed under it (read from the kept counts, ``public_counts``), so
nothing about a hidden brief reaches a crawler.
"""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET

from briefs.caching import generation
from briefs.caching.page_cache import remember
from briefs.content.addresses import absolute_url, site_root
from briefs.listings.filters import FACET_NAMED
from briefs.listings.public_counts import public_counts
from briefs.models import Brief
from briefs.public import taxonomies
from briefs.public.translations import MEMBER_FIELDS, TranslationSet


class KeptCountPaginator(Paginator):
    """A paginator whose item count comes from ``counted()`` (kept counts, not a scan),
    remembered under ``count_key`` until the content changes.

    The sitemap index asks every section for its number of pages on each request.
    """

    def __init__(self, object_list, per_page, count_key, counted):
        super().__init__(object_list, per_page)
        self.count_key, self.counted = count_key, counted

    @cached_property
    def count(self):
        return remember(f"sitemap-count:{self.count_key}", self.counted)


class PublicSitemap(Sitemap):
    """Locations on ``addresses.site_root``, like the canonical links: ``SITE_URL`` when it
    is set, else the request's own address (Django's default)."""

    def get_protocol(self, protocol=None):
        return urlsplit(site_root()).scheme or super().get_protocol(protocol)

    def get_domain(self, site=None):
        return urlsplit(site_root()).netloc or super().get_domain(site)


class BriefSitemap(PublicSitemap):
    # Pages of 1,000 rather than the protocol's 50,000, so that the first crawler after a
    # change is not kept waiting for a page (docs/performance.md, "Sitemaps").
    limit = 1000

    def items(self):
        briefs = Brief.objects.published().select_related("kind")
        return briefs.only(*MEMBER_FIELDS, "updated_at").order_by("id")

    def get_urls(self, page=1, site=None, protocol=None):
        """Each brief's ``<url>``, with an ``xhtml:link`` alternate for every public member
        of its translation set (itself included) and ``x-default``, as Google reads them:
        one query for the whole page of briefs."""
        urls = super().get_urls(page, site, protocol)
        root = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        sets = TranslationSet.of_each([url["item"] for url in urls])
        for url in urls:
            url["alternates"] = [
                {"lang_code": hreflang, "location": root + path}
                for hreflang, path in sets[url["item"].pk].alternates()
            ]
        return urls

    @property
    def paginator(self):
        return KeptCountPaginator(self._items(), self.limit, "briefs", public_briefs)

    def lastmod(self, brief):
        return brief.updated_at

    def get_latest_lastmod(self):
        # The database keeps when public content last changed: no scan of every brief.
        return generation.current().public_content_changed_at


class TaxonomySitemap(PublicSitemap):
    """The pages of one taxonomy's terms that have public briefs."""

    def __init__(self, taxonomy):
        self.taxonomy = taxonomy

    def items(self):
        return self.taxonomy.model.objects.filter(id__in=self.terms_in_use()).order_by("id")

    def terms_in_use(self):
        name = self.taxonomy.name
        return remember(
            f"sitemap-terms:{name}", lambda: list(public_counts([FACET_NAMED[name]])[name])
        )

    @property
    def paginator(self):
        return KeptCountPaginator(
            self._items(), self.limit, self.taxonomy.name, lambda: len(self.terms_in_use())
        )


def public_briefs():
    """How many briefs are public: the kept counts per year add up to it."""
    return sum(public_counts([FACET_NAMED["year"]])["year"].values())


class SectionSitemap(PublicSitemap):
    """The home page and the indexes of each taxonomy."""

    def items(self):
        return [
            "home",
            "brief-list",
            "country-index",
            "theme-index",
            "series-index",
            "author-index",
        ]

    def location(self, name):
        return reverse(f"briefs:{name}")


SITEMAPS = {
    "sections": SectionSitemap,
    "briefs": BriefSitemap,
    **{
        taxonomy.name: TaxonomySitemap(taxonomy)
        for taxonomy in (
            taxonomies.COUNTRY,
            taxonomies.REGION,
            taxonomies.THEME,
            taxonomies.SERIES,
            taxonomies.AUTHOR,
        )
    },
}


@x_robots_tag
def sitemap_index(request, sitemaps):
    """Django's sitemap index, with each section's address on ``site_root`` like the
    locations the sections list (Django's own names them on the request's host)."""
    entries = []
    for section, sitemap in sitemaps.items():
        sitemap = sitemap() if callable(sitemap) else sitemap
        url = absolute_url(reverse("sitemap-section", args=[section]), request)
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(url, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(SitemapIndexItem(f"{url}?p={page}", lastmod))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@require_GET
def robots_txt(request):
    """Crawlers may read every public page, not share-link previews; the sitemap lists them.

    The admin is left out on purpose: its address is configurable (``ADMIN_URL``) so that it
    need not be public, and naming it here would publish it. Its pages carry their own
    ``noindex`` and answer only to logged-in staff.
    """
    share_link_prefix = reverse("briefs:brief-share", args=["token"]).removesuffix("token/")
    lines = [
        "User-agent: *",
        f"Disallow: {share_link_prefix}",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap-index'), request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
