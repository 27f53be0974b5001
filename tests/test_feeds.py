"""RSS and Atom feeds: valid, public briefs only, one feed class for every taxonomy."""

import re
from datetime import timedelta

import feedparser
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from briefs.editorial import workflow
from briefs.models import Brief
from countries.models import Country
from tests import image_files as files
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory, with_hero
from tests.query_counts import assert_query_budget

pytestmark = pytest.mark.django_db

FEEDS = [
    ("site", []),
    ("country", ["georgia"]),
    ("region", ["south-caucasus"]),
    ("theme", ["neutrality"]),
    ("series", ["feed-series"]),
    ("author", ["feed-author"]),
]


@pytest.fixture
def world(settings):
    """A public brief with two authors, and a hidden brief of each kind on the same terms."""
    settings.SITE_URL = "https://briefs.example.org"
    first = AuthorFactory(name="Nino Beridze", slug="feed-author")
    second = AuthorFactory(name="Élodie Marchand", slug="second-author")
    series = SeriesFactory(slug="feed-series")
    countries = list(Country.objects.filter(code__in=["GE", "AM"]))
    public = BriefFactory(
        title="Georgia between the blocs",
        slug="georgia-between-blocs",
        dek="Why Tbilisi hedges.",
        authors=[first, second],
        countries=countries,
        themes=["neutrality", "sanctions"],
        series=series,
        series_position=1,
    )
    for position, trait in enumerate(("draft", "in_review", "scheduled"), start=2):
        BriefFactory(
            title=f"Hidden {trait}",
            authors=[first],
            countries=countries,
            themes=["neutrality"],
            series=series,
            series_position=position,
            **{trait: True},
        )
    return public


def feed_url(taxonomy, args, kind="rss"):
    return reverse(f"briefs:{taxonomy}-feed-{kind}", args=args)


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return response, parsed


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize(("taxonomy", "args"), FEEDS)
def test_each_feed_is_valid_and_lists_only_public_briefs(client, world, taxonomy, args, kind):
    """Every feed parses cleanly and carries the public brief, never a hidden one."""
    response, parsed = parse(client, feed_url(taxonomy, args, kind))
    assert response["Content-Type"].startswith(f"application/{kind}+xml")
    assert parsed.version == ("rss20" if kind == "rss" else "atom10")
    assert [entry.title for entry in parsed.entries] == ["Georgia between the blocs"]
    assert b"Hidden" not in response.content


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_entry_carries_summary_authors_time_and_categories(client, world, kind):
    """Readers see the dek, both authors in order, the publish time, the type and the
    filing terms."""
    _, parsed = parse(client, feed_url("site", [], kind))
    entry = parsed.entries[0]
    assert entry.link == "https://briefs.example.org/briefs/georgia-between-blocs/"
    assert entry.summary == "Why Tbilisi hedges."
    assert [author.name for author in entry.authors] == ["Nino Beridze", "Élodie Marchand"]
    published = entry.published_parsed
    assert (published.tm_year, published.tm_mon, published.tm_mday) == (
        world.publish_at.year,
        world.publish_at.month,
        world.publish_at.day,
    )
    assert [tag.term for tag in entry.tags][0] == "Brief"
    assert {tag.term for tag in entry.tags} == {
        "Brief",
        "Armenia",
        "Georgia",
        "neutrality",
        "sanctions",
    }
    assert "media_content" not in entry


def test_term_feed_is_titled_after_its_term(client, world):
    """A country's feed says which country it follows and links to its page."""
    _, parsed = parse(client, feed_url("country", ["georgia"]))
    assert parsed.feed.title.startswith("Georgia")
    assert parsed.feed.link == "https://briefs.example.org/countries/georgia/"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_hero_image_is_offered_as_media_content(client, world, monkeypatch, kind):
    """A brief's hero image reaches feed readers with its absolute address and type."""
    newest = Brief.objects.published().newest_first().first()
    with_hero(newest, files.encode(files.landscape(), "PNG"), name="tbilisi.png")
    _, parsed = parse(client, feed_url("site", [], kind))
    media = parsed.entries[0].media_content[0]
    assert media["url"] == f"https://briefs.example.org{newest.hero.image.url}"
    assert newest.hero.image.name.endswith(".png")
    assert media["type"] == "image/png"


@pytest.mark.parametrize(
    ("taxonomy", "slug"),
    [("country", "atlantis"), ("theme", "nothing"), ("series", "none"), ("author", "nobody")],
)
def test_unknown_term_has_no_feed(client, world, taxonomy, slug):
    """A made-up slug is a 404, not an empty feed or an error."""
    assert client.get(feed_url(taxonomy, [slug])).status_code == 404


def test_term_used_only_by_hidden_briefs_has_no_feed(client, world):
    """A theme only a draft uses stays as invisible as the draft."""
    BriefFactory(draft=True, themes=["secret-plans"])
    assert client.get(feed_url("theme", ["secret-plans"])).status_code == 404


