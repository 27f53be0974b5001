"""The database moves the public generation for changes readers can see, and only for those."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from briefs.caching import generation
from briefs.models import Brief, BriefAuthor, ContentGeneration
from countries.models import Country
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def token():
    return ContentGeneration.objects.get().token


@pytest.fixture
def public():
    return BriefFactory(title="Public brief", themes=["trade"])


@pytest.fixture
def draft():
    return BriefFactory(title="Draft brief", draft=True)


def moves(change):
    before = token()
    change()
    return token() != before


def test_saving_a_public_brief_moves_it(public):
    public.dek = "A corrected summary."
    assert moves(public.save)


def test_publishing_and_unpublishing_move_it(draft):
    draft.status, draft.publish_at = Brief.Status.PUBLISHED, timezone.now()
    assert moves(draft.save)
    draft.status, draft.publish_at = Brief.Status.DRAFT, None
    assert moves(draft.save)


def test_saving_a_draft_a_review_or_a_scheduled_brief_does_not(draft):
    review = BriefFactory(in_review=True)
    scheduled = BriefFactory(scheduled=True)
    for brief in (draft, review, scheduled):
        brief.body = "<p>Still being written.</p>"
        assert not moves(brief.save), brief.status
    assert not moves(lambda: BriefFactory(draft=True, themes=["brand-new theme"]))
    assert not moves(lambda: draft.countries.add(Country.objects.get(code="AM")))
    assert not moves(lambda: scheduled.delete())


def test_a_link_of_a_public_brief_moves_it(public):
    assert moves(lambda: public.countries.add(Country.objects.get(code="AM")))
    assert moves(lambda: public.themes.add("energy"))
    assert moves(
        lambda: BriefAuthor.objects.create(brief=public, author=AuthorFactory(), position=2)
    )
    assert moves(lambda: public.themes.remove("trade"))


def test_renaming_or_removing_a_term_moves_it(public):
    series = SeriesFactory()
    series.title = "A better title"
    assert moves(series.save)
    country = Country.objects.get(code="GE")
    country.name = "Sakartvelo"
    assert moves(country.save)
    assert moves(AuthorFactory().delete)


def test_a_raw_update_moves_it(public, draft):
    assert moves(lambda: Brief.objects.filter(pk=public.pk).update(title="Raw"))
    assert not moves(lambda: Brief.objects.filter(pk=draft.pk).update(title="Raw"))


def test_a_lost_row_is_made_again_by_the_next_public_write(public):
    ContentGeneration.objects.all().delete()
    generation.forget()
    assert generation.current().token == "none"
    public.save()
    assert ContentGeneration.objects.get().token != "none"


def test_a_scheduled_brief_going_live_moves_the_generation_without_a_write():
    BriefFactory(publish_at=timezone.now() - timedelta(days=1))
    scheduled = BriefFactory(scheduled=True)
    generation.forget()
    now = generation.current()
    assert now.next_change_at == scheduled.publish_at
    later = generation.read()
    assert str(later) == str(now)
    with time_machine.travel(scheduled.publish_at + timedelta(seconds=1)):
        live = generation.current()
        assert live.token == now.token and str(live) != str(now)


def test_a_draft_save_keeps_every_kept_page(settings, client, draft, django_assert_num_queries):
    """Only changes readers can see retire pages: after a draft save the next reader is
    served from the cache, without a query."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    BriefFactory(title="Read by many")
    assert client.get("/").status_code == 200
    draft.body = "<p>An hour of careful edits.</p>"
    draft.save()
    with django_assert_num_queries(1):  # the fresh reading of the generation, nothing else
        assert "Read by many" in client.get("/").content.decode()
    cache.clear()


def test_the_generation_is_read_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        generation.read()
