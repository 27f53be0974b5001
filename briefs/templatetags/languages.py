"""The page's language and its switcher (docs/languages.md).

<html lang="{% language_tag %}">
    The active language as a BCP 47 tag: ``en-GB``, ``ru``.
{% other_languages as languages %}
    The same page in each other site language: ``code`` (its tag), ``name`` (in that
    language) and ``url``. A page whose address names nothing (a 404) is offered as the
    other language's home page.
"""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

register = template.Library()


def bcp47(code):
    """``en-gb`` as ``en-GB``: how HTML and hreflang spell a language."""
    return translation.to_locale(code).replace("_", "-")


@register.simple_tag
def language_tag():
    return bcp47(translation.get_language() or settings.LANGUAGE_CODE)


@register.simple_tag(takes_context=True)
def other_languages(context, without_query=False):
    request = context.get("request")
    here = ""
    if request is not None:
        here = request.path if without_query else request.get_full_path()
    current = translation.get_language()
    others = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        url = translate_url(here, code)
        if url == here:
            with translation.override(code):
                url = reverse("briefs:home")
        others.append({"code": bcp47(code), "name": name, "url": url})
    return others
