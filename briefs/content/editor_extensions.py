"""The body editor's own extensions, beyond those django-prose-editor ships.

Each has an editor half (a script in ``static/js/``) and a server half (the tags and
attributes it adds to the sanitizer's allow-list); ``settings.DJANGO_PROSE_EDITOR_EXTENSIONS``
registers both, and ``richtext.BODY_EXTENSIONS`` turns them on for the body:

- ``Abbreviation`` (``static/js/abbreviation.js``): ``<abbr title="...">``, with its
  expansion, which readers see on hover and screen readers can read out;
- ``TableCaption`` (``static/js/table-caption.js``): a line of text saying what a table
  shows, stored as the table's first element, ``<caption>``;
- ``Footnote`` (``static/js/footnote.js``, server half in ``footnotes.py``);
- ``LanguageAndDirection`` (``static/js/language-direction.js``, ``language_direction.py``).

This module imports nothing of Django's models: the settings module reads it.
"""

from django_prose_editor.config import html_tags

ABBREVIATION = "Abbreviation"
TABLE_CAPTION = "TableCaption"

allow_abbreviations = html_tags(["abbr"], {"abbr": ["title"]})
allow_table_captions = html_tags(["caption"])
