"""The demo content loads, reads well, hides its draft and scheduled brief, has its seed
brief in Russian too, and reloads safely."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from briefs.content.languages import default_language
from briefs.editorial import workflow
from briefs.models import Brief, Series

pytestmark = pytest.mark.django_db

SEED_BRIEF = "azerbaijan-cautious-neutrality"
SEED_TRANSLATION = "ostorozhnyy-neytralitet-azerbaydzhana"


def _translation_links():
    return sorted(Brief.objects.values_list("slug", "language", "translation_of__slug"))


def test_load_demo_twice_creates_nothing_twice(settings):
    """Running the loader again reports everything as already there."""
    settings.DEBUG = True  # the demo accounts are for a development machine only
    call_command("load_demo", "--with-accounts", stdout=StringIO())
    counts = (Brief.objects.count(), Series.objects.count(), get_user_model().objects.count())
    links = _translation_links()
    output = StringIO()
    call_command("load_demo", "--with-accounts", stdout=output)
    assert (
        Brief.objects.count(),
        Series.objects.count(),
        get_user_model().objects.count(),
    ) == counts
    assert _translation_links() == links
    assert "briefs: 0 created" in output.getvalue()


def test_demo_has_a_five_part_series_standalones_and_hidden_briefs():
    """A public series of five or more, four or more standalones, a draft and a scheduled brief."""
    call_command("load_demo", stdout=StringIO())
    public = Brief.objects.published()
    assert public.filter(series__isnull=False).count() >= 5
    assert public.filter(series__isnull=True).count() >= 4
    assert Brief.objects.filter(status="draft").exists()
    assert Brief.objects.filter(status="published").exclude(pk__in=public).exists()
    for brief in Brief.objects.all():
        assert 500 <= brief.word_count <= 1200, (brief.slug, brief.word_count)
        assert "<h2>" in brief.body and "<blockquote>" in brief.body, brief.slug
        assert brief.countries.exists() and brief.byline.exists(), brief.slug


def test_demo_accounts_have_one_role_each_and_the_contributor_writes_as_an_author(settings):
    """Editor and contributor each belong to one group; the contributor owns the demo draft."""
    settings.DEBUG = True
    call_command("load_demo", "--with-accounts", stdout=StringIO())
    users = get_user_model().objects.in_bulk(["editor", "contributor"], field_name="username")
    assert [group.name for group in users["editor"].groups.all()] == ["Editors"]
    assert [group.name for group in users["contributor"].groups.all()] == ["Contributors"]
    draft = Brief.objects.get(status="draft")
    assert workflow.can_edit(users["contributor"], draft)
    assert not workflow.can_edit(users["contributor"], Brief.objects.published().first())


def test_a_demo_brief_shows_two_figures_drawn_at_load(client):
    """The Azerbaijan brief shows a bar chart and a sketch map from the image library."""
    call_command("load_demo", stdout=StringIO())
    brief = Brief.objects.get(slug="azerbaijan-cautious-neutrality")
    shown = brief.figure_uses.select_related("image").order_by("image__title")
    assert [use.image.renditions["width"] for use in shown] == [1600, 1600]
    page = client.get(brief.get_absolute_url()).content.decode()
    assert page.count('<figure class="figure">') == 2
    assert "Source: demo data" in page


def test_the_seed_brief_has_a_russian_translation_in_its_place_in_the_series(client):
    """The Azerbaijan brief's Russian translation is public at /ru/, linked to its original
    as part 2 of the same series in Russian; the series' other parts stay English only."""
    call_command("load_demo", stdout=StringIO())
    original = Brief.objects.get(slug=SEED_BRIEF)
    russian = Brief.objects.published().get(slug=SEED_TRANSLATION)
    assert (russian.language, russian.translation_of) == ("ru", original)
    assert original.language == default_language() and original.translation_of is None
    assert (russian.series, russian.series_position) == (original.series, 2)
    assert list(original.series.briefs.filter(language="ru")) == [russian]
    assert russian.figure_uses.count() == 2

    assert russian.get_absolute_url() == f"/ru/briefs/{SEED_TRANSLATION}/"
    page = client.get(russian.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="ru"' in html
    assert "Осторожный нейтралитет Азербайджана" in html
    assert html.count('<figure class="figure">') == 2
    assert client.get(original.get_absolute_url()).status_code == 200
