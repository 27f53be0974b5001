"""The cleaner removes markup, never the words around it, and cleaning twice changes nothing."""

import re
from html import escape, unescape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefs.content.richtext import plain_text
from tests.test_sanitizing import clean_body, clean_notes

# Few examples, always the same ones: a few seconds in every run, never a flaky one.
PROPERTY = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def visible(text):
    """``text`` without white space, which HTML folds and the cleaner trims."""
    return re.sub(r"\s+", "", text)


def test_an_unclosed_tag_in_a_dropped_element_keeps_the_rest():
    """A paragraph left open inside <noscript> ends with it; what follows is kept."""
    assert clean_body("<noscript><p>x</noscript><p>rest of the body</p>") == (
        "<p>rest of the body</p>"
    )


def test_a_division_left_open_in_a_dropped_element_keeps_the_rest():
    """An unclosed <div> keeps <noscript> open to the end; from the div on, text is kept."""
    assert clean_body("<noscript><div>x</noscript><p>rest</p>") == "<p>x</p><p>rest</p>"


def test_a_stray_character_reference_start_stays_text():
    """``&#`` with no number is shown as typed, and the markup after it stays markup."""
    assert clean_body("<p>Item &# 4 is <em>new</em></p><p>Next</p>") == (
        "<p>Item &amp;# 4 is <em>new</em></p><p>Next</p>"
    )


def test_an_ampersand_before_letters_is_kept_as_typed():
    """``AT&T`` and ``R&D`` are names, not character references, and gain no semicolon."""
    assert clean_body("<p>AT&T and R&D; &copy 2026</p>") == ("<p>AT&amp;T and R&amp;D; © 2026</p>")


# Text in every script the site publishes in, with the characters that look like markup:
# escaped where they would start a tag or a character reference, as typed where they cannot.
# Raw words hold no ASCII letter, "/", "!" or "?", and end with a space: after a raw "<" or
# "&" those would start a tag, a comment or a named reference.
NON_LATIN = list("Ереван Шуша باكو تفليس 🌍🇦🇿👍🏽")
ESCAPED_WORDS = st.text(st.sampled_from(list("Baku Tbilisi") + NON_LATIN + list("&<>#;\"'=/!?")))
RAW_WORDS = st.text(st.sampled_from(NON_LATIN + list("&#;<>")), min_size=1).map("{} ".format)
KEPT_TAGS = [
    "p", "h2", "h3", "strong", "em", "b", "i", "blockquote", "li", "span", "div", "o:p", "sub",
    "sup", "abbr", "span data-footnote",
]  # fmt: skip
DROPPED_TAGS = ["script", "style", "noscript", "template", "title", "xml"]
# Directions and languages, valid or not, nested any way: kept only where they count.
ATTRIBUTES = ["", ' dir="rtl"', " dir=LTR", ' dir="auto"', ' dir="up"', ' lang="ar"', " lang=x"]
STRAY_TAGS = ["<br>", "</p>", "</span>", "</li>", "<hr>", "<o:p>"]
# How pasted plain text separates its lines and paragraphs.
LINE_BREAKS = ["\n", "\n\n", " \n \n ", "\r\n\r\n", "\n\n\n"]


@st.composite
def document(draw, depth=0):
    """Markup, and the text a reader sees in it outside the elements the cleaner drops.

    Kept elements may be left unclosed, and so may anything inside a dropped element:
    the dropped element's own end tag closes it all.
    """
    markup, text = [], []
    for _ in range(draw(st.integers(0 if depth else 1, 4))):
        kind = draw(st.sampled_from(["escaped", "raw", "kept", "dropped", "stray", "lines"]))
        if kind == "kept" and depth < 4:
            tag = draw(st.sampled_from(KEPT_TAGS))
            inner, inner_text = draw(document(depth + 1))
            closing = f"</{tag.split()[0]}>" if draw(st.booleans()) else ""
            markup.append(f"<{tag}{draw(st.sampled_from(ATTRIBUTES))}>{inner}{closing}")
            text.append(inner_text)
        elif kind == "dropped":
            tag = draw(st.sampled_from(DROPPED_TAGS))
            hidden = draw(st.sampled_from(["hidden", "<p>hidden", "<b>hidden</b><i>"]))
            markup.append(f"<{tag}>{hidden}</{tag}>")
        elif kind == "stray":
            markup.append(draw(st.sampled_from(STRAY_TAGS)))
        elif kind == "lines":
            lines = draw(st.lists(ESCAPED_WORDS, min_size=2, max_size=4))
            count = len(lines) - 1
            breaks = draw(st.lists(st.sampled_from(LINE_BREAKS), min_size=count, max_size=count))
            markup.append(escape(lines[0], quote=False))
            for line, line_break in zip(lines[1:], breaks, strict=True):
                markup.append(line_break + escape(line, quote=False))
            text.append("".join(lines))
        elif kind == "raw":
            words = draw(RAW_WORDS)
            markup.append(words)
            text.append(words)
        else:
            words = draw(ESCAPED_WORDS)
            markup.append(escape(words, quote=False))
            text.append(words)
    return "".join(markup), "".join(text)


