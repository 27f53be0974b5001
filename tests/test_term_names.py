"""Names of countries, regions, themes, series and author roles in each site language."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from briefs.models import Author, Series, Theme
from countries.models import Country, Region
from countries.names import iso_name

pytestmark = pytest.mark.django_db

# The countries the site covers, as Russian readers call them; pinned so that a newer
# pycountry that renames one is noticed.
RUSSIAN_NAMES = {
    "AM": "Армения",
    "AZ": "Азербайджан",
    "BY": "Беларусь",
    "GE": "Грузия",
    "KZ": "Казахстан",
    "KG": "Кыргызстан",
    "MD": "Молдова",
    "RU": "Россия",
    "TJ": "Таджикистан",
    "TM": "Туркменистан",
    "UA": "Украина",
    "UZ": "Узбекистан",
    "TR": "Турция",
    "IR": "Иран",
}


def test_every_country_has_a_russian_name_from_the_iso_translations():
    """The migration named every country in Russian; none is left to the English name."""
    assert not Country.objects.exclude(names__has_key="ru").exists()
    assert Country.objects.get(code="FR").names == {"ru": "Франция"}


def test_the_covered_countries_have_the_short_russian_names_readers_expect():
    """Short forms where pycountry's read badly ("Российская Федерация", "Киргизия")."""
    countries = Country.objects.filter(code__in=RUSSIAN_NAMES)
    with translation.override("ru"):
        assert {country.code: str(country) for country in countries} == RUSSIAN_NAMES


def test_a_common_name_is_preferred_to_the_official_one():
    """pycountry's "Iran, Islamic Republic of" is called by its common name, "Иран"."""
    assert iso_name("IR", "ru") == "Иран"
    assert iso_name("KR", "ru") == "Южная Корея"
    assert iso_name("XX", "ru") is None


def test_english_names_stay_as_the_site_had_them():
    """The default language shows the site's own short names, not pycountry's."""
    russia = Country.objects.get(code="RU")
    assert str(russia) == "Russia"
    with translation.override("en-gb"):
        assert russia.local_name == "Russia"


def test_a_language_without_a_name_falls_back_to_the_default_one(settings):
    """A term with no name in the active language shows the default language's."""
    theme = Theme.objects.create(name="sanctions", slug="sanctions")
    series = Series.objects.create(title="Neighbours", slug="neighbours", titles={"ru": "Соседи"})
    author = Author.objects.create(name="A. Writer", slug="a-writer", role="Fellow")
    settings.LANGUAGES = [*settings.LANGUAGES, ("kk", "Қазақша")]
    with translation.override("ru"):
        assert (str(theme), str(series), author.local_role) == ("sanctions", "Соседи", "Fellow")
    with translation.override("kk"):
        assert str(series) == "Neighbours"


def test_the_starting_regions_have_russian_names():
    with translation.override("ru"):
        assert str(Region.objects.get(slug="south-caucasus")) == "Южный Кавказ"
        assert str(Region.objects.get(slug="central-asia")) == "Центральная Азия"
        assert str(Region.objects.get(slug="eastern-europe")) == "Восточная Европа"


def test_filling_country_names_keeps_an_editors_name(settings):
    """The command names countries in a language added later, and keeps editors' names."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("uk", "Українська")]
    Country.objects.filter(code="TR").update(names={"ru": "Türkiye по-русски"})
    call_command("fill_country_names", stdout=io.StringIO())
    turkey = Country.objects.get(code="TR")
    assert turkey.names["ru"] == "Türkiye по-русски"
    assert turkey.names["uk"] == "Туреччина"


def test_the_admin_shows_an_input_per_language_under_the_name(editor_client):
    """The Russian name is typed under the English one, and saved with it."""
    theme = Theme.objects.create(name="sanctions", slug="sanctions", names={"ru": "санкции"})
    address = reverse("admin:briefs_theme_change", args=[theme.pk])
    page = editor_client.get(address).content.decode()
    assert 'name="name_ru"' in page and 'value="санкции"' in page
    assert page.index('name="name"') < page.index('name="name_ru"') < page.index('name="slug"')
    response = editor_client.post(
        address, {"name": "sanctions", "name_ru": "санкционная политика", "slug": "sanctions"}
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.names == {"ru": "санкционная политика"}


def _region():
    return Region.objects.get(slug="central-asia")


def _series():
    return Series.objects.create(title="Neighbours", slug="neighbours")


def _author():
    return Author.objects.create(name="A. Writer", slug="a-writer", role="Fellow")


@pytest.mark.parametrize(
    ("make", "url_name", "field", "names_field", "typed"),
    [
        (_region, "admin:countries_region_change", "name", "names", {"name": "Central Asia"}),
        (_series, "admin:briefs_series_change", "title", "titles", {"title": "Neighbours"}),
        (_author, "admin:briefs_author_change", "role", "roles", {"name": "A. Writer"}),
    ],
)
def test_a_name_on_two_lines_or_too_long_is_refused(
    editor_client, make, url_name, field, names_field, typed
):
    """The names are one line, no longer than the default language's field allows."""
    term = make()
    typed = {"slug": term.slug, "role": "Fellow", **typed}
    address = reverse(url_name, args=[term.pk])
    for bad in ("две\nстроки", "я" * 301):
        response = editor_client.post(address, {**typed, f"{field}_ru": bad})
        assert response.status_code == 200
        assert f"{field}_ru" in response.context["adminform"].form.errors
    response = editor_client.post(address, {**typed, f"{field}_ru": "Ясно"})
    assert response.status_code == 302
    term.refresh_from_db()
    assert getattr(term, names_field)["ru"] == "Ясно"


def test_the_country_picker_finds_a_country_by_its_russian_name(editor_client):
    """An editor typing a Russian name finds the country in the admin's search."""
    address = reverse("admin:countries_country_changelist")
    page = editor_client.get(address, {"q": "Грузи"}).content.decode()
    assert "Georgia" in page and "Armenia" not in page
