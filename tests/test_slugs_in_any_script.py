"""One slug rule for every address: letters of any script, a word for names without any,
and every link the site makes to a term or a brief answers."""

import importlib
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from briefs.content.slug_rule import slug_for
from briefs.models import Author, Brief, Series, Theme
from countries.models import Country, Region
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory

pytestmark = pytest.mark.django_db

SITE = "https://briefs.example.org"


def path_of(url):
    return urlsplit(url).path


def sitemap_paths(client, section):
    xml = client.get(reverse("sitemap-section", args=[section])).content.decode()
    return [path_of(location) for location in re.findall(r"<loc>(.*?)</loc>", xml)]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Türkiye", "türkiye"),
        ("Content περιεχόμενο", "content-περιεχόμενο"),
        ("Energy security", "energy-security"),
        ("🔥", "theme"),
        ("!!! …", "theme"),
    ],
)
def test_the_rule_keeps_letters_of_any_script_and_names_a_nameless_term_by_its_kind(name, slug):
    """``slugify(allow_unicode=True)``, and the kind of thing for a name with no letter."""
    assert slug_for(name, "theme") == slug


def test_a_taken_slug_gets_a_number_and_still_fits():
    """The second of a slug is ``-2``, cut so that the whole stays within the field."""
    assert slug_for("🔥", "theme", number=2) == "theme-2"
    assert slug_for("a" * 120, "theme", number=12, max_length=100) == "a" * 97 + "-12"


def test_an_emoji_only_theme_has_pages_that_answer(client, settings):
    """Its brief, the theme list, its page, its feed and the theme sitemap all answer 200."""
    settings.SITE_URL = SITE
    brief = BriefFactory(themes=["🔥", "🌍"])
    fire, globe = Theme.objects.get(name="🔥"), Theme.objects.get(name="🌍")
    assert (fire.slug, globe.slug) == ("theme", "theme-2")
    for url in (
        brief.get_absolute_url(),
        reverse("briefs:theme-index"),
        fire.get_absolute_url(),
        globe.get_absolute_url(),
        reverse("briefs:theme-feed-rss", args=[globe.slug]),
        reverse("sitemap-section", args=["theme"]),
    ):
        assert client.get(url).status_code == 200, url
    assert set(sitemap_paths(client, "theme")) == {
        fire.get_absolute_url(),
        globe.get_absolute_url(),
    }


def test_every_link_to_a_term_named_in_another_script_answers(client, settings):
    """Briefs, series, authors, regions, countries and themes with non-ASCII names."""
    settings.SITE_URL = SITE
    region = Region.objects.create(name="Южный Кавказ", slug=slug_for("Южный Кавказ", "region"))
    country = Country.objects.create(
        name="Türkmenistan 2", slug=slug_for("Türkmenistan 2", "country"), code="QZ", region=region
    )
    brief = BriefFactory(
        title="Ενέργεια και ασφάλεια",
        slug=slug_for("Ενέργεια και ασφάλεια", "brief"),
        authors=[AuthorFactory(name="Élodie Marchand", slug="élodie-marchand")],
        countries=[country],
        themes=["Türkiye", "Content περιεχόμενο"],
        series=SeriesFactory(title="Σειρά", slug="σειρά"),
        series_position=1,
    )
    terms = [
        brief.series,
        brief.ordered_authors[0],
        region,
        country,
        *Theme.objects.filter(name__in=["Türkiye", "Content περιεχόμενο"]),
    ]
    page = client.get(brief.get_absolute_url())
    assert page.status_code == 200
    for term in terms:
        url = term.get_absolute_url()
        assert url.isascii(), url  # percent-encoded, as a browser sends it
        if term is not region:  # the brief page links every term but the region
            assert f'href="{url}"' in page.content.decode(), url
        assert client.get(url).status_code == 200, url
    feeds = ["series", "author", "region", "country", "theme", "theme"]
    for term, taxonomy in zip(terms, feeds, strict=True):
        feed = reverse(f"briefs:{taxonomy}-feed-atom", args=[term.slug])
        assert client.get(feed).status_code == 200, feed
    for section in ("briefs", "series", "author", "region", "country", "theme"):
        for path in sitemap_paths(client, section):
            assert client.get(path).status_code == 200, path


def test_the_admin_accepts_a_slug_in_another_script(editor_client):
    """A series typed as „Σειρά“ keeps the slug its title made; no form error."""
    response = editor_client.post(
        reverse("admin:briefs_series_add"), {"title": "Σειρά", "slug": "σειρά", "description": ""}
    )
    assert response.status_code == 302
    assert Series.objects.get(title="Σειρά").slug == "σειρά"


def test_the_migration_gives_every_bad_slug_a_working_one():
    """Empty and unroutable slugs are remade from the name; good ones are left alone."""
    migration = importlib.import_module("briefs.migrations.0011_unicode_slugs")
    BriefFactory(title="Keeps its address", slug="keeps-its-address")
    broken = BriefFactory(title="Brief 🔥", slug="placeholder")
    Brief.objects.filter(pk=broken.pk).update(slug="has a space")
    Theme.objects.create(name="theme", slug="theme")
    fire = Theme.objects.create(name="🔥", slug="temporary")
    Theme.objects.filter(pk=fire.pk).update(slug="")  # as taggit made it before the rule
    Theme.objects.create(name="🌍", slug="_1")  # the second such theme: odd, but it works
    Theme.objects.create(name="Türkiye", slug="türkiye")
    author = AuthorFactory(name="Nino", slug="nino")
    Author.objects.filter(pk=author.pk).update(slug="ni/no")

    from django.apps import apps

    migration.give_every_row_a_valid_slug(apps, None)

    assert set(Brief.objects.values_list("slug", flat=True)) == {"keeps-its-address", "brief"}
    assert sorted(Theme.objects.values_list("slug", flat=True)) == [
        "_1",
        "theme",
        "theme-2",
        "türkiye",
    ]
    assert Author.objects.get(pk=author.pk).slug == "nino"
