"""The interface in English and Russian: the language comes from the address alone."""

import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from briefs.content.slugs import remember_old_slug
from briefs.models import Brief, Correction
from countries.models import Country, Region
from tests.caching import caches_on
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLISHED = timezone.make_aware(datetime(2025, 3, 14, 9, 0))


@pytest.fixture
def world():
    """One public brief in a series, with every kind of term and a correction, and its
    Russian translation ("hedging-ru"), part 1 of the series in Russian."""
    author = AuthorFactory(slug="nino", name="Nino Beridze")
    series = SeriesFactory(slug="between", title="Between Moscow and the West")
    brief = BriefFactory(
        title="Hedging in Tbilisi",
        slug="hedging",
        publish_at=PUBLISHED,
        authors=[author],
        countries=[Country.objects.get(code="GE")],
        themes=["neutrality"],
        series=series,
        series_position=1,
    )
    Correction.objects.create(brief=brief, kind=Correction.Kind.CORRECTION, text="A date.")
    BriefFactory(
        title="Тбилиси между двух огней",
        slug="hedging-ru",
        language="ru",
        translation_of=brief,
        publish_at=PUBLISHED,
        authors=[author],
        countries=[Country.objects.get(code="GE")],
        themes=["neutrality"],
        series=series,
        series_position=1,
    )
    return brief


def in_language(code, name, *args):
    with translation.override(code):
        return reverse(name, args=args)


def public_pages(brief="hedging"):
    """(url name, args) of every public page, with ``brief``'s page."""
    region = Region.objects.get(slug="south-caucasus")
    return [
        ("briefs:home", ()),
        ("briefs:brief-list", ()),
        ("briefs:search", ()),
        ("briefs:brief-detail", (brief,)),
        ("briefs:country-index", ()),
        ("briefs:country-detail", ("georgia",)),
        ("briefs:region-detail", (region.slug,)),
        ("briefs:theme-index", ()),
        ("briefs:theme-detail", ("neutrality",)),
        ("briefs:series-index", ()),
        ("briefs:series-detail", ("between",)),
        ("briefs:author-index", ()),
        ("briefs:author-detail", ("nino",)),
        ("briefs:correction-list", ()),
    ]


def test_english_stays_at_todays_addresses_and_russian_is_under_ru(world):
    """The default language has no prefix; Russian lives under /ru/."""
    assert in_language("en-gb", "briefs:brief-detail", "hedging") == "/briefs/hedging/"
    assert in_language("ru", "briefs:brief-detail", "hedging") == "/ru/briefs/hedging/"
    assert in_language("ru", "briefs:home") == "/ru/"


def test_every_public_page_answers_in_russian_under_ru(client, world):
    """Each page under /ru/ is Russian: <html lang="ru">, Russian words, no English nav (the
    brief page is the Russian translation's: an English brief's is at its own address)."""
    for name, args in public_pages(brief="hedging-ru"):
        url = in_language("ru", name, *args)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="ru">' in html, url
        assert ">Записки</a>" in html, url
        assert "Skip to content" not in html, url
        assert response["Content-Language"] == "ru"


def test_english_pages_are_unchanged(client, world):
    """Today's addresses answer in British English, as before."""
    for name, args in public_pages():
        url = in_language("en-gb", name, *args)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="en-GB">' in html, url
        assert ">Briefs</a>" in html, url
        assert "Записки" not in html, url


