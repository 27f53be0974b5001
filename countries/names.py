"""Countries' names in the site's other languages, from the ISO 3166-1 translations that
pycountry ships (the Debian iso-codes catalogs), not typed by hand.

The default language keeps the site's own short names (``countries/data/iso3166-1.csv``:
"Russia", not pycountry's "Russian Federation"). In another language a country is called
by the translation of pycountry's common name where it has one ("Iran" → "Иран"), else of
its name; ``SHORT_NAMES`` corrects the few that read badly on a page ("Российская
Федерация") and the forms the region's readers expect ("Кыргызстан", "Молдова").
``fill_names`` stores them in ``Country.names`` (migration 0004 and the
``fill_country_names`` command), where an editor may change them.
"""

import gettext
from functools import cache

import pycountry
from django.utils.translation import to_locale

SHORT_NAMES = {
    "ru": {
        "BN": "Бруней",
        "CD": "ДР Конго",
        "CG": "Республика Конго",
        "FM": "Микронезия",
        "GB": "Великобритания",
        "KG": "Кыргызстан",
        "MD": "Молдова",
        "RU": "Россия",
        "US": "США",
        "VA": "Ватикан",
    },
}


@cache
def _catalog(language):
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[to_locale(language)], fallback=True
    )


def iso_name(code, language):
    """The country ``code``'s name in ``language``, or None when there is no translation."""
    if short := SHORT_NAMES.get(language, {}).get(code):
        return short
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    catalog = _catalog(language)
    for english in (getattr(country, "common_name", None), country.name):
        if english and (translated := catalog.gettext(english)) != english:
            return translated
    return None


def fill_names(countries, languages):
    """Give each of ``countries`` its ISO name in each of ``languages`` it has none in.

    A name already there (an editor's) stays. Returns the countries changed, unsaved."""
    changed = []
    for country in countries:
        missing = {
            language: name
            for language in languages
            if not country.names.get(language) and (name := iso_name(country.code, language))
        }
        if missing:
            country.names = {**country.names, **missing}
            changed.append(country)
    return changed
