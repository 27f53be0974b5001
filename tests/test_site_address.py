"""One source of the site's address (``addresses.site_root``): SITE_URL when set, else the
address each request came to, for every absolute address the site writes."""

import re

import feedparser
import pytest
from django.urls import reverse

from tests.factories import AuthorFactory, BriefFactory

pytestmark = pytest.mark.django_db

HOST = "localhost:8123"
ROOT = f"http://{HOST}/"
SITE = "https://briefs.example.org/"


@pytest.fixture
def brief():
    return BriefFactory(
        slug="on-any-port", authors=[AuthorFactory(slug="any-author")], themes=["ports"]
    )


def addresses_written(client, brief):
    """Every absolute address in the brief page's head, feeds, citation, sitemaps, robots."""
    get = {"HTTP_HOST": HOST}
    found = []
    head = client.get(brief.get_absolute_url(), **get).content.decode().split("</head>")[0]
    found += re.findall(r'(?:href|content)="(https?://[^"]+)"', head)
    for kind in ("rss", "atom"):
        feed = feedparser.parse(client.get(reverse(f"briefs:site-feed-{kind}"), **get).content)
        entry = feed.entries[0]
        found += [feed.feed.link, entry.link]
        found += [author.href for author in entry.authors if "href" in author]  # Atom's
    ris = client.get(reverse("briefs:brief-cite-ris", args=[brief.slug]), **get).text
    found += re.findall(r"^UR  - (.+)$", ris, re.M)
    for url in (reverse("sitemap-index"), reverse("sitemap-section", args=["briefs"])):
        found += re.findall(r"<loc>([^<]+)</loc>", client.get(url, **get).text)
    found += re.findall(r"^Sitemap: (.+)$", client.get("/robots.txt", **get).text, re.M)
    return found


def test_without_site_url_every_address_is_on_the_host_and_port_asked(client, brief, settings):
    """A development server on port 8123 links to port 8123, not 8000."""
    settings.SITE_URL = ""
    found = addresses_written(client, brief)
    on_site = [url for url in found if "schema.org" not in url]
    assert len(on_site) > 15
    assert all(url.startswith(ROOT) for url in on_site), on_site
    assert f"{ROOT}briefs/on-any-port/" in found
    assert f"{ROOT}sitemap-briefs.xml" in found
    assert f"{ROOT}authors/any-author/" in found


def test_with_site_url_every_address_is_on_it_whatever_the_host_asked(client, brief, settings):
    """The sitemap index included: its sections are named on SITE_URL like their pages."""
    settings.SITE_URL = SITE.rstrip("/")
    on_site = [url for url in addresses_written(client, brief) if "schema.org" not in url]
    assert all(url.startswith(SITE) for url in on_site), on_site
    assert f"{SITE}sitemap-briefs.xml" in on_site
