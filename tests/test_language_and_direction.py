"""Paragraphs and quotations keep their language and writing direction, and only valid ones."""

import pytest

from briefs.content.richtext import printable
from briefs.content.sanitizer import sanitizer_for
from briefs.models import Brief
from tests.factories import BriefFactory
from tests.test_sanitizing import clean_body, clean_notes

ARABIC_QUOTATION = '<blockquote dir="rtl" lang="ar"><p>لا سلام بلا عدالة</p></blockquote>'


def test_an_arabic_quotation_keeps_its_direction_and_language():
    """dir and lang on a quotation, or on a paragraph, are stored as written."""
    assert clean_body(ARABIC_QUOTATION) == ARABIC_QUOTATION
    assert clean_body('<p dir="rtl" lang="he">שלום</p><p dir="auto">?</p>') == (
        '<p dir="rtl" lang="he">שלום</p><p dir="auto">?</p>'
    )


def test_a_direction_is_kept_only_where_it_changes_the_layout():
    """rtl in an rtl quotation is left out; ltr inside an rtl quotation is kept, and so is
    a direction outside any other: the body does not know its page's direction (an English
    quotation marked ltr must stay so in an Arabic brief)."""
    assert clean_body('<p dir="ltr" lang="en-GB">Said</p>') == '<p dir="ltr" lang="en-GB">Said</p>'
    quotation = '<blockquote dir="rtl"><p dir="rtl">نص</p><p dir="ltr">Text</p></blockquote>'
    assert clean_body(f"{quotation}<p dir=ltr>x</p>") == (
        '<blockquote dir="rtl"><p>نص</p><p dir="ltr">Text</p></blockquote><p dir="ltr">x</p>'
    )
    assert clean_body('<p dir="ltr"> </p><p>y</p>') == "<p>y</p>"


def test_a_direction_in_capitals_is_stored_in_lower_case():
    """Word writes dir=RTL; HTML reads the value in any case, the body stores it one way."""
    assert clean_body("<p class=MsoNormal dir=RTL>نص</p>") == '<p dir="rtl">نص</p>'
    assert clean_body('<blockquote dir=" Auto ">x</blockquote>') == (
        '<blockquote dir="auto"><p>x</p></blockquote>'
    )


@pytest.mark.parametrize(
    "markup",
    [
        '<p dir="rtl;color:red">x</p>',
        '<p dir="up">x</p>',
        '<p dir="">x</p>',
        '<p lang="x y">x</p>',
        '<p lang="&quot;><script>">x</p>',
        '<p lang="">x</p>',
        '<p lang="a">x</p>',
    ],
)
def test_an_invalid_direction_or_language_is_dropped_with_the_text_kept(markup):
    """Only ltr, rtl or auto, and only a language tag, get through."""
    assert clean_body(markup) == "<p>x</p>"


def test_direction_and_language_stay_only_on_paragraphs_and_quotations():
    """Headings, list items and emphasis do not take them, nor does the notes field."""
    assert clean_body('<h2 dir="rtl">T</h2><ul><li dir="rtl">i</li></ul><em lang="ar">e</em>') == (
        "<h2>T</h2><ul><li>i</li></ul><p><em>e</em></p>"
    )
    assert clean_notes('<p dir="rtl" lang="ar">n</p>') == "<p>n</p>"


def test_cleaning_a_quotation_twice_changes_nothing():
    """The stored direction and language read back the same on the next clean-up."""
    once = clean_body("<blockquote DIR=RTL lang=he><p dir=LTR>ציטוט</p></blockquote>")
    assert once == '<blockquote dir="rtl" lang="he"><p dir="ltr">ציטוט</p></blockquote>'
    assert clean_body(once) == once


def test_the_editor_and_the_sanitizer_share_the_extension():
    """The body editor loads the extension's script; the sanitizer follows the same map."""
    widget = Brief._meta.get_field("body").formfield().widget
    config = widget.get_config()
    assert "LanguageAndDirection" in config["extensions"]
    assert any(path.endswith("js/language-direction.js") for path in config["js_modules"])
    assert sanitizer_for({"LanguageAndDirection": True})('<p dir="rtl">x</p>') == (
        '<p dir="rtl">x</p>'
    )


@pytest.mark.django_db
def test_the_brief_page_lays_an_arabic_quotation_out_right_to_left(client):
    """Readers get the quotation with its dir and lang, whether saved or written raw."""
    brief = BriefFactory(body=f"<p>He said:</p>{ARABIC_QUOTATION}")
    assert ARABIC_QUOTATION in client.get(brief.get_absolute_url()).content.decode()
    Brief.objects.filter(pk=brief.pk).update(body="<blockquote dir=RTL>نص</blockquote>")
    brief.refresh_from_db()
    assert printable(brief, "body") == '<blockquote dir="rtl"><p>نص</p></blockquote>'