@PROPERTY
@given(document())
def test_every_visible_character_outside_removed_elements_is_kept(generated):
    """Latin, Cyrillic, Arabic and emoji text keeps every character, in order."""
    markup, text = generated
    assert visible(plain_text(clean_body(markup))) == visible(text)
    assert visible(plain_text(clean_notes(markup))) == visible(text)


@PROPERTY
@given(document())
def test_cleaning_twice_changes_nothing(generated):
    """A stored body read back and cleaned again is the same body."""
    markup, _ = generated
    once = clean_body(markup)
    assert clean_body(once) == once
    notes = clean_notes(markup)
    assert clean_notes(notes) == notes


@PROPERTY
@given(st.text(alphabet=st.sampled_from(list("<>&#;/=\"'! abp-x\n")), max_size=60))
def test_any_string_of_markup_characters_cleans_to_a_fixed_point(markup):
    """Even nonsense markup cleans to a body that cleaning again leaves alone."""
    once = clean_body(markup)
    assert clean_body(once) == once


# Paragraphs of pasted plain text: lines of words (every script, and characters that look
# like markup), a line break inside a paragraph, a blank line (however spaced) between two.
PLAIN_WORD = st.text(
    st.sampled_from([char for char in NON_LATIN if not char.isspace()] + list("Baku&<>#;")),
    min_size=1,
)
PLAIN_LINE = st.lists(PLAIN_WORD, min_size=1, max_size=4).map(" ".join)
PLAIN_PARAGRAPH = st.lists(PLAIN_LINE, min_size=1, max_size=3)
PARAGRAPH_BREAKS = [line_break for line_break in LINE_BREAKS if line_break.count("\n") > 1]


def paragraphs(cleaned):
    """The text of each paragraph of a cleaned body, white space folded; and what is left."""
    found = [
        " ".join(unescape(text).split()) for text in re.findall(r"<p>(.*?)</p>", cleaned, re.S)
    ]
    return found, re.sub(r"<p>.*?</p>", "", cleaned, flags=re.S).strip()


@st.composite
def pasted_text(draw):
    """Plain text of a few paragraphs, and the text of each as a reader should see it."""
    kept = draw(st.lists(PLAIN_PARAGRAPH, min_size=1, max_size=4))
    markup = escape("\n".join(kept[0]), quote=False)
    for lines in kept[1:]:
        markup += draw(st.sampled_from(PARAGRAPH_BREAKS)) + escape("\n".join(lines), quote=False)
    return markup, [" ".join(lines) for lines in kept]


@st.composite
def mixed_text(draw):
    """Paragraphs in <p> tags and loose pasted paragraphs, in any order."""
    markup, expected, after_loose = "", [], False
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            lines = draw(PLAIN_PARAGRAPH)
            markup += f"<p>{escape(' '.join(lines), quote=False)}</p>"
            expected.append(" ".join(lines))
            after_loose = False
        else:
            loose, loose_paragraphs = draw(pasted_text())
            # Loose text right after loose text is one text: a blank line parts them.
            before = PARAGRAPH_BREAKS if after_loose else ["", "\n", *PARAGRAPH_BREAKS]
            markup += draw(st.sampled_from(before)) + loose
            expected.extend(loose_paragraphs)
            after_loose = True
    return markup, expected


def test_pasted_plain_text_becomes_paragraphs():
    """Blank lines part paragraphs; a single line break stays a space, as in a PDF's prose."""
    pasted = "Baku and Tbilisi\nsigned in May.\n\n  \nThe corridor opened.\n"
    assert clean_body(pasted) == (
        "<p>Baku and Tbilisi\nsigned in May.</p>\n\n  \n<p>The corridor opened.\n</p>"
    )


