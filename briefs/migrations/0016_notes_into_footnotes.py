"""Notes that the body refers to by number become footnotes; the rest stay as sources.

Before footnotes, a brief's numbered notes were typed in the "Notes and sources" field and
the body pointed at them with a superscript number (``<sup>2</sup>``) or a bracketed one
(``[2]``), if at all. For each note, the first such mark of its number in the body is
replaced by a footnote holding the note's text (a link's address kept after its words), so
the page numbers and links it like any other footnote. Notes the body never marks stay in
the field, which is now "Sources": still listed under the numbered notes, as bullets once
some of their neighbours became footnotes (their old numbers would clash with the
footnotes'). Backwards, every footnote goes back to a numbered note and its mark.
"""

import html
import re

from django.db import migrations

import briefs.content.richtext

_LIST = re.compile(r"^\s*<ol[^>]*>(.*)</ol>\s*$", re.DOTALL)
_ITEM = re.compile(r"<li[^>]*>(.*?)</li>", re.DOTALL)
_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_FOOTNOTE = re.compile(r'<span data-footnote="">([^<]*)</span>')
SOURCES_HELP = (
    "Sources and further reading not tied to one place in the text, listed under the "
    "numbered notes. A note about one sentence is a footnote: put it in the body with "
    "the “Note” button."
)


def note_text(item):
    """The words of a note, each link's address kept after its words, escaped."""

    def with_address(link):
        address, words = html.unescape(link.group(1)), link.group(2)
        return words if address in html.unescape(_TAG.sub("", words)) else f"{words} ({address})"

    text = html.unescape(_TAG.sub("", _LINK.sub(with_address, item)))
    return html.escape(" ".join(text.split()), quote=False)


def mark_of(number):
    return re.compile(rf"<sup>\[?{number}\]?</sup>|\[{number}\]")


def into_footnotes(body, notes):
    """``(body, notes)`` with every note the body marks moved into it as a footnote."""
    listed = _LIST.match(notes or "")
    if not listed:
        return body, notes
    items = _ITEM.findall(listed.group(1))
    left = []
    for number, item in enumerate(items, start=1):
        text = note_text(item)
        footnote = f'<span data-footnote="">{text}</span>'
        found = 0
        if text:
            body, found = mark_of(number).subn(lambda _, note=footnote: note, body, count=1)
        if not found:
            left.append(item)
    if len(left) == len(items):
        return body, notes
    return body, ("<ul>" + "".join(f"<li>{item}</li>" for item in left) + "</ul>") if left else ""


def move_notes(apps, schema_editor):
    Brief = apps.get_model("briefs", "Brief")
    for brief in Brief.objects.exclude(notes="").only("pk", "body", "notes").iterator():
        body, notes = into_footnotes(brief.body, brief.notes)
        if (body, notes) != (brief.body, brief.notes):
            Brief.objects.filter(pk=brief.pk).update(body=body, notes=notes)


def move_footnotes_back(apps, schema_editor):
    Brief = apps.get_model("briefs", "Brief")
    for brief in Brief.objects.filter(body__contains="data-footnote").only("pk", "body", "notes"):
        texts = _FOOTNOTE.findall(brief.body)
        numbers = iter(range(1, len(texts) + 1))
        body = _FOOTNOTE.sub(lambda _: f"<sup>{next(numbers)}</sup>", brief.body)
        notes = "<ol>" + "".join(f"<li>{text}</li>" for text in texts) + "</ol>" + brief.notes
        Brief.objects.filter(pk=brief.pk).update(body=body, notes=notes)


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0015_key_points"),
    ]

    operations = [
        migrations.AlterField(
            model_name="brief",
            name="notes",
            field=briefs.content.richtext.RichTextField(
                blank=True, help_text=SOURCES_HELP, verbose_name="sources"
            ),
        ),
        migrations.RunPython(move_notes, move_footnotes_back),
    ]
