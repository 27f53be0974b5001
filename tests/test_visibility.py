"""Only public briefs reach readers, on every surface: the one visibility rule."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from briefs.editorial import workflow
from briefs.models import Brief, BriefKind
from briefs.printing.tasks import print_brief
from countries.models import Country, Region
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """One public brief and one hidden brief of each kind, sharing every taxonomy term."""
    author = AuthorFactory(slug="shared-author")
    series = SeriesFactory(slug="shared-series")
    georgia = Country.objects.get(code="GE")
    common = {"authors": [author], "countries": [georgia], "themes": ["neutrality"]}
    public = BriefFactory(
        title="Visible brief", slug="visible", series=series, series_position=2, **common
    )
    hidden = {
        "draft": BriefFactory(
            title="Secret draft",
            slug="secret-draft",
            draft=True,
            series=series,
            series_position=1,
            **common,
        ),
        "review": BriefFactory(
            title="Secret review",
            slug="secret-review",
            in_review=True,
            series=series,
            series_position=3,
            **common,
        ),
        "scheduled": BriefFactory(
            title="Secret scheduled",
            slug="secret-scheduled",
            scheduled=True,
            series=series,
            series_position=4,
            **common,
        ),
    }
    return public, hidden


def public_urls():
    region = Region.objects.get(slug="south-caucasus")
    return [
        reverse("briefs:home"),
        reverse("briefs:brief-list"),
        reverse("briefs:brief-detail", args=["visible"]),
        reverse("briefs:country-index"),
        reverse("briefs:country-detail", args=["georgia"]),
        reverse("briefs:region-detail", args=[region.slug]),
        reverse("briefs:theme-index"),
        reverse("briefs:theme-detail", args=["neutrality"]),
        reverse("briefs:series-index"),
        reverse("briefs:series-detail", args=["shared-series"]),
        reverse("briefs:author-index"),
        reverse("briefs:author-detail", args=["shared-author"]),
    ]


def test_published_excludes_draft_review_and_scheduled(world):
    """published() returns the public brief and nothing else."""
    public, _ = world
    assert list(Brief.objects.published()) == [public]


def test_hidden_briefs_appear_on_no_public_page(client, world):
    """No page, list, count, table of contents or link shows a hidden brief."""
    _, hidden = world
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for brief in hidden.values():
            assert brief.title not in html, (url, brief.status)
            assert brief.slug not in html, (url, brief.status)


def test_counts_only_count_public_briefs(client, world):
    """Country, series and theme counts say 1: the three hidden briefs are not counted."""
    html = client.get(reverse("briefs:country-index")).content.decode()
    assert "1 brief<" in html
    assert (
        client.get(reverse("briefs:series-detail", args=["shared-series"]))
        .context["paginator"]
        .count
        == 1
    )
    theme_terms = client.get(reverse("briefs:theme-index")).context["terms"]
    assert [(t.slug, t.public_count) for t in theme_terms] == [("neutrality", 1)]


@pytest.mark.parametrize("kind", ["draft", "review", "scheduled"])
def test_hidden_brief_page_is_404(client, world, kind):
    """A hidden brief's address answers the site's 404 page."""
    _, hidden = world
    response = client.get(hidden[kind].get_absolute_url())
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_terms_used_only_by_hidden_briefs_have_no_page(client):
    """A series, theme or author known only from unpublished work stays unannounced."""
    author = AuthorFactory(slug="new-author")
    series = SeriesFactory(slug="planned-series")
    BriefFactory(draft=True, authors=[author], series=series, series_position=1, themes=["plans"])
    for url in (
        reverse("briefs:series-detail", args=["planned-series"]),
        reverse("briefs:theme-detail", args=["plans"]),
        reverse("briefs:author-detail", args=["new-author"]),
    ):
        assert client.get(url).status_code == 404, url
    for index in ("briefs:series-index", "briefs:theme-index", "briefs:author-index"):
        assert client.get(reverse(index)).context["terms"] == []


def test_scheduled_brief_appears_by_itself_when_its_time_passes(client):
    """No job runs: the page appears once the clock passes publish_at."""
    brief = BriefFactory(publish_at=timezone.now() + timedelta(hours=2), title="Tomorrow's news")
    assert client.get(brief.get_absolute_url()).status_code == 404
    assert "Tomorrow&#x27;s news" not in client.get(reverse("briefs:home")).content.decode()
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert client.get(brief.get_absolute_url()).status_code == 200
        assert "Tomorrow&#x27;s news" in client.get(reverse("briefs:home")).content.decode()


@pytest.mark.parametrize("kind", ["draft", "review", "scheduled", "unpublished", "deleted"])
def test_a_pdf_made_while_public_answers_404_once_the_brief_is_hidden(client, settings, kind):
    """The PDF address asks published() on each request: the record and file made while
    the brief was public are never served after it leaves the public."""
    settings.BRIEF_PDFS = True
    brief = BriefFactory(title="Printed then hidden", slug="printed-then-hidden")
    assert print_brief.enqueue(brief.pk).return_value == ["a4", "letter"]
    addresses = [
        reverse(name, args=[brief.slug]) for name in ("briefs:brief-pdf", "briefs:brief-pdf-letter")
    ]
    assert all(client.get(url).status_code == 200 for url in addresses)
    if kind == "deleted":
        brief.delete()
    elif kind == "unpublished":
        workflow.move(brief, Brief.Status.DRAFT, by=UserFactory(group="Editors"))
    else:
        hidden = {
            "draft": {"status": Brief.Status.DRAFT, "publish_at": None},
            "review": {"status": Brief.Status.REVIEW, "publish_at": None},
            "scheduled": {"publish_at": timezone.now() + timedelta(days=1)},
        }[kind]
        Brief.objects.filter(pk=brief.pk).update(**hidden)
    for url in addresses:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("state", ["draft", "review", "scheduled"])
def test_a_hidden_item_is_404_under_every_prefix(client, world, state):
    """A hidden commentary answers 404 at its own address, the historic /briefs/ one, every
    other type's prefix and a former prefix: no redirect gives it away."""
    brief = world[1][state]
    commentary = BriefKind.objects.get(slug="commentary")
    brief.kind = commentary
    brief.save()
    commentary.prefix = "opinion"
    commentary.save()
    prefixes = ["opinion", "commentary", *BriefKind.objects.values_list("prefix", flat=True)]
    for prefix in prefixes:
        response = client.get(f"/{prefix}/{brief.slug}/")
        assert response.status_code == 404, prefix
