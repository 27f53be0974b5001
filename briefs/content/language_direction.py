"""The language and writing direction of paragraphs and quotations in rich text.

An Arabic or Hebrew quotation in a brief is laid out right to left (``dir="rtl"``) and read
by screen readers in its own language (``lang="ar"``). ``LanguageAndDirection`` is a
django-prose-editor extension, registered in ``settings.DJANGO_PROSE_EDITOR_EXTENSIONS``:
its editor half (``static/js/language-direction.js``) keeps both attributes on the
paragraphs and quotations it loads, and ``allow_language_and_direction`` adds them to the
allow-list the sanitizer builds from the same extensions, ``dir`` only as ``ltr``, ``rtl``
or ``auto`` (any case, stored lower-case, and only where it changes the direction the
element would have anyway: see ``briefs.content.sanitizer``) and ``lang`` only as a language tag.

The direction a body starts in is not the stored body's to know: it is its brief's page's
(right to left for an Arabic brief, ``briefs.content.languages.is_right_to_left``), a
brief's language may change after the body is saved, and a translation starts from a copy
of its original's body. So an explicit ``dir`` outside any other is always kept (an English
quotation marked ``ltr`` stays left to right in an Arabic brief); only a ``dir`` that
repeats the one of an element around it is redundant.

This module imports nothing of Django's models: the settings module reads it.
"""

import re

EXTENSION = "LanguageAndDirection"
TAGS = ("p", "blockquote")
DIRECTIONS = {"ltr", "rtl", "auto"}
# The shape of a BCP 47 language tag (``ar``, ``he``, ``en-GB``, ``zh-Hant-TW``).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


def checked_value(element, attribute, value):
    """nh3's attribute filter: ``dir`` and ``lang`` with a valid value, or dropped."""
    if attribute == "dir":
        direction = value.strip().lower()
        return direction if direction in DIRECTIONS else None
    if attribute == "lang":
        language = value.strip()
        return language if _LANGUAGE_TAG.fullmatch(language) else None
    return value


def allow_language_and_direction(config, shared_config):
    """Processor of the extension: allow ``dir`` and ``lang`` on paragraphs and quotations."""
    for tag in TAGS:
        shared_config["attributes"].setdefault(tag, set()).update({"dir", "lang"})
    shared_config["attribute_filter"] = checked_value
