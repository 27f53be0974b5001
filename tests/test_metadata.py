"""What crawlers, social sites and Google Scholar read from a brief page's <head>."""

import json
from collections import defaultdict
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from briefs.listings.views import BriefListView
from briefs.models import Brief
from briefs.public.structured_data import brief_json_ld, json_ld_script
from countries.models import Country
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory
from tests.query_counts import PUBLIC_PAGE_MAX_QUERIES, assert_query_budget

pytestmark = pytest.mark.django_db

SITE = "https://briefs.example.org"


class Head(HTMLParser):
    """Collects <meta>, <link rel=canonical> and JSON-LD scripts from a page."""

    def __init__(self, html):
        super().__init__()
        self.meta = defaultdict(list)
        self.canonical = []
        self.json_ld = []
        self._in_json_ld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.meta[attrs.get("property") or attrs.get("name")].append(attrs["content"])
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))


@pytest.fixture
def brief(settings):
    """A brief in a series, by two authors, on three countries and two themes."""
    settings.SITE_URL = SITE
    return BriefFactory(
        title="Hedging in the South Caucasus",
        slug="hedging",
        dek="Three capitals, one war, different bets.",
        publish_at=datetime(2025, 3, 4, 9, 30, tzinfo=UTC),
        authors=[
            AuthorFactory(name="Nino Beridze", slug="nino-beridze"),
            AuthorFactory(name="Anar Məmmədov", slug="anar-mammadov"),
        ],
        countries=list(Country.objects.filter(code__in=["GE", "AM", "AZ"])),
        themes=["neutrality", "energy security"],
        series=SeriesFactory(title="Neutral ground", slug="neutral-ground"),
        series_position=2,
    )


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Head(response.content.decode())


def test_brief_has_canonical_description_and_open_graph(client, brief):
    """Social sites get an article with its title, summary, address, time, authors and tags."""
    head = head_of(client, brief.get_absolute_url())
    url = f"{SITE}/briefs/hedging/"
    assert head.canonical == [url]
    assert head.meta["description"] == ["Three capitals, one war, different bets."]
    assert head.meta["og:type"] == ["article"]
    assert head.meta["og:title"] == ["Hedging in the South Caucasus"]
    assert head.meta["og:url"] == [url]
    assert head.meta["article:published_time"] == ["2025-03-04T09:30:00+00:00"]
    assert head.meta["article:author"] == [
        f"{SITE}/authors/nino-beridze/",
        f"{SITE}/authors/anar-mammadov/",
    ]
    assert sorted(head.meta["article:tag"]) == ["energy security", "neutrality"]
    assert head.meta["twitter:title"] == ["Hedging in the South Caucasus"]


def test_seo_overrides_replace_title_and_description(client, brief):
    """An editor's search-engine title and description win over the title and dek."""
    Brief.objects.filter(pk=brief.pk).update(seo_title="Short title", seo_description="Short.")
    head = head_of(client, brief.get_absolute_url())
    assert head.meta["description"] == ["Short."]
    assert head.meta["og:title"] == ["Short title"]
    assert head.meta["og:description"] == ["Short."]


def test_social_card_becomes_the_shared_image(client, brief):
    """Open Graph, Twitter and JSON-LD show the brief's social card at an absolute address,
    and that address answers with the card."""
    head = head_of(client, brief.get_absolute_url())
    card = f"{SITE}{brief.social_card_url()}"
    assert card.startswith(f"{SITE}/briefs/hedging/card.png?v=")
    assert head.meta["og:image"] == [card]
    assert head.meta["twitter:image"] == [card]
    assert head.meta["twitter:card"] == ["summary_large_image"]
    assert head.json_ld[0]["image"] == card
    response = client.get(card.removeprefix(SITE))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_google_scholar_tags(client, brief, settings):
    """Scholar reads the title, each author in byline order, the date and the institution."""
    head = head_of(client, brief.get_absolute_url())
    assert head.meta["citation_title"] == ["Hedging in the South Caucasus"]
    assert head.meta["citation_author"] == ["Nino Beridze", "Anar Məmmədov"]
    assert head.meta["citation_publication_date"] == ["2025/03/04"]
    assert head.meta["citation_online_date"] == ["2025/03/04"]
    assert head.meta["citation_technical_report_institution"] == [settings.SITE_NAME]
    assert head.meta["citation_publisher"] == [settings.SITE_NAME]


