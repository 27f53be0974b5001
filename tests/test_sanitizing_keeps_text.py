"""The cleaner removes markup, never the words around it, and cleaning twice changes nothing."""

import re
from html import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefs.richtext import plain_text
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
    assert clean_body("<noscript><div>x</noscript><p>rest</p>") == "x<p>rest</p>"


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
KEPT_TAGS = ["p", "h2", "h3", "strong", "em", "b", "i", "blockquote", "li", "span", "div", "o:p"]
DROPPED_TAGS = ["script", "style", "noscript", "template", "title", "xml"]
STRAY_TAGS = ["<br>", "</p>", "</span>", "</li>", "<hr>", "<o:p>"]


@st.composite
def document(draw, depth=0):
    """Markup, and the text a reader sees in it outside the elements the cleaner drops.

    Kept elements may be left unclosed, and so may anything inside a dropped element:
    the dropped element's own end tag closes it all.
    """
    markup, text = [], []
    for _ in range(draw(st.integers(0 if depth else 1, 4))):
        kind = draw(st.sampled_from(["escaped", "raw", "kept", "dropped", "stray"]))
        if kind == "kept" and depth < 4:
            tag = draw(st.sampled_from(KEPT_TAGS))
            inner, inner_text = draw(document(depth + 1))
            closing = f"</{tag}>" if draw(st.booleans()) else ""
            markup.append(f"<{tag}>{inner}{closing}")
            text.append(inner_text)
        elif kind == "dropped":
            tag = draw(st.sampled_from(DROPPED_TAGS))
            hidden = draw(st.sampled_from(["hidden", "<p>hidden", "<b>hidden</b><i>"]))
            markup.append(f"<{tag}>{hidden}</{tag}>")
        elif kind == "stray":
            markup.append(draw(st.sampled_from(STRAY_TAGS)))
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
