"""Migration 0016: numbered notes the body marks become its footnotes; the rest stay as
sources, and nothing of a note's text is lost, either way."""

import importlib

import pytest
from django.apps import apps

from briefs.models import Brief
from tests.factories import BriefFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("briefs.migrations.0016_notes_into_footnotes")

NOTES = (
    "<ol><li>World Bank (2023). "
    '<a href="https://www.worldbank.org/corridor" rel="noopener noreferrer">Report</a></li>'
    "<li>Eurostat, <em>trade data</em>.</li>"
    "<li>Further reading on ports.</li></ol>"
)


def written_raw(brief, **fields):
    Brief.objects.filter(pk=brief.pk).update(**fields)
    return Brief.objects.get(pk=brief.pk)


def test_marked_notes_become_footnotes_and_the_rest_stay_as_sources():
    """A superscript or bracketed number is replaced by its note; an unmarked note stays."""
    brief = written_raw(
        BriefFactory(), body="<p>Volumes tripled<sup>1</sup> and trade fell [2].</p>", notes=NOTES
    )
    migration.move_notes(apps, None)
    brief.refresh_from_db()
    assert brief.body == (
        '<p>Volumes tripled<span data-footnote="">World Bank (2023). Report '
        "(https://www.worldbank.org/corridor)</span> and trade fell "
        '<span data-footnote="">Eurostat, trade data.</span>.</p>'
    )
    assert brief.notes == "<ul><li>Further reading on ports.</li></ul>"


def test_notes_the_body_never_marks_are_left_as_they_were():
    brief = written_raw(BriefFactory(), body="<p>No marks here.</p>", notes=NOTES)
    migration.move_notes(apps, None)
    brief.refresh_from_db()
    assert (brief.body, brief.notes) == ("<p>No marks here.</p>", NOTES)


def test_backwards_every_footnote_becomes_a_numbered_note_again():
    brief = written_raw(
        BriefFactory(),
        body='<p>A<span data-footnote="">First.</span> b<span data-footnote="">Second.</span></p>',
        notes="<ul><li>Source.</li></ul>",
    )
    migration.move_footnotes_back(apps, None)
    brief.refresh_from_db()
    assert brief.body == "<p>A<sup>1</sup> b<sup>2</sup></p>"
    assert brief.notes == "<ol><li>First.</li><li>Second.</li></ol><ul><li>Source.</li></ul>"