def test_loose_text_between_tagged_paragraphs_keeps_its_place():
    """Loose text, formatting in it, a quotation's loose text: each in its own paragraph."""
    assert clean_body("<p>One</p>Two <em>three</em>\n\nfour<h2>Five</h2>six") == (
        "<p>One</p><p>Two <em>three</em></p>\n\n<p>four</p><h2>Five</h2><p>six</p>"
    )
    assert clean_body("<blockquote>said\n\nthen</blockquote>") == (
        "<blockquote><p>said</p>\n\n<p>then</p></blockquote>"
    )


@PROPERTY
@given(pasted_text())
def test_every_blank_line_parts_a_paragraph_and_keeps_its_words(generated):
    """Each pasted paragraph is one <p>, in order, with every word; nothing is outside."""
    markup, expected = generated
    for clean in (clean_body, clean_notes):
        assert paragraphs(clean(markup)) == (expected, "")


@PROPERTY
@given(mixed_text())
def test_tagged_and_loose_paragraphs_keep_every_word_in_order(generated):
    """<p> blocks and loose text with blank lines read back as the same paragraphs."""
    markup, expected = generated
    once = clean_body(markup)
    assert paragraphs(once) == (expected, "")
    assert clean_body(once) == once


# Footnotes as Word and Google Docs paste them: a link where the number goes, and the notes
# after the text, each starting with a link back.
PASTED_STYLES = {
    "word": (
        '<a href="#_ftn{0}" name="_ftnref{0}"><span class=MsoFootnoteReference>[{0}]</span></a>',
        '<div style="mso-element:footnote" id=ftn{0}><p class=MsoFootnoteText>'
        '<a href="#_ftnref{0}" name="_ftn{0}">[{0}]</a> {1}</p></div>',
        '<div style="mso-element:footnote-list"><br clear=all><hr width="33%">{}</div>',
    ),
    "google": (
        '<sup><a href="#ftnt{0}" id="ftnt_ref{0}">[{0}]</a></sup>',
        '<div><p dir="ltr"><a href="#ftnt_ref{0}" id="ftnt{0}">[{0}]</a>'
        "<span>&nbsp;{1}</span></p></div>",
        "<hr>{}",
    ),
}
NOTE_TEXT = ESCAPED_WORDS.filter(lambda words: words.strip())


@st.composite
def pasted_footnotes(draw):
    """A paste with footnotes, some of whose notes (or references) may be missing; the
    notes' texts, by number; the numbers referred to."""
    style = draw(st.sampled_from(sorted(PASTED_STYLES)))
    reference, note, note_list = PASTED_STYLES[style]
    notes = dict(enumerate(draw(st.lists(NOTE_TEXT, min_size=1, max_size=5)), start=1))
    referred = draw(st.lists(st.integers(1, len(notes) + 1), unique=True, max_size=6))
    words = draw(st.lists(ESCAPED_WORDS, min_size=len(referred), max_size=len(referred)))
    text = "".join(
        escape(word, quote=False) + reference.format(number)
        for word, number in zip(words, referred, strict=True)
    )
    listed = draw(st.permutations(sorted(notes)))
    notes_markup = "".join(note.format(n, escape(notes[n], quote=False)) for n in listed)
    return f"<p>{text}.</p>" + note_list.format(notes_markup), notes, referred


@PROPERTY
@given(pasted_footnotes())
def test_pasted_footnotes_never_lose_a_note(generated):
    """Every note referred to becomes that footnote, in the order of the text; a note no
    reference points to stays as a paragraph, a reference without a note keeps its
    marker; nothing else of Word's or Google Docs' notes remains, and cleaning twice
    changes nothing."""
    markup, notes, referred = generated
    cleaned = clean_body(markup)
    footnotes = [unescape(note) for note in re.findall(r'data-footnote="">([^<]*)<', cleaned)]
    assert [visible(note) for note in footnotes] == [
        visible(notes[number]) for number in referred if number in notes
    ]
    for number, note in notes.items():
        if number not in referred:
            assert visible(note) in visible(plain_text(cleaned))
    for number in referred:
        assert (f"[{number}]" in cleaned) == (number not in notes)
    assert "<hr>" not in cleaned and "href" not in cleaned
    assert clean_body(cleaned) == cleaned


