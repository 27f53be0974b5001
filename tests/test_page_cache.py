"""Anonymous readers get cached pages that never show stale or private content."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from briefs.caching import page_cache
from briefs.models import Brief, BriefAuthor
from briefs.public.sitemaps import BriefSitemap
from countries.models import Country
from tests.caching import caches_on
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["locmem", "redis"])
def page_caching(request, settings):
    """The page cache turned on, over local memory or the real Redis."""
    with caches_on(settings, request.param):
        yield request.param


@pytest.fixture
def locmem_page_caching(settings):
    with caches_on(settings):
        yield


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_second_anonymous_visit_runs_no_query(page_caching, client, django_assert_num_queries):
    """A cached page is served without touching the database."""
    BriefFactory(title="Cached brief", slug="cached")
    assert "Cached brief" in page(client, "/")
    with django_assert_num_queries(0):
        assert "Cached brief" in page(client, "/")


def test_publishing_a_draft_shows_it(page_caching, client):
    draft = BriefFactory(title="Fresh analysis", draft=True)
    assert "Fresh analysis" not in page(client, "/")
    draft.status, draft.publish_at = Brief.Status.PUBLISHED, timezone.now()
    draft.save()
    assert "Fresh analysis" in page(client, "/")


def test_unpublishing_hides_it(page_caching, client):
    brief = BriefFactory(title="Withdrawn analysis", slug="withdrawn")
    assert "Withdrawn analysis" in page(client, "/")
    assert client.get("/briefs/withdrawn/").status_code == 200
    brief.status = Brief.Status.DRAFT
    brief.save()
    assert "Withdrawn analysis" not in page(client, "/")
    assert client.get("/briefs/withdrawn/").status_code == 404


def test_editing_a_brief_shows_the_edit(page_caching, client):
    brief = BriefFactory(title="First title", slug="edited")
    assert "First title" in page(client, "/briefs/edited/")
    brief.title = "Corrected title"
    brief.save()
    assert "Corrected title" in page(client, "/briefs/edited/")


def test_deleting_a_brief_removes_it(page_caching, client):
    brief = BriefFactory(title="Retracted analysis")
    assert "Retracted analysis" in page(client, "/briefs/")
    brief.delete()
    assert "Retracted analysis" not in page(client, "/briefs/")


def test_renaming_a_country_shows_the_new_name(page_caching, client):
    BriefFactory(slug="on-georgia", countries=[Country.objects.get(code="GE")])
    assert "Georgia" in page(client, "/briefs/on-georgia/")
    georgia = Country.objects.get(code="GE")
    georgia.name = "Sakartvelo"
    georgia.save()
    assert "Sakartvelo" in page(client, "/briefs/on-georgia/")


def test_renaming_a_region_shows_the_new_name(page_caching, client):
    BriefFactory(countries=[Country.objects.get(code="KZ")])
    assert "Central Asia" in page(client, "/countries/")
    region = Country.objects.get(code="KZ").region
    region.name = "Inner Asia"
    region.save()
    assert "Inner Asia" in page(client, "/countries/")


def test_changing_a_brief_countries_moves_it(page_caching, client):
    brief = BriefFactory(title="Moved brief", countries=[Country.objects.get(code="GE")])
    assert "Moved brief" in page(client, "/countries/georgia/")
    brief.countries.set([Country.objects.get(code="AM")])
    assert "Moved brief" not in page(client, "/countries/georgia/")
    assert "Moved brief" in page(client, "/countries/armenia/")


def test_retagging_a_theme_shows_it(page_caching, client):
    brief = BriefFactory(slug="tagged", themes=["sanctions"])
    assert "energy security" not in page(client, "/briefs/tagged/").lower()
    brief.themes.add("energy security")
    assert "energy security" in page(client, "/briefs/tagged/").lower()
    brief.themes.remove("energy security")
    assert "energy security" not in page(client, "/briefs/tagged/").lower()


def test_renaming_a_theme_shows_the_new_name(page_caching, client):
    brief = BriefFactory(themes=["trade"])
    assert "trade" in page(client, "/themes/").lower()
    theme = brief.themes.get()
    theme.name = "Commerce routes"
    theme.save()
    assert "Commerce routes" in page(client, "/themes/")


def test_author_change_shows_on_the_brief(page_caching, client):
    author = AuthorFactory(name="Ana Example")
    BriefFactory(slug="bylined", authors=[author])
    assert "Ana Example" in page(client, "/briefs/bylined/")
    author.name = "Ana Example-Smith"
    author.save()
    assert "Ana Example-Smith" in page(client, "/briefs/bylined/")


def test_adding_an_author_credit_shows_on_the_brief(page_caching, client):
    brief = BriefFactory(slug="co-written")
    assert "Second Writer" not in page(client, "/briefs/co-written/")
    BriefAuthor.objects.create(brief=brief, author=AuthorFactory(name="Second Writer"), position=2)
    assert "Second Writer" in page(client, "/briefs/co-written/")


def test_series_reorder_changes_previous_and_next(page_caching, client):
    series = SeriesFactory(slug="walk")
    first = BriefFactory(title="Part Alpha", slug="alpha", series=series, series_position=1)
    BriefFactory(title="Part Beta", slug="beta", series=series, series_position=2)
    assert "Part 2 of 2" in page(client, "/briefs/beta/")
    first.series_position = 3
    first.save()
    assert "Part 1 of 2" in page(client, "/briefs/beta/")


def test_renaming_a_series_shows_the_new_title(page_caching, client):
    series = SeriesFactory(title="Old series name")
    BriefFactory(series=series, series_position=1)
    assert "Old series name" in page(client, "/series/")
    series.title = "New series name"
    series.save()
    assert "New series name" in page(client, "/series/")


def test_scheduled_brief_appears_on_time(locmem_page_caching, client):
    """No cached page outlives the next scheduled publish time."""
    now = timezone.now()
    with time_machine.travel(now, tick=False) as traveller:
        BriefFactory(title="Already out")
        BriefFactory(title="Coming at noon", publish_at=now + timedelta(minutes=2))
        home = page(client, "/")
        assert "Already out" in home and "Coming at noon" not in home
        traveller.shift(timedelta(seconds=90))
        assert "Coming at noon" not in page(client, "/")
        traveller.shift(timedelta(seconds=31))
        assert "Coming at noon" in page(client, "/")


def test_page_timeout_is_capped_at_next_scheduled_publish(page_caching):
    BriefFactory(publish_at=timezone.now() + timedelta(seconds=40))
    assert 30 <= page_cache.lifetime("page") <= 40


def test_staff_pages_are_never_stored(page_caching, client, editor, django_assert_num_queries):
    """A logged-in editor's page is private, and an anonymous reader never gets it."""
    BriefFactory(title="Seen by all", slug="seen")
    client.force_login(editor)
    staff = client.get("/briefs/seen/")
    assert "public" not in staff.get("Cache-Control", "")
    client.logout()
    anonymous = client.get("/briefs/seen/")
    assert anonymous.status_code == 200
    assert "public" in anonymous["Cache-Control"]
    with django_assert_num_queries(0):
        client.get("/briefs/seen/")


