"""Themes as editors type them: one theme per comma-separated entry, kept in their order
and spelling when the brief is opened again and on every public surface."""

import re

import feedparser
import pytest
from django.urls import reverse

from briefs.content.themes import themes_from_text, themes_to_text
from briefs.models import Theme
from countries.models import Country
from tests.factories import BriefFactory
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def save_themes(client, brief, themes):
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    return client.post(url, {**form_data(client.get(url)), "themes": themes})


def themes_in_form(client, brief):
    return form_data(client.get(reverse("admin:briefs_brief_change", args=[brief.pk])))["themes"]


def test_words_without_a_comma_are_one_theme(editor_client):
    """`energy security` is one theme, not `energy` and `security`."""
    brief = BriefFactory()
    assert save_themes(editor_client, brief, "energy security").status_code == 302
    assert list(brief.themes.names()) == ["energy security"]


def test_reopening_a_brief_shows_its_themes_as_typed(editor_client):
    """In the order typed, unquoted, with the editor's spelling."""
    brief = BriefFactory()
    save_themes(editor_client, brief, "energy security, Russia,  South   Caucasus ")
    assert themes_in_form(editor_client, brief) == "energy security, Russia, South Caucasus"


def test_reordering_themes_keeps_the_new_order(editor_client, client):
    """Moving a theme first moves it first in the form and on the brief's page."""
    brief = BriefFactory(themes=["zeta", "alpha", "mid"])
    assert themes_in_form(editor_client, brief) == "zeta, alpha, mid"
    save_themes(editor_client, brief, "mid, zeta, alpha")
    assert themes_in_form(editor_client, brief) == "mid, zeta, alpha"
    save_themes(editor_client, brief, "new, mid, alpha")
    assert themes_in_form(editor_client, brief) == "new, mid, alpha"
    client.logout()
    page = client.get(brief.get_absolute_url()).content.decode()
    linked = re.findall(r'href="/themes/[^"]+/">([^<]+)</a>', page)
    assert linked == ["new", "mid", "alpha"]


def test_feed_categories_come_in_a_stable_order(editor_client, client, settings):
    """The content type first, then countries by name, then the themes in the editor's
    order, in RSS and Atom."""
    settings.SITE_URL = "https://briefs.example.org"
    brief = BriefFactory(
        countries=list(Country.objects.filter(code__in=["GE", "AM", "AZ"])),
        themes=["sanctions", "energy security"],
    )
    save_themes(editor_client, brief, "energy security, sanctions, Russia")
    client.logout()
    for kind in ("rss", "atom"):
        feed = feedparser.parse(client.get(reverse(f"briefs:site-feed-{kind}")).content)
        assert [tag.term for tag in feed.entries[0].tags] == [
            "Brief",
            "Armenia",
            "Azerbaijan",
            "Georgia",
            "energy security",
            "sanctions",
            "Russia",
        ]


def test_an_existing_theme_keeps_its_spelling_and_is_not_repeated(editor_client):
    """Typing a known theme in another case files the known one, once."""
    Theme.objects.create(name="Energy security")
    brief = BriefFactory()
    save_themes(editor_client, brief, "energy security, ENERGY SECURITY, Russia")
    assert themes_in_form(editor_client, brief) == "Energy security, Russia"
    assert Theme.objects.filter(name__iexact="energy security").count() == 1


def test_a_theme_longer_than_a_name_may_be_is_a_form_error(editor_client):
    """The form says what to do; nothing is saved and nothing fails."""
    brief = BriefFactory()
    response = save_themes(editor_client, brief, "x" * 101)
    assert response.status_code == 200
    assert "is longer than 100 characters" in response.content.decode()
    assert not brief.themes.exists()


def test_a_pasted_list_of_thousands_of_themes_is_a_form_error(editor_client):
    """A 2 MB paste into the themes field creates no theme and says how many fit."""
    brief = BriefFactory()
    response = save_themes(editor_client, brief, ", ".join(f"t{n}" for n in range(300_000)))
    assert response.status_code == 200
    assert "at most 25 themes" in response.content.decode()
    assert not Theme.objects.filter(name="t0").exists()


def test_as_many_themes_as_fit_are_saved(editor_client):
    brief = BriefFactory()
    names = [f"Теория {n}" for n in range(25)]
    assert save_themes(editor_client, brief, ", ".join(names)).status_code == 302
    assert list(brief.themes.names()) == names


@pytest.mark.parametrize(
    "names",
    [["Oil, gas and power", "EU"], ['The "pivot" to Asia', "Russia's neighbours"], ["a"]],
)
def test_a_theme_holding_a_comma_or_quote_comes_back_as_it_was(names):
    """Written back for editing, every name reads back whole."""
    themes = [Theme(name=name) for name in names]
    assert themes_from_text(themes_to_text(themes)) == names
