"""The visibility walk with every cache on: a brief that leaves the public is gone from every
surface, whatever the cache did meanwhile (lost its writes, refused, hung)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from briefs.models import Brief
from countries.models import Country
from tests.caching import caches_on
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory

pytestmark = pytest.mark.django_db

TITLE = "Quietly leaving brief"
SLUG = "quietly-leaving"


@pytest.fixture(params=["locmem", "redis", "redis-refusing", "redis-hung"])
def caching(request, settings):
    """Page, fragment and aggregate caches on, over each kind of cache and cache trouble."""
    settings.REDIS_TIMEOUT_SECONDS = 0.1
    with caches_on(settings, request.param):
        yield request.param


@pytest.fixture
def leaving():
    """A public brief sharing every term with a brief that stays, part 2 of a series."""
    author = AuthorFactory(slug="walk-author")
    series = SeriesFactory(slug="walk-series")
    georgia = Country.objects.get(code="GE")
    common = {"authors": [author], "countries": [georgia], "themes": ["neutrality"]}
    BriefFactory(title="Staying brief", slug="staying", series=series, series_position=1, **common)
    return BriefFactory(title=TITLE, slug=SLUG, series=series, series_position=2, **common)


def surfaces():
    """Every public address that could show the leaving brief: its own addresses (its page,
    its API record), and every other one."""
    details = [reverse("briefs:brief-detail", args=[SLUG]), f"/api/v1/briefs/{SLUG}/"]
    pages = [
        reverse("briefs:home"),
        reverse("briefs:brief-list"),
        reverse("briefs:brief-list") + "?country=georgia",
        reverse("briefs:search") + "?q=quietly",
        reverse("briefs:country-detail", args=["georgia"]),
        reverse("briefs:region-detail", args=["south-caucasus"]),
        reverse("briefs:theme-detail", args=["neutrality"]),
        reverse("briefs:series-detail", args=["walk-series"]),
        reverse("briefs:author-detail", args=["walk-author"]),
        reverse("briefs:brief-detail", args=["staying"]),  # previous/next, contents, related
        "/feed/",
        "/feed/atom/",
        "/countries/georgia/feed/",
        "/sitemap.xml",
        "/sitemap-briefs.xml",
        "/api/v1/briefs/",
        "/api/v1/briefs/?q=quietly",
        "/api/v1/briefs/?series=walk-series&author=walk-author&theme=neutrality",
        "/api/v1/briefs/staying/",
        "/api/v1/series/",
    ]
    return details, pages


def walk(client):
    """{address: page text} for every surface, plus the statuses of the brief's own."""
    details, pages = surfaces()
    seen = {url: client.get(url) for url in pages}
    for url, response in seen.items():
        assert response.status_code == 200, url
    statuses = {client.get(detail).status_code for detail in details}
    return statuses, {url: r.content.decode() for url, r in seen.items()}


def assert_gone(client):
    statuses, pages = walk(client)
    assert statuses == {404}
    for url, text in pages.items():
        assert TITLE not in text and SLUG not in text, url


def assert_shown(client):
    statuses, pages = walk(client)
    assert statuses == {200}
    for url in ("/", "/briefs/", "/feed/", "/sitemap-briefs.xml", "/api/v1/briefs/"):
        assert SLUG in pages[url], url


def after_the_bound():
    """The clock moved past GENERATION_CHECK_SECONDS: what another process may take."""
    return time_machine.travel(
        timezone.now() + timedelta(seconds=django_settings.GENERATION_CHECK_SECONDS + 0.1)
    )


def unpublish(brief):
    brief.status, brief.publish_at = Brief.Status.DRAFT, None
    brief.save()


def send_to_review(brief):
    brief.status, brief.publish_at = Brief.Status.REVIEW, None
    brief.save()


def reschedule(brief):
    brief.publish_at = timezone.now() + timedelta(days=2)
    brief.save()


def delete(brief):
    brief.delete()


HIDINGS = [unpublish, send_to_review, reschedule, delete]


@pytest.mark.parametrize("hide", HIDINGS, ids=lambda hide: hide.__name__)
def test_a_brief_leaving_the_public_leaves_every_surface(caching, client, leaving, hide):
    assert_shown(client)
    hide(leaving)
    assert_gone(client)


def test_unpublish_while_the_cache_drops_every_write(caching, client, leaving, monkeypatch):
    """The unpublish's cache writes are all lost: nothing of it lives in the cache."""
    assert_shown(client)
    for method in ("set", "set_many", "add", "delete", "delete_many", "clear", "touch"):
        monkeypatch.setattr(cache, method, lambda *args, **kwargs: None)
    unpublish(leaving)
    monkeypatch.undo()
    assert_gone(client)


def test_a_raw_update_leaves_every_surface_within_the_bound(caching, client, leaving):
    """QuerySet.update() sends no signal; the database's trigger still moves the generation."""
    assert_shown(client)
    Brief.objects.filter(pk=leaving.pk).update(status=Brief.Status.DRAFT, publish_at=None)
    with after_the_bound():
        assert_gone(client)


def test_plain_sql_leaves_every_surface_within_the_bound(caching, client, leaving):
    assert_shown(client)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE briefs_brief SET status = 'review' WHERE id = %s", [leaving.pk])
    with after_the_bound():
        assert_gone(client)


def test_loaddata_of_a_draft_leaves_every_surface(caching, client, leaving, tmp_path):
    assert_shown(client)
    leaving.status, leaving.publish_at = Brief.Status.DRAFT, None
    fixture = tmp_path / "restored.json"
    fixture.write_text(serializers.serialize("json", [leaving]))
    Brief.objects.filter(pk=leaving.pk).update(title="Not yet restored")  # the row differs
    call_command("loaddata", str(fixture), verbosity=0)
    assert_gone(client)


def test_a_revision_restore_to_a_draft_leaves_every_surface(caching, client, leaving):
    """Restoring an older revision (a draft) takes a published brief down."""
    import reversion
    from reversion.models import Version

    leaving.status, leaving.publish_at = Brief.Status.DRAFT, None
    with reversion.create_revision():
        leaving.save()
    draft_version = Version.objects.get_for_object(leaving).first()
    leaving.status, leaving.publish_at = Brief.Status.PUBLISHED, timezone.now()
    leaving.save()
    assert_shown(client)
    draft_version.revision.revert()
    assert Brief.objects.get(pk=leaving.pk).status == Brief.Status.DRAFT
    assert_gone(client)


def test_a_scheduled_part_going_live_updates_every_kept_piece(caching, client, leaving):
    """Part 3 goes live on time: part 2's page says "Part 2 of 3" and links to it."""
    BriefFactory(
        title="Third part",
        slug="third-part",
        series=leaving.series,
        series_position=3,
        publish_at=timezone.now() + timedelta(minutes=10),
    )
    before = client.get(leaving.get_absolute_url()).content.decode()
    assert "Part 2 of 2" in before and "third-part" not in before
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        after = client.get(leaving.get_absolute_url()).content.decode()
        assert "Part 2 of 3" in after and "third-part" in after
        assert "third-part" in client.get("/feed/").content.decode()
        assert "third-part" in client.get("/series/walk-series/").content.decode()
