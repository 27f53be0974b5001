"""Previous/next: series order in a series, publish-time order otherwise."""

import re
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


def translate(part, language="ru", **fields):
    """A public translation of a series part, at the same place in the series."""
    return BriefFactory(
        title=f"{part.title} ({language})",
        language=language,
        translation_of=part,
        series=part.series,
        series_position=part.series_position,
        **fields,
    )


def test_a_translated_part_links_the_originals_around_it(series_parts):
    """A Russian part 2 between English parts 1 and 3 links both, and its table of
    contents is one brief per place: the Russian one at its own place."""
    russian = translate(series_parts[1])
    navigation = navigation_for(russian)
    assert titles(navigation) == ("Part 1", "Part 3")
    assert [p.title for p in navigation.contents] == [
        "Part 1",
        "Part 2 (ru)",
        "Part 3",
        "Part 4",
        "Part 5",
    ]
    assert (navigation.part, navigation.parts) == (2, 5)


def test_a_part_in_the_briefs_language_comes_before_the_original(series_parts):
    """With a public Russian part 1, the Russian part 2 links it; the English parts still
    link the English ones."""
    russian_two = translate(series_parts[1])
    translate(series_parts[0])
    assert titles(navigation_for(russian_two)) == ("Part 1 (ru)", "Part 3")
    assert titles(navigation_for(series_parts[1])) == ("Part 1", "Part 3")


def test_a_hidden_part_in_the_briefs_language_leaves_the_original(series_parts):
    """A draft Russian part 1 is never linked: the English part 1 stands in."""
    russian_two = translate(series_parts[1])
    translate(series_parts[0], draft=True)
    assert titles(navigation_for(russian_two)) == ("Part 1", "Part 3")


def test_a_place_with_only_another_languages_translation_is_skipped(series_parts):
    """An English reader never lands on a Russian translation whose original is hidden:
    the place has no English part nor public original, so the next public part follows."""
    russian_three = translate(series_parts[2])
    series_parts[2].status = "draft"
    series_parts[2].publish_at = None
    series_parts[2].save()
    assert titles(navigation_for(series_parts[1])) == ("Part 1", "Part 4")
    assert titles(navigation_for(russian_three)) == ("Part 2", "Part 4")


def test_the_brief_page_marks_neighbours_in_another_language(client, series_parts):
    """The Russian page's links to English neighbours carry hreflang and lang, the
    contents too; an English page's links to English parts carry neither."""
    russian = translate(series_parts[1])
    html = client.get(russian.get_absolute_url()).content.decode()
    previous = html[html.index('rel="prev"') :]
    assert previous.index('hreflang="en-GB"') < previous.index("</a>")
    assert re.search(r'<span class="prev-next__title"\s+lang="en-GB">Part 1</span>', html)
    part_three = re.escape(series_parts[2].get_absolute_url())
    assert re.search(rf'href="{part_three}"\s+hreflang="en-GB" lang="en-GB">Part 3</a>', html)
    english = client.get(series_parts[1].get_absolute_url()).content.decode()
    assert "hreflang" not in english[english.index('<nav class="prev-next"') :].split("</nav>")[0]


def test_series_navigation_is_one_query_whatever_the_languages(
    series_parts, django_assert_num_queries
):
    """Every language's parts come in the one query the series' navigation costs."""
    russian = translate(series_parts[1])
    for part in series_parts[2:]:
        translate(part)
    with django_assert_num_queries(1):
        navigation_for(russian)
