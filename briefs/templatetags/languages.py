"""The page's language and its switcher (docs/languages.md).

<html lang="{% language_tag %}">
    The active language as a BCP 47 tag: ``en-GB``, ``ru``.
{{ code|bcp47 }}
    Any language code as a BCP 47 tag (a link to a brief in another language).
{% other_languages as languages %}
    The same page in each other site language: ``code`` (its tag), ``name`` (in that
    language) and ``url``. A page whose address names nothing (a 404) is offered as the
    other language's home page. A brief's page (its context has ``translations``, a
    ``TranslationSet``) offers its public translation in each language, else that
    language's home page: a brief's page exists in its own language only.
"""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from briefs.content.languages import bcp47

register = template.Library()


@register.filter(name="bcp47")
def bcp47_filter(code):
    """``{{ brief.page_language|bcp47 }}``: a language code as HTML spells it."""
    return bcp47(code)


@register.simple_tag
def language_tag():
    return bcp47(translation.get_language() or settings.LANGUAGE_CODE)


@register.simple_tag(takes_context=True)
def other_languages(context, without_query=False):
    request = context.get("request")
    here = ""
    if request is not None:
        here = request.path if without_query else request.get_full_path()
    translations = context.get("translations")
    translated = translations.url_by_language() if translations is not None else None
    current = translation.get_language()
    others = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        if translated is not None:
            # A brief's page: its public translation, never the same slug under another
            # prefix (which would redirect back here).
            url = translated.get(code)
        else:
            url = translate_url(here, code)
            url = None if url == here else url
        if url is None:
            with translation.override(code):
                url = reverse("briefs:home")
        others.append({"code": bcp47(code), "name": name, "url": url})
    return others