def test_the_browser_and_the_cookie_never_choose_a_public_page_language(client, world):
    """Accept-Language and the language cookie leave a public page in its address' language."""
    client.cookies["django_language"] = "ru"
    english = client.get("/briefs/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<html lang="en-GB">' in english
    assert "Accept-Language" not in client.get("/briefs/").get("Vary", "")
    client.cookies["django_language"] = "en-gb"
    russian = client.get("/ru/briefs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="ru">' in russian


def test_an_english_brief_under_ru_redirects_to_its_own_address(client, world):
    """A brief's page is in its own language: /ru/briefs/<English brief>/ answers 301 to
    /briefs/<slug>/, query string and all."""
    response = client.get("/ru/briefs/hedging/?utm_source=mail")
    assert response.status_code == 301
    assert response["Location"] == "/briefs/hedging/?utm_source=mail"


@pytest.mark.parametrize(
    "address",
    ["/briefs/hedging-ru/", "/commentary/hedging-ru/", "/ru/commentary/hedging-ru/"],
)
def test_a_russian_brief_elsewhere_redirects_under_ru(client, world, address):
    """A Russian brief asked for without the prefix, or under another type's prefix in
    either language, answers 301 to /ru/briefs/<slug>/."""
    response = client.get(f"{address}?page=2")
    assert response.status_code == 301
    assert response["Location"] == "/ru/briefs/hedging-ru/?page=2"


@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_a_former_slug_of_a_russian_brief_redirects_under_ru(client, world, prefix):
    """A renamed Russian brief's former slug leads to its page under /ru/ in one step."""
    russian = world.translations.get()
    stored = Brief.objects.get(pk=russian.pk)
    russian.slug = "tbilisi-ru"
    russian.save()
    remember_old_slug(stored, russian)  # as the admin's save does
    response = client.get(f"{prefix}/briefs/hedging-ru/")
    assert response.status_code == 301
    assert response["Location"] == "/ru/briefs/tbilisi-ru/"


@pytest.mark.parametrize("status", ["draft", "scheduled"])
@pytest.mark.parametrize(
    "address", ["/briefs/hedging-ru/", "/ru/briefs/hedging-ru/", "/ru/commentary/hedging-ru/"]
)
def test_a_hidden_translation_is_a_404_under_every_prefix(client, world, status, address):
    """A draft or scheduled translation is never redirected to: a redirect would reveal it."""
    hidden = {
        "draft": {"status": "draft"},
        "scheduled": {"publish_at": timezone.now() + timezone.timedelta(days=1)},
    }[status]
    world.translations.update(**hidden)
    assert client.get(address).status_code == 404


def test_dates_are_written_in_the_pages_language(client, world):
    """14 March 2025 in English, 14 марта 2025 in Russian (the genitive month); citations
    keep the brief's own language."""
    assert "14 March 2025" in client.get("/briefs/hedging/").content.decode()
    russian = client.get("/ru/briefs/hedging-ru/").content.decode()
    assert ">14 марта 2025</time>" in russian
    assert ">14 March 2025</time>" not in russian


@pytest.mark.parametrize(
    ("count", "words"), [(1, "1 записка"), (3, "3 записки"), (5, "5 записок"), (21, "21 записка")]
)
def test_russian_counts_take_the_right_plural(client, count, words):
    """1 записка, 3 записки, 5 записок, 21 записка: Russian's three plural forms."""
    BriefFactory.create_batch(count, countries=[Country.objects.get(code="GE")], language="ru")
    html = client.get("/ru/countries/georgia/").content.decode()
    assert re.search(rf"\b{words}\b", html)


def switcher(html):
    """{name: (address, hreflang)} of the language switcher's links."""
    nav = re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)
    links = re.findall(r'<a href="([^"]*)"\s+hreflang="([^"]*)"\s+lang="\2">([^<]*)</a>', nav)
    return {name: (href, tag) for href, tag, name in links}


def test_the_switcher_leads_to_the_same_page_in_the_other_language(client, world):
    """The footer links "Русский" to /ru/... and "English" back, query string and all."""
    english = client.get("/briefs/?country=georgia").content.decode()
    assert switcher(english) == {"Русский": ("/ru/briefs/?country=georgia", "ru")}
    russian = client.get("/ru/briefs/hedging-ru/").content.decode()
    assert switcher(russian) == {"English": ("/briefs/hedging/", "en-GB")}


def test_a_missing_page_is_a_404_in_its_language(client, world):
    """/ru/<nothing>/ is the Russian 404 page; its switcher offers the English home page."""
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Страница не найдена" in html
    assert switcher(html) == {"English": ("/", "en-GB")}
    assert "Page not found" in client.get("/no-such-page/").content.decode()


@pytest.mark.parametrize("backend", ["locmem", "redis"])
def test_ru_and_the_default_never_serve_each_others_kept_page(
    client, settings, world, backend, django_assert_num_queries
):
    """With every cache on, each language's page is kept apart, fragments and all."""
    with caches_on(settings, backend):
        for first, second in (("/ru/briefs/hedging-ru/", "/briefs/hedging/"), ("/", "/ru/")):
            one = client.get(first).content.decode()
            other = client.get(second).content.decode()
            assert ('<html lang="ru">' in one) != ('<html lang="ru">' in other)
            assert one != other
            with django_assert_num_queries(0):
                assert client.get(first).content.decode() == one
                assert client.get(second).content.decode() == other
        assert "14 марта 2025" in client.get("/ru/briefs/hedging-ru/").content.decode()
        assert "14 March 2025" in client.get("/briefs/hedging/").content.decode()


def test_feeds_exist_per_language(client, world):
    """/ru/feed/ describes itself in Russian and lists the Russian briefs at their pages."""
    russian = client.get("/ru/feed/").content.decode()
    assert "Новые записки на сайте" in russian
    assert "/ru/briefs/hedging-ru/" in russian
    assert "/briefs/hedging/" not in russian
    english = client.get("/feed/").content.decode()
    assert "The latest briefs from" in english
    assert "/briefs/hedging/" in english
    assert "/ru/feed/" not in english


def test_machine_addresses_have_no_language(client, world):
    """The API, the sitemap and the probes stay unprefixed, in the default language."""
    assert client.get("/ru/api/v1/briefs/").status_code == 404
    assert client.get("/api/v1/briefs/", HTTP_ACCEPT_LANGUAGE="ru").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/ru/sitemap.xml").status_code == 404
    sitemap = client.get("/sitemap-briefs.xml").content.decode()
    assert "/briefs/hedging/" in sitemap
    assert "/ru/briefs/hedging-ru/" in sitemap  # a Russian brief, at its own address


def test_search_errors_are_in_the_pages_language(client, world):
    """A refused search explains itself in Russian on the Russian page."""
    response = client.get("/ru/search/", {"q": "-"})
    assert response.status_code == 400
    assert "Введите хотя бы одно слово" in response.content.decode()


def test_the_subscribe_form_speaks_russian(client, world):
    """The alert form's errors and labels are Russian under /ru/."""
    response = client.post(
        "/ru/alerts/subscribe/",
        {"email": "not-an-address", "topic": "all", "frequency": "weekly"},
        HTTP_ORIGIN="http://testserver",
    )
    html = response.content.decode()
    assert "Адрес электронной почты" in html
    assert "Не удалось оформить рассылку" in html


def test_the_admin_follows_the_editors_choice(client):
    """The switcher in the admin's header sets the language cookie; the admin follows it."""
    client.force_login(UserFactory(username="editor", group="Editors"))
    assert "Log out" in client.get("/admin/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    html = client.get("/admin/").content.decode()
    assert "Выйти" in html
    assert "Записки, серии, авторы и страны" in html
    assert '<html lang="ru"' in html


def test_the_admin_follows_the_browser_without_a_choice(client):
    """With no choice made, the admin is in the browser's language."""
    client.force_login(UserFactory(username="editor", group="Editors"))
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru")
    assert "Выйти" in response.content.decode()
    assert "Accept-Language" in response["Vary"]
