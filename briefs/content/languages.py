"""The languages a brief may be written in: the site's languages (``settings.LANGUAGES``).

A brief is written in one of them (``Brief.language``) and its page lives at that
language's addresses: the default language (``settings.LANGUAGE_CODE``) at today's
addresses, any other under its prefix (``/ru/briefs/<slug>/``). The same analysis in
other languages is linked to it as its translations (``Brief.translation_of``).

The model's choices are this module's function, not a list, so that adding a language to
the settings needs no migration.
"""

from django.conf import settings
from django.utils import translation


def language_choices():
    """(code, name) of each site language, the default first, as ``LANGUAGES`` lists them."""
    return list(settings.LANGUAGES)


def default_language():
    """The language a new brief is in unless the editor says otherwise."""
    return settings.LANGUAGE_CODE


def page_language(code):
    """The language of the pages of a brief written in ``code``: that language, or the
    default when an administrator has since taken it off the site's list."""
    return code if code in dict(language_choices()) else default_language()


def language_name(code):
    """The language's name in itself ("Русский"), as the settings list it; the code when it
    is no longer a site language."""
    return dict(settings.LANGUAGES).get(code, code)


def is_right_to_left(code):
    """Whether ``code`` is written right to left (Arabic, Hebrew, Persian, Urdu...)."""
    return code.split("-")[0] in settings.LANGUAGES_BIDI


def bcp47(code):
    """``en-gb`` as ``en-GB``: how HTML, hreflang and schema.org spell a language."""
    return translation.to_locale(code).replace("_", "-")
