"""``bench/archive.py`` builds a realistic, reproducible archive for the benchmark."""

import pytest

from bench.archive import SLUG_PREFIX, generate
from briefs.models import Brief, Series

pytestmark = pytest.mark.django_db

BRIEFS = 200


def generated(**options):
    generate(BRIEFS, **options)
    return Brief.objects.filter(slug__startswith=SLUG_PREFIX)


def test_builds_the_requested_mix():
    briefs = generated(seed=5)
    assert briefs.count() == BRIEFS
    public = briefs.published().count()
    scheduled = briefs.filter(status=Brief.Status.PUBLISHED).count() - public
    assert 0.8 * BRIEFS < public < BRIEFS
    assert scheduled + briefs.exclude(status=Brief.Status.PUBLISHED).count() > 0
    assert all(brief.byline.exists() and brief.countries.exists() for brief in briefs[:20])


def test_derived_fields_match_what_save_stores():
    brief = generated(seed=5).order_by("id").first()
    stored = (brief.word_count, brief.reading_minutes, brief.search_document, brief.body)
    assert brief.word_count >= 600
    brief.save()
    brief.refresh_from_db()
    assert (brief.word_count, brief.reading_minutes, brief.search_document, brief.body) == stored


def test_series_parts_are_numbered_from_one():
    generated(seed=5)
    for series in Series.objects.filter(slug__startswith=SLUG_PREFIX, briefs__isnull=False)[:5]:
        positions = sorted(series.briefs.values_list("series_position", flat=True))
        assert positions == list(range(1, len(positions) + 1))


def test_same_seed_same_archive():
    first = list(generated(seed=9).order_by("slug").values_list("slug", "word_count"))
    generate(BRIEFS, seed=9, replace=True)
    again = list(
        Brief.objects.filter(slug__startswith=SLUG_PREFIX)
        .order_by("slug")
        .values_list("slug", "word_count")
    )
    assert again == first


def test_running_again_keeps_the_archive(capsys):
    generated(seed=5)
    generate(BRIEFS, seed=6)
    assert Brief.objects.filter(slug__startswith=SLUG_PREFIX).count() == BRIEFS
    assert "already there" in capsys.readouterr().out


def test_generated_briefs_can_be_found_by_search(client):
    """Bulk inserts skip the save signals; the archive is still indexed for search."""
    brief = generated(seed=5).published().order_by("id").first()
    response = client.get("/search/", {"q": brief.title})
    assert brief.get_absolute_url() in response.content.decode()
