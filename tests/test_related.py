"""Related briefs: public briefs sharing countries or themes, best match first, one query."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from briefs.models import Brief
from briefs.public import related
from briefs.public.related import related_briefs
from countries.models import Country
from tests.factories import BriefFactory
from tests.query_counts import assert_query_budget

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def country(code):
    return Country.objects.get(code=code)


def loaded(brief):
    """The brief as its page loads it, countries and themes prefetched."""
    return Brief.objects.published().for_listing().prefetch_related("themes").get(pk=brief.pk)


@pytest.fixture
def brief():
    return BriefFactory(
        slug="subject",
        countries=[country("GE"), country("AM")],
        themes=["neutrality", "sanctions"],
    )


def test_ranked_by_shared_terms_then_recency(brief):
    """Most shared countries and themes first; among equals, the newest first."""
    one_old = BriefFactory(slug="one-old", countries=[country("GE")], publish_at=days_ago(9))
    one_new = BriefFactory(
        slug="one-new", countries=[country("KZ")], themes=["sanctions"], publish_at=days_ago(2)
    )
    three = BriefFactory(
        slug="three",
        countries=[country("GE"), country("AM")],
        themes=["neutrality"],
        publish_at=days_ago(30),
    )
    BriefFactory(slug="two-of-them", countries=[country("AM")], themes=["neutrality"])
    BriefFactory(slug="unrelated", countries=[country("UZ")], themes=["trade"])
    assert [b.slug for b in related_briefs(loaded(brief))] == ["three", "two-of-them", "one-new"]
    assert [b.slug for b in related_briefs(loaded(brief), limit=5)] == [
        "three",
        "two-of-them",
        "one-new",
        "one-old",
    ]
    assert {one_old, one_new, three} <= set(related_briefs(loaded(brief), limit=5))


@pytest.mark.parametrize("trait", ["draft", "in_review", "scheduled"])
def test_never_the_brief_itself_or_a_hidden_one(brief, trait):
    """A perfect match that is hidden is left out, and so is the brief itself."""
    BriefFactory(
        slug="hidden",
        countries=[country("GE"), country("AM")],
        themes=["neutrality", "sanctions"],
        **{trait: True},
    )
    weak = BriefFactory(slug="weak", countries=[country("GE")])
    assert related_briefs(loaded(brief)) == [weak]


def test_nothing_shared_means_nothing_related(brief):
    BriefFactory(countries=[country("UZ")], themes=["trade"])
    assert related_briefs(loaded(brief)) == []


def test_one_query_for_1_or_30_candidates(brief):
    """Finding related briefs costs one query, however many briefs share terms."""
    BriefFactory(countries=[country("GE")])
    subject = loaded(brief)
    assert len(related_briefs(subject)) == 1

    def add_candidates():
        for n in range(29):
            BriefFactory(countries=[country("AM")], themes=["sanctions"] if n % 2 else [])

    found = assert_query_budget(lambda: related_briefs(subject), add_candidates, ceiling=1)
    assert len(found) == 3


def test_brief_page_lists_related_briefs(client, brief):
    """Readers see related briefs under the brief, linked by title."""
    match = BriefFactory(title="A close match", countries=[country("GE")], themes=["neutrality"])
    html = client.get(brief.get_absolute_url()).content.decode()
    assert "Related briefs" in html
    assert f'href="{match.get_absolute_url()}">A close match</a>' in html


def test_brief_page_without_related_briefs_shows_no_empty_box(client, brief):
    html = client.get(brief.get_absolute_url()).content.decode()
    assert "Related briefs" not in html


def test_candidates_are_the_newest_briefs_sharing_a_term(brief, monkeypatch):
    """Only the newest candidates are ranked, so the cost stays flat as the archive grows."""
    monkeypatch.setattr(related, "CANDIDATE_POOL", 2)
    BriefFactory(
        slug="old-close-match",
        countries=[country("GE"), country("AM")],
        themes=["neutrality"],
        publish_at=days_ago(30),
    )
    BriefFactory(slug="newer", countries=[country("GE")], publish_at=days_ago(2))
    BriefFactory(slug="newest", themes=["sanctions"], publish_at=days_ago(1))
    assert [b.slug for b in related_briefs(loaded(brief))] == ["newest", "newer"]


def test_remembered_related_briefs_follow_changes(remembered, brief, client):
    """The ranking is kept per content generation: an edit or unpublishing shows at once."""
    other = BriefFactory(slug="neighbour", title="Neighbour", countries=[country("GE")])
    address = brief.get_absolute_url()
    assert "Neighbour" in client.get(address).content.decode()
    other.title = "Renamed neighbour"
    other.save()
    assert "Renamed neighbour" in client.get(address).content.decode()
    other.status = Brief.Status.DRAFT
    other.save()
    assert "Renamed neighbour" not in client.get(address).content.decode()


def test_remembered_metadata_and_citation_follow_an_edit(remembered, brief, client):
    address = brief.get_absolute_url()
    client.get(address)
    brief.title = "A sharper title"
    brief.save()
    page = client.get(address).content.decode()
    assert '<meta property="og:title" content="A sharper title">' in page
    assert page.count("A sharper title") >= 4  # title tag, heading, JSON-LD, citations


def test_the_same_analysis_in_another_language_is_never_related(brief):
    """Neither the original nor a translation lists another member of its set: the page
    names those under "Also in"."""
    translation = BriefFactory(
        slug="subject-ru",
        language="ru",
        translation_of=brief,
        countries=[country("GE"), country("AM")],
        themes=["neutrality", "sanctions"],
    )
    sibling = BriefFactory(
        slug="subject-kk-like",
        language="ru",
        countries=[country("GE")],
        publish_at=days_ago(3),
    )
    other = BriefFactory(countries=[country("AM")], publish_at=days_ago(2))
    assert [r.pk for r in related_briefs(loaded(brief))] == [other.pk, sibling.pk]
    assert [r.pk for r in related_briefs(loaded(translation))] == [other.pk, sibling.pk]


def test_a_related_brief_in_another_language_is_linked_at_its_own_address(client, brief):
    """On an English page a Russian related brief links its /ru/ page, marked with its
    language; an English one is not marked."""
    BriefFactory(slug="russkaya", title="Русская записка", language="ru", countries=[country("GE")])
    BriefFactory(slug="english", countries=[country("AM")], publish_at=days_ago(2))
    html = client.get("/briefs/subject/").content.decode()
    assert re.search(
        r'href="/ru/briefs/russkaya/"\s+hreflang="ru"\s+lang="ru">Русская записка</a>', html
    )
    assert 'class="related__title" href="/briefs/english/">' in html