# Words between a table's rows or cells, where HTML5 parsers (nh3's, every browser's) would
# move them before the table: a "Source:" line left inside the table, a paragraph after
# the last row, text between two cells, as pasted from WordPress or hand-written pages.
STRAY_IN_TABLE = [
    "{}",
    "<p>{}</p>",
    "<strong>{}</strong>",
    "<h2>{}</h2>",
    "<ul><li>{}</li></ul>",
    '<span data-footnote="">{}</span>',
    "<blockquote>{}</blockquote>",
]
CELL_WORDS = st.text(st.sampled_from(list("Baku Tbilisi") + NON_LATIN), min_size=1).filter(
    str.strip
)


@st.composite
def table_with_stray_words(draw, depth=0):
    """A table whose rows and cells may have words between them; the text in order."""
    markup, text = ["<table>"], []

    def stray():
        if draw(st.integers(0, 2)) == 0:
            words = draw(CELL_WORDS)
            markup.append(draw(st.sampled_from(STRAY_IN_TABLE)).format(escape(words)))
            text.append(words)

    if draw(st.booleans()):
        words = draw(CELL_WORDS)
        markup.append(f"<caption>{escape(words)}</caption>")
        text.append(words)
    body = draw(st.booleans())
    markup.append("<tbody>" if body else "")
    for _ in range(draw(st.integers(1, 3))):
        stray()
        markup.append("<tr>")
        for _ in range(draw(st.integers(1, 3))):
            stray()
            tag = draw(st.sampled_from(["td", "th"]))
            if depth < 1 and draw(st.integers(0, 4)) == 0:
                inner, inner_text = draw(table_with_stray_words(depth + 1))
                markup.append(f"<{tag}>{inner}</{tag}>")
                text.append(inner_text)
            else:
                words = draw(CELL_WORDS)
                markup.append(f"<{tag}>{escape(words)}</{tag}>")
                text.append(words)
        stray()
        markup.append("</tr>")
    stray()
    markup.append("</tbody>" if body else "")
    stray()
    markup.append("</table>")
    return "".join(markup), "".join(text)


def test_words_after_a_tables_rows_stay_after_the_table():
    """A paragraph left inside a table after its rows reads after it, not before it."""
    assert clean_body(
        "<table><tr><th>Year</th><th>GDP</th></tr><tr><td>2024</td><td>4.1%</td></tr>"
        "<p>Source: IMF, World Economic Outlook</p></table><p>Next paragraph.</p>"
    ) == (
        '<table tabindex="0"><tbody><tr><th>Year</th><th>GDP</th></tr>'
        "<tr><td>2024</td><td>4.1%</td></tr></tbody></table>"
        "<p>Source: IMF, World Economic Outlook</p><p>Next paragraph.</p>"
    )


def test_words_between_rows_split_the_table_where_they_stand():
    """Loose text between two rows comes between two tables, the second with its row."""
    assert clean_body("<table><tr><td>A</td></tr>between\n<tr><td>B</td></tr></table>") == (
        '<table tabindex="0"><tbody><tr><td>A</td></tr></tbody></table><p>between\n</p>'
        '<table tabindex="0"><tbody><tr><td>B</td></tr></tbody></table>'
    )


def test_words_before_the_first_row_leave_no_empty_table():
    """Text before any row comes first, and no empty table is written for it."""
    assert clean_body("<table>Table 1: trade<tr><td>A</td></tr></table>") == (
        '<p>Table 1: trade</p><table tabindex="0"><tbody><tr><td>A</td></tr></tbody></table>'
    )


def test_a_caption_stays_in_its_table():
    """A caption is part of the table, not a stray line."""
    assert clean_body("<table><caption>Trade</caption><tr><td>A</td></tr>end</table>") == (
        '<table tabindex="0"><caption>Trade</caption><tbody><tr><td>A</td></tr></tbody>'
        "</table><p>end</p>"
    )


@PROPERTY
@given(table_with_stray_words())
def test_words_in_and_around_tables_keep_their_order(generated):
    """Cells, captions and words between rows or cells read in the order written, none
    dropped, and cleaning twice changes nothing."""
    markup, text = generated
    once = clean_body(markup)
    assert visible(plain_text(once)) == visible(text)
    assert clean_body(once) == once