def _middleware_response(view, **headers):
    request = RequestFactory().get("/private-page/", **headers)
    middleware = page_cache.AnonymousPageCacheMiddleware(view)
    return middleware(request)


def test_private_and_cookie_setting_responses_are_never_stored(page_caching):
    """A preview (private) or a form page (sets the CSRF cookie) is rendered every time."""
    calls = []

    @never_cache
    def preview(request):
        calls.append("preview")
        return HttpResponse("draft preview")

    def form_page(request):
        calls.append("form")
        response = HttpResponse("a form")
        response["Cache-Control"] = "public"
        response.set_cookie("csrftoken", "token")
        return response

    for view in (preview, form_page, preview, form_page):
        _middleware_response(view)
    assert calls == ["preview", "form", "preview", "form"]


def test_requests_with_a_session_cookie_bypass_the_cache(page_caching):
    calls = []

    def public(request):
        calls.append(1)
        response = HttpResponse("public page")
        response["Cache-Control"] = "public"
        return response

    _middleware_response(public)
    _middleware_response(public)
    _middleware_response(public, HTTP_COOKIE="sessionid=abc")
    assert len(calls) == 2


def test_brief_page_answers_conditional_get_with_304(
    page_caching, client, django_assert_num_queries
):
    """A revalidation (a browser's, a CDN's) of a kept page is answered from the cache."""
    BriefFactory(slug="etagged")
    first = client.get("/briefs/etagged/")
    assert "s-maxage=" in first["Cache-Control"]
    etag = first["ETag"]
    with django_assert_num_queries(0):
        assert client.get("/briefs/etagged/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/briefs/etagged/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_the_gzipped_and_the_plain_page_each_have_their_etag(page_caching, client):
    """The ETag is of the bytes sent: strong, and one per encoding."""
    BriefFactory(slug="encoded")
    gzipped = {"HTTP_ACCEPT_ENCODING": "gzip"}
    plain_etag = client.get("/briefs/encoded/")["ETag"]
    packed = client.get("/briefs/encoded/", **gzipped)
    assert packed["Content-Encoding"] == "gzip"
    assert packed["ETag"] != plain_etag
    assert not packed["ETag"].startswith("W/")
    assert client.get("/briefs/encoded/", **gzipped)["ETag"] == packed["ETag"]
    revalidated = client.get("/briefs/encoded/", HTTP_IF_NONE_MATCH=packed["ETag"], **gzipped)
    assert revalidated.status_code == 304
    assert client.get("/briefs/encoded/", HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 200


def test_admin_pages_carry_no_etag(admin_client):
    """Never-cached pages (the admin, logins) are never revalidated, so get no ETag."""
    for url in [reverse("admin:index"), reverse("admin:briefs_brief_changelist")]:
        response = admin_client.get(url)
        assert response.status_code == 200
        assert not response.has_header("ETag")


def test_conditional_get_works_with_the_page_cache_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    BriefFactory(slug="uncached-etag")
    etag = client.get("/briefs/uncached-etag/")["ETag"]
    assert client.get("/briefs/uncached-etag/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_hidden_brief_is_not_served_from_cache(page_caching, client):
    """A 404 is never stored, so a brief published later is found at once."""
    brief = BriefFactory(slug="later", draft=True)
    assert client.get(reverse("briefs:brief-detail", args=["later"])).status_code == 404
    brief.status, brief.publish_at = Brief.Status.PUBLISHED, timezone.now()
    brief.save()
    assert client.get(reverse("briefs:brief-detail", args=["later"])).status_code == 200


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/", "/sitemap-briefs.xml"])
def test_feeds_and_sitemap_come_from_the_cache_until_a_publish(
    page_caching, client, django_assert_num_queries, url
):
    """Feed readers and crawlers poll often: their second visit costs no query, and a
    newly published brief is in the very next answer."""
    BriefFactory(title="Polled brief", slug="polled")
    draft = BriefFactory(title="Later brief", slug="later", draft=True)
    assert "polled" in page(client, url)
    with django_assert_num_queries(0):
        assert "later" not in page(client, url)
    draft.status, draft.publish_at = Brief.Status.PUBLISHED, timezone.now()
    draft.save()
    assert "later" in page(client, url)


def test_sitemap_index_comes_from_the_cache(page_caching, client, django_assert_num_queries):
    BriefFactory()
    assert "sitemap-briefs.xml" in page(client, "/sitemap.xml")
    with django_assert_num_queries(0):
        assert "sitemap-briefs.xml" in page(client, "/sitemap.xml")


def georgia_count(html):
    found = re.search(r'facet__label">\s*Georgia\s*</span>\s*<span class="count">\s*(\d+)<', html)
    return found.group(1)


def test_archive_facets_are_counted_once_until_a_publish(locmem_page_caching, settings, client):
    """The unfiltered archive's facet counts are the same for every reader: with the page
    cache off they are still counted once per change, and a publish updates them."""
    settings.PAGE_CACHE_SECONDS = 0
    georgia = Country.objects.get(code="GE")
    BriefFactory(countries=[georgia])
    draft = BriefFactory(countries=[georgia], draft=True)
    with CaptureQueriesContext(connection) as first:
        assert georgia_count(page(client, "/briefs/")) == "1"
    with CaptureQueriesContext(connection) as second:
        assert georgia_count(page(client, "/briefs/")) == "1"
    assert len(second) <= len(first) - 1  # at least the one query counting the six facets
    draft.status, draft.publish_at = Brief.Status.PUBLISHED, timezone.now()
    draft.save()
    assert georgia_count(page(client, "/briefs/")) == "2"
    assert georgia_count(page(client, "/search/")) == "2"


@pytest.mark.parametrize("url", ["/briefs/", "/", "/series/walk/"])
def test_kept_brief_cards_show_the_next_edit(locmem_page_caching, settings, client, url):
    """A list of cards is kept between requests even with the page cache off, and an
    author's new name, a new title or a new part number is on the next page."""
    settings.PAGE_CACHE_SECONDS = 0
    author = AuthorFactory(name="Ana Example")
    series = SeriesFactory(slug="walk")
    first = BriefFactory(title="Card one", authors=[author], series=series, series_position=1)
    BriefFactory(title="Card two", series=series, series_position=2)
    assert "Ana Example" in page(client, url)
    assert page(client, url) == page(client, url)
    author.name = "Ana Renamed"
    author.save()
    first.title = "Card one, corrected"
    first.series_position = 3
    first.save()
    html = page(client, url)
    assert "Ana Renamed" in html and "Card one, corrected" in html
    if url.startswith("/series/"):
        assert html.index("Card two") < html.index("Card one, corrected")


def test_sitemap_index_counts_once_until_a_publish(
    locmem_page_caching, settings, client, monkeypatch
):
    """With the page cache off the index still does not recount every section each time,
    and a publish that needs a second page of briefs lists it at once."""
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(BriefSitemap, "limit", 1)
    BriefFactory()
    draft = BriefFactory(draft=True)
    with CaptureQueriesContext(connection) as first:
        assert "sitemap-briefs.xml?p=2" not in page(client, "/sitemap.xml")
    with CaptureQueriesContext(connection) as second:
        assert "sitemap-briefs.xml?p=2" not in page(client, "/sitemap.xml")
    assert len(second) < len(first)
    draft.status, draft.publish_at = Brief.Status.PUBLISHED, timezone.now()
    draft.save()
    assert "sitemap-briefs.xml?p=2" in page(client, "/sitemap.xml")
