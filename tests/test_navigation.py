"""Previous/next: series order in a series, publish-time order otherwise."""

from datetime import timedelta

import pytest
from django.utils import timezone

from briefs.listings.navigation import navigation_for
from tests.factories import BriefFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def titles(navigation):
    previous = navigation.previous.title if navigation.previous else None
    following = navigation.next.title if navigation.next else None
    return previous, following


@pytest.fixture
def series_parts():
    """Five parts whose publish times run opposite to their series positions."""
    series = SeriesFactory()
    now = timezone.now()
    return [
        BriefFactory(
            title=f"Part {position}",
            series=series,
            series_position=position,
            publish_at=now - timedelta(days=position),
        )
        for position in range(1, 6)
    ]


def test_series_neighbours_follow_positions_not_dates(series_parts):
    """Part 3's neighbours are parts 2 and 4 even though 4 was published earlier."""
    navigation = navigation_for(series_parts[2])
    assert titles(navigation) == ("Part 2", "Part 4")
    assert (navigation.part, navigation.parts) == (3, 5)
    assert [p.title for p in navigation.contents] == [f"Part {n}" for n in range(1, 6)]


def test_first_and_last_in_series(series_parts):
    """The first part has no previous, the last no next."""
    assert titles(navigation_for(series_parts[0])) == (None, "Part 2")
    assert titles(navigation_for(series_parts[4])) == ("Part 4", None)


def test_hidden_parts_are_skipped_and_not_counted(series_parts):
    """A draft or scheduled part is skipped; part numbers count public parts only."""
    series_parts[1].status = "draft"
    series_parts[1].save()
    series_parts[3].publish_at = timezone.now() + timedelta(days=1)
    series_parts[3].save()
    navigation = navigation_for(series_parts[2])
    assert titles(navigation) == ("Part 1", "Part 5")
    assert (navigation.part, navigation.parts) == (2, 3)


def test_chronological_neighbours_outside_a_series():
    """Standalone briefs link to the briefs published just before and after them."""
    now = timezone.now()
    old = BriefFactory(title="Old", publish_at=now - timedelta(days=3))
    middle = BriefFactory(title="Middle", publish_at=now - timedelta(days=2))
    new = BriefFactory(title="New", publish_at=now - timedelta(days=1))
    assert titles(navigation_for(middle)) == ("Old", "New")
    assert titles(navigation_for(old)) == (None, "Middle")
    assert titles(navigation_for(new)) == ("Middle", None)


def test_equal_publish_times_are_ordered_by_id():
    """Three briefs published at the same instant still form one stable chain."""
    moment = timezone.now() - timedelta(hours=1)
    first, second, third = (BriefFactory(title=t, publish_at=moment) for t in "ABC")
    assert titles(navigation_for(first)) == (None, "B")
    assert titles(navigation_for(second)) == ("A", "C")
    assert titles(navigation_for(third)) == ("B", None)


def test_hidden_briefs_are_never_chronological_neighbours():
    """A draft or a scheduled brief between two public ones is skipped."""
    now = timezone.now()
    old = BriefFactory(title="Old", publish_at=now - timedelta(days=4))
    BriefFactory(title="Draft", draft=True)
    BriefFactory(title="Review", in_review=True)
    BriefFactory(title="Future", publish_at=now + timedelta(days=1))
    new = BriefFactory(title="New", publish_at=now - timedelta(days=1))
    assert titles(navigation_for(old)) == (None, "New")
    assert titles(navigation_for(new)) == ("Old", None)


def test_brief_page_shows_part_contents_and_neighbour_titles(client, series_parts):
    """The page says 'Part 2 of 5', lists the contents and names both neighbours."""
    html = client.get(series_parts[1].get_absolute_url()).content.decode()
    assert "Part 2 of 5 in" in html
    assert html.count('class="series-box__list"') == 1
    assert 'rel="prev"' in html and "Part 1</span>" in html
    assert 'rel="next"' in html and "Part 3</span>" in html


def test_remembered_navigation_follows_a_reorder_and_an_unpublished_part(
    remembered, client, series_parts
):
    """Kept per content generation, the page's neighbours still follow every change."""
    from briefs.models import Brief

    address = series_parts[1].get_absolute_url()
    assert "Part 2 of 5 in" in client.get(address).content.decode()
    first = series_parts[0]
    first.status = Brief.Status.DRAFT
    first.save()
    html = client.get(address).content.decode()
    assert "Part 1 of 4 in" in html
    assert 'rel="prev"' not in html
    third = series_parts[2]
    third.title = "Part three, retitled"
    third.save()
    assert "Part three, retitled</span>" in client.get(address).content.decode()