# Today 4 for the site feed, 5 for a term's (the term itself is one more).
FEED_MAX_QUERIES = 7


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize(("taxonomy", "args"), FEEDS)
def test_feed_query_count_does_not_grow(client, world, taxonomy, args, kind):
    """A feed of 20 briefs costs no more queries than a feed of 1, and few."""
    url = feed_url(taxonomy, args, kind)
    client.get(url)  # warm up content types and other per-process caches
    author = world.ordered_authors[0]

    def add_briefs():
        for position in range(2, 31):
            BriefFactory(
                authors=[author, AuthorFactory()],
                countries=list(world.countries.all()),
                themes=["neutrality", "trade"],
                series=world.series,
                series_position=position + 10,
            )

    response = assert_query_budget(lambda: client.get(url), add_briefs, FEED_MAX_QUERIES)
    assert len(feedparser.parse(response.content).entries) == 20


@pytest.mark.parametrize(
    ("page", "args", "feed"),
    [
        ("briefs:home", [], None),
        ("briefs:country-detail", ["georgia"], "country"),
        ("briefs:region-detail", ["south-caucasus"], "region"),
        ("briefs:theme-detail", ["neutrality"], "theme"),
        ("briefs:series-detail", ["feed-series"], "series"),
        ("briefs:author-detail", ["feed-author"], "author"),
    ],
)
def test_pages_advertise_their_feeds(client, world, page, args, feed):
    """Feed readers find the term's feeds, and the site's, from the page itself."""
    html = client.get(reverse(page, args=args)).content.decode()
    expected = [("site", [])] + ([(feed, args)] if feed else [])
    for taxonomy, feed_args in expected:
        for kind in ("rss", "atom"):
            link = (
                rf'<link rel="alternate" type="application/{kind}\+xml" title="[^"]+" '
                rf'href="{re.escape(feed_url(taxonomy, feed_args, kind))}">'
            )
            assert re.search(link, html), link


def test_remembered_feed_entries_follow_an_edit_and_a_scheduled_brief(client, remembered):
    """Entries are kept per content generation, never past a change or a publish time."""
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    brief = BriefFactory(title="First title")
    soon = BriefFactory(title="Scheduled one", publish_at=timezone.now() + timedelta(minutes=5))
    assert [e.title for e in feedparser.parse(client.get("/feed/").content).entries] == [
        "First title"
    ]
    brief.title = "Second title"
    brief.save()
    assert "Second title" in client.get("/feed/").content.decode()
    with time_machine.travel(soon.publish_at + timedelta(seconds=1)):
        titles = [e.title for e in feedparser.parse(client.get("/feed/").content).entries]
    assert titles == ["Scheduled one", "Second title"]


def entry_ids(client):
    """{kind: the id of the feed's first entry} for RSS (``guid``) and Atom (``id``)."""
    ids = {}
    for kind in ("rss", "atom"):
        _, parsed = parse(client, feed_url("site", [], kind))
        ids[kind] = parsed.entries[0].id
    return ids


def test_an_entry_id_is_a_tag_uri_of_the_site_the_day_and_the_brief(client, world):
    """tag:<SITE_URL's host>,<day the brief was created>:brief/<id>; RSS says it is no link."""
    expected = f"tag:briefs.example.org,{world.created_at:%Y-%m-%d}:brief/{world.pk}"
    assert entry_ids(client) == {"rss": expected, "atom": expected}
    rss = client.get(feed_url("site", [])).content.decode()
    assert f'<guid isPermaLink="false">{expected}</guid>' in rss


def test_an_entry_id_outlives_a_rename_an_unpublish_and_a_new_publish_time(client, world, editor):
    """Feed readers keep seeing the same brief, not a new one, whatever the editors do."""
    before = entry_ids(client)
    world.slug = "georgia-renamed"
    world.save()
    assert entry_ids(client) == before
    workflow.move(world, Brief.Status.DRAFT, editor)
    workflow.move(world, Brief.Status.PUBLISHED, editor, publish_at=timezone.now())
    world.refresh_from_db()
    assert world.get_absolute_url() == "/briefs/georgia-renamed/"
    assert entry_ids(client) == before


def test_a_scheduled_brief_has_its_id_once_it_goes_live(client, world):
    """Rescheduled before it goes live, it enters the feed with the id it keeps afterwards."""
    scheduled = Brief.objects.get(title="Hidden scheduled")
    scheduled.publish_at = timezone.now() + timedelta(days=3)
    scheduled.save()
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        first = entry_ids(client)
    assert first["rss"].endswith(f",{scheduled.created_at:%Y-%m-%d}:brief/{scheduled.pk}")
    with time_machine.travel(timezone.now() + timedelta(days=40)):
        assert entry_ids(client) == first


def test_the_id_names_the_sites_host_without_its_port(client, world, settings):
    """RFC 4151 names a host, never a port."""
    settings.SITE_URL = "http://127.0.0.1:8123"
    assert entry_ids(client)["atom"].startswith("tag:127.0.0.1,")
