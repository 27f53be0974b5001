"""sitemap.xml and robots.txt: every public page, nothing hidden, the admin kept out."""

import re
from datetime import datetime

import pytest
from django.urls import reverse

from briefs.models import ContentGeneration
from briefs.public.sitemaps import BriefSitemap
from countries.models import Country
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory
from tests.query_counts import assert_query_budget

pytestmark = pytest.mark.django_db

SITE = "https://briefs.example.org"


@pytest.fixture
def world(settings):
    """A public brief, and a draft, a brief in review and a scheduled one with their own terms."""
    settings.SITE_URL = SITE
    georgia = Country.objects.get(code="GE")
    public = BriefFactory(
        slug="public-brief",
        authors=[AuthorFactory(slug="public-author")],
        countries=[georgia],
        themes=["neutrality"],
        series=SeriesFactory(slug="public-series"),
        series_position=1,
    )
    for trait in ("draft", "in_review", "scheduled"):
        slug = trait.replace("_", "-")
        BriefFactory(
            slug=f"hidden-{slug}",
            authors=[AuthorFactory(slug=f"hidden-author-{slug}")],
            countries=[Country.objects.get(code="TM")],
            themes=[f"hidden-theme-{slug}"],
            series=SeriesFactory(slug=f"hidden-series-{slug}"),
            series_position=1,
            **{trait: True},
        )
    return public


def locations(client, section):
    response = client.get(reverse("sitemap-section", args=[section]))
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_index_names_every_section(client, world):
    """The sitemap index points crawlers at briefs and each taxonomy's pages, on SITE_URL
    like the pages they list, whatever host the request came to."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    names = re.findall(rf"<loc>{SITE}/sitemap-([a-z]+)\.xml</loc>", response.text)
    assert set(names) == {"sections", "briefs", "country", "region", "theme", "series", "author"}


def test_briefs_section_lists_public_briefs_with_lastmod(client, world):
    """Only the public brief is listed, at its canonical address, with its last change."""
    response = client.get(reverse("sitemap-section", args=["briefs"]))
    assert re.findall(r"<loc>([^<]+)</loc>", response.text) == [f"{SITE}/briefs/public-brief/"]
    assert f"<lastmod>{world.updated_at.date().isoformat()}</lastmod>" in response.text


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("country", ["/countries/georgia/"]),
        ("region", ["/regions/south-caucasus/"]),
        ("theme", ["/themes/neutrality/"]),
        ("series", ["/series/public-series/"]),
        ("author", ["/authors/public-author/"]),
    ],
)
def test_taxonomy_sections_list_only_terms_with_public_briefs(client, world, section, expected):
    """Terms that only hidden briefs use (Turkmenistan, hidden themes...) are not listed."""
    assert locations(client, section) == [SITE + path for path in expected]


def test_nothing_hidden_appears_anywhere_in_the_sitemap(client, world):
    """No section names a hidden brief or a term only hidden briefs use."""
    sections = ["sections", "briefs", "country", "region", "theme", "series", "author"]
    everything = " ".join(" ".join(locations(client, section)) for section in sections)
    assert "hidden" not in everything
    assert "turkmenistan" not in everything
    assert "central-asia" not in everything


# Today 2: the kept counts (one query on a site in UTC, no scan) and one page of briefs.
SITEMAP_SECTION_MAX_QUERIES = 5


def test_brief_sitemap_query_count_does_not_grow(client, world):
    """The briefs section costs no more for 30 public briefs than for 1, and little."""
    url = reverse("sitemap-section", args=["briefs"])
    response = assert_query_budget(
        lambda: client.get(url),
        lambda: BriefFactory.create_batch(29),
        SITEMAP_SECTION_MAX_QUERIES,
    )
    assert response.text.count("<url>") == 30


def test_unknown_section_is_not_found(client, world):
    """A section name the sitemap does not have is a 404."""
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_names_the_sitemap_and_keeps_previews_out(client, world, settings):
    """robots.txt disallows share-link previews, never reveals the admin's address, and
    gives the sitemap's absolute address."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "Disallow: /preview/" in lines
    assert "admin" not in response.text
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert "hidden" not in response.text


def test_robots_uses_the_request_host_without_site_url(client, settings):
    settings.SITE_URL = ""
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").text


def test_brief_section_is_split_into_pages_the_index_lists(client, world, monkeypatch):
    """A large archive is served in pages, and the index names every page."""
    monkeypatch.setattr(BriefSitemap, "limit", 2)
    BriefFactory.create_batch(2)
    index = client.get("/sitemap.xml").text
    assert f"<loc>{SITE}/sitemap-briefs.xml?p=2</loc>" in index
    first = locations(client, "briefs")
    second = re.findall(r"<loc>([^<]+)</loc>", client.get("/sitemap-briefs.xml?p=2").text)
    assert len(first) == 2
    assert len(second) == 1
    assert not set(first) & set(second)


def test_the_index_dates_the_briefs_section_by_the_last_public_change(client, world):
    """The index's lastmod for the briefs section is when public content last changed,
    as the database keeps it: an edit of a public brief moves it, no scan needed."""
    world.dek = "A corrected summary."
    world.save()
    changed = ContentGeneration.objects.get().changed_at
    index = client.get(reverse("sitemap-index")).content.decode()
    section = re.search(r"sitemap-briefs\.xml</loc>\s*<lastmod>([^<]+)</lastmod>", index)
    assert datetime.fromisoformat(section.group(1)) == changed


def alternates_of(client, address):
    """{hreflang: href} of the ``xhtml:link`` alternates in the <url> of ``address``."""
    xml = client.get(reverse("sitemap-section", args=["briefs"])).content.decode()
    url = re.search(rf"<url><loc>{re.escape(SITE + address)}</loc>.*?</url>", xml, re.S)
    assert url is not None, address
    return dict(
        re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>', url[0])
    )


def test_each_brief_names_its_public_translations(client, world):
    """The original and its Russian translation each list both, and x-default the original;
    the Russian one is at its /ru/ address, the sitemap itself unprefixed."""
    BriefFactory(slug="public-brief-ru", language="ru", translation_of=world)
    both = {
        "en-GB": f"{SITE}/briefs/public-brief/",
        "ru": f"{SITE}/ru/briefs/public-brief-ru/",
        "x-default": f"{SITE}/briefs/public-brief/",
    }
    assert alternates_of(client, "/briefs/public-brief/") == both
    assert alternates_of(client, "/ru/briefs/public-brief-ru/") == both
    xml = client.get(reverse("sitemap-section", args=["briefs"])).content.decode()
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in xml
    assert client.get("/ru/sitemap-briefs.xml").status_code == 404


def test_a_hidden_translation_is_no_alternate(client, world):
    """A draft translation is neither listed nor named as an alternate of its original."""
    BriefFactory(slug="public-brief-ru", language="ru", translation_of=world, draft=True)
    assert alternates_of(client, "/briefs/public-brief/") == {}
    assert "public-brief-ru" not in client.get("/sitemap-briefs.xml").content.decode()


def test_translations_add_no_query_per_brief(client, world):
    """The alternates of a page of briefs are one query, however many briefs have them."""
    url = reverse("sitemap-section", args=["briefs"])
    BriefFactory(slug="public-brief-ru", language="ru", translation_of=world)

    def translate_many():
        for original in BriefFactory.create_batch(15):
            BriefFactory(language="ru", translation_of=original)

    response = assert_query_budget(
        lambda: client.get(url), translate_many, SITEMAP_SECTION_MAX_QUERIES
    )
    assert response.text.count("<xhtml:link") == 16 * 3 * 2