def test_json_ld_describes_the_report(client, brief, settings):
    """Search engines read authors, dates, countries, series, themes and publisher."""
    head = head_of(client, brief.get_absolute_url())
    [data] = head.json_ld
    assert data["@type"] == "Report"
    assert data["headline"] == "Hedging in the South Caucasus"
    assert data["url"] == f"{SITE}/briefs/hedging/"
    assert data["author"] == [
        {"@type": "Person", "name": "Nino Beridze", "url": f"{SITE}/authors/nino-beridze/"},
        {"@type": "Person", "name": "Anar Məmmədov", "url": f"{SITE}/authors/anar-mammadov/"},
    ]
    assert data["datePublished"] == "2025-03-04T09:30:00+00:00"
    assert data["dateModified"].startswith(str(brief.updated_at.year))
    assert sorted((place["@type"], place["name"]) for place in data["about"]) == [
        ("Country", "Armenia"),
        ("Country", "Azerbaijan"),
        ("Country", "Georgia"),
    ]
    assert data["isPartOf"] == {
        "@type": "CreativeWorkSeries",
        "name": "Neutral ground",
        "url": f"{SITE}/series/neutral-ground/",
    }
    assert data["position"] == 2
    assert sorted(data["keywords"]) == ["energy security", "neutrality"]
    assert data["publisher"] == {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": f"{SITE}/",
    }
    assert data["image"] == f"{SITE}{brief.social_card_url()}"


def test_json_ld_cannot_be_broken_out_of_by_a_title(client, brief):
    """A title with </script> stays inside the JSON-LD and reads back intact."""
    title = "</script><script>alert(1)</script> & <!-- more"
    Brief.objects.filter(pk=brief.pk).update(title=title)
    html = client.get(brief.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert html.count("</script>") == 1
    assert Head(html).json_ld[0]["name"] == title


def test_json_ld_script_escapes_markup_characters(brief):
    """The script tag's body has no <, > or & that an HTML parser would act on."""
    brief.title = "A < B > C & </script>"
    script = json_ld_script(brief_json_ld(brief))
    body = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert not {"<", ">", "&"} & set(body)
    assert json.loads(body)["name"] == "A < B > C & </script>"


def test_brief_page_queries_do_not_grow_with_authors_and_countries(client, brief):
    """The metadata reads what the page already loaded: more authors cost no more queries."""
    url = brief.get_absolute_url()
    client.get(url)

    def add_credits():
        for position in range(3, 9):
            brief.byline.create(author=AuthorFactory(), position=position)
        brief.countries.add(*Country.objects.filter(code__in=["KZ", "UZ", "TM", "KG"]))
        brief.themes.add("trade", "migration")

    assert_query_budget(lambda: client.get(url), add_credits, PUBLIC_PAGE_MAX_QUERIES)


@pytest.mark.parametrize(
    ("name", "args", "canonical"),
    [
        ("briefs:home", [], "/"),
        ("briefs:brief-list", [], "/briefs/"),
        ("briefs:country-index", [], "/countries/"),
        ("briefs:country-detail", ["georgia"], "/countries/georgia/"),
        ("briefs:theme-detail", ["neutrality"], "/themes/neutrality/"),
        ("briefs:series-detail", ["neutral-ground"], "/series/neutral-ground/"),
        ("briefs:author-detail", ["nino-beridze"], "/authors/nino-beridze/"),
    ],
)
def test_other_public_pages_have_canonical_and_description(client, brief, name, args, canonical):
    """Every public page names its canonical address and has a description."""
    head = head_of(client, reverse(name, args=args) + "?utm_source=newsletter")
    assert head.canonical == [SITE + canonical]
    assert head.meta["description"][0]


def test_later_list_pages_are_their_own_canonical(client, brief, monkeypatch):
    """Page 2 of a list is canonical to itself, without any other query parameter."""
    monkeypatch.setattr(BriefListView, "paginate_by", 1)
    BriefFactory()
    head = head_of(client, reverse("briefs:brief-list") + "?page=2&utm_source=x")
    assert head.canonical == [f"{SITE}/briefs/?page=2"]


def test_canonical_falls_back_to_the_request_host(client, brief, settings):
    """Without SITE_URL the canonical address uses the host the reader asked for."""
    settings.SITE_URL = ""
    head = head_of(client, brief.get_absolute_url())
    assert head.canonical == ["http://testserver/briefs/hedging/"]
