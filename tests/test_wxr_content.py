"""A post's HTML cleaned for the body: WordPress's additions go, no word of text is lost."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html

from briefs.imports.content import clean, footnotes_from_meta, plain, with_library_figures, wpautop
from briefs.models import Brief

sanitize = Brief._meta.get_field("body").sanitize

WORD = st.text(
    alphabet=st.characters(categories=["L", "N"], max_codepoint=0x4FF), min_size=1, max_size=8
)
SEPARATOR = st.sampled_from([" ", "\n", "\n\n", "\n\n\n", " \n \n "])
WRAPS = [
    "{}",
    "<em>{}</em>",
    "<strong>{}</strong>",
    "<h2>{}</h2>",
    "<blockquote>{}</blockquote>",
    "<ul><li>{}</li></ul>",
    "<p>{}</p>",
    '<a href="https://example.org/">{}</a>',
    "[shortcode]{}[/shortcode]",
    "<!-- wp:paragraph -->{}<!-- /wp:paragraph -->",
    "<pre>{}</pre>",
]


@st.composite
def posts(draw):
    """Classic or block posts: words, blank lines and a little markup around them."""
    pieces = []
    for _ in range(draw(st.integers(1, 12))):
        words = draw(st.lists(WORD, min_size=1, max_size=6))
        separators = draw(st.lists(SEPARATOR, min_size=len(words), max_size=len(words)))
        text = "".join(word + separator for word, separator in zip(words, separators, strict=True))
        pieces.append(draw(st.sampled_from(WRAPS)).format(text))
        pieces.append(draw(SEPARATOR))
    return "".join(pieces)


def letters(text):
    """The text's characters but spaces and shortcode brackets: their order is the check."""
    return re.sub(r"\s+", "", text)


@settings(max_examples=300, deadline=None)
@given(posts())
def test_no_word_is_lost(post):
    """Every letter of the post's text is in the cleaned and sanitized body, in order."""
    cleaned = clean(post)
    assert cleaned.images == []
    expected = letters(plain(re.sub(r"<!--.*?-->", "", post, flags=re.S)))
    assert letters(plain(cleaned.html)) == expected
    assert letters(plain(sanitize(cleaned.html))) == expected


def test_block_comments_go():
    cleaned = clean('<!-- wp:paragraph {"a":1} -->\n<p>Text</p>\n<!-- /wp:paragraph -->')
    assert cleaned.html.strip() == "<p>Text</p>"


def test_wpautop_follows_wordpress():
    """Blank lines make paragraphs, one newline a break, blocks are left whole, <pre> kept."""
    assert wpautop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n<p>Three</p>\n"
    assert wpautop("<h2>Head</h2>\nText") == "<h2>Head</h2>\n<p>Text</p>\n"
    assert "<pre>a\n\n b</pre>" in wpautop("Before\n\n<pre>a\n\n b</pre>\n\nAfter")
    assert wpautop("<blockquote>Quote</blockquote>") == "<blockquote><p>Quote</p></blockquote>\n"
    assert wpautop("   ") == ""


def test_wpautop_is_linear_on_long_runs_of_spaces():
    """A megabyte of spaces (quadratic under the original's \\s*\\n) takes well under a second."""
    import time

    started = time.perf_counter()
    wpautop("a" + " " * 1_000_000 + "b")
    assert time.perf_counter() - started < 1


def test_caption_shortcode_becomes_a_figure_with_caption():
    cleaned = clean(
        '[caption id="attachment_7" width="300"]<a href="/x"><img class="wp-image-7" '
        'src="/a.jpg" alt="Alt" /></a> The caption[/caption]'
    )
    assert cleaned.images[0].src == "/a.jpg"
    assert cleaned.images[0].caption == "The caption"
    assert cleaned.images[0].attachment_id == 7
    assert '<figure data-import-ref="0"></figure>' in cleaned.html
    assert "The caption" not in cleaned.html


def test_caption_in_the_attribute_of_old_shortcodes():
    cleaned = clean('[caption caption="Old style"]<img src="/b.jpg" alt="" />[/caption]')
    assert cleaned.images[0].caption == "Old style"


def test_picture_inside_a_paragraph_moves_after_it_keeping_the_text():
    cleaned = clean('<p>Before <img src="/c.png" alt="C"> after.</p>')
    assert cleaned.html == '<p>Before  after.</p>\n<figure data-import-ref="0"></figure>'


def test_embeds_become_links():
    block = (
        '<!-- wp:embed --><figure class="wp-block-embed"><div class="wp-block-embed__wrapper">'
        "https://vimeo.com/1</div></figure><!-- /wp:embed -->"
    )
    assert '<a href="https://vimeo.com/1">https://vimeo.com/1</a>' in clean(block).html
    classic = clean('[embed]https://youtu.be/a?x=1&y="2"[/embed]')
    (link,) = html.fragment_fromstring(classic.html, create_parent="div").iter("a")
    assert link.get("href") == link.text == 'https://youtu.be/a?x=1&y="2"'
    assert 'href="https://t.co/z"' in clean("Look:\n\nhttps://t.co/z\n\nDone").html


def test_other_shortcodes_are_kept_and_named():
    cleaned = clean('[gallery ids="1,2"] text [audio src="x.mp3"][/audio] [1] footnote')
    assert cleaned.shortcodes == ["gallery", "audio"]
    assert '[gallery ids="1,2"]' in cleaned.html


def test_placeholders_become_library_figures_or_go():
    body = '<p>a</p><figure data-import-ref="0"></figure><figure data-import-ref="1"></figure>'
    assert with_library_figures(body, {0: 42}) == '<p>a</p><figure data-image="42"></figure>'
    assert (
        sanitize(with_library_figures(body, {1: 7})) == '<p>a</p><figure data-image="7"></figure>'
    )


WORDPRESS_FOOTNOTES = (
    '[{"content":"A <em>note</em> with &quot;quotes&quot;.","id":"4f1c"},'
    '{"content":"Second note.","id":"9b2e"}]'
)


def test_wordpress_footnotes_become_footnotes_at_their_place():
    """WordPress 6.3+ core footnotes (a linked number, the notes in the post meta) become
    this site's footnotes where the numbers were; the Footnotes block goes."""
    content = (
        '<!-- wp:paragraph -->\n<p>Exports rose<sup data-fn="4f1c" class="fn">'
        '<a href="#4f1c" id="4f1c-link">1</a></sup> and fell.<sup data-fn="9b2e" class="fn">'
        '<a href="#9b2e" id="9b2e-link">2</a></sup></p>\n<!-- /wp:paragraph -->\n\n'
        "<!-- wp:footnotes /-->"
    )
    cleaned = clean(content, footnotes=footnotes_from_meta(WORDPRESS_FOOTNOTES))
    assert cleaned.html == (
        '<p>Exports rose<span data-footnote="">A note with "quotes".</span> and fell.'
        '<span data-footnote="">Second note.</span></p>'
    )


def test_a_footnote_number_without_its_note_keeps_its_number():
    """A ``data-fn`` link whose note the meta lacks (or unreadable meta) stays as it was."""
    assert footnotes_from_meta("not json") == {} and footnotes_from_meta('{"a": 1}') == {}
    kept = '<p>Text<sup data-fn="gone" class="fn"><a href="#gone">1</a></sup>.</p>'
    content = f"<!-- wp:paragraph -->{kept}<!-- /wp:paragraph -->"
    assert clean(content, footnotes={}).html == kept


def test_block_markup_leaves_no_line_breaks_between_blocks():
    """The line breaks WordPress's block markup puts between blocks are not stored."""
    content = (
        "<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:list -->\n"
        '<ul class="wp-block-list">\n<!-- wp:list-item -->\n<li>a shift.\n'
        '<ul class="wp-block-list">\n<li>inner</li>\n</ul>\n</li>\n<!-- /wp:list-item -->\n'
        "</ul>\n<!-- /wp:list -->\n\n<!-- wp:preformatted -->\n<pre>a\n  b\n</pre>\n"
        "<!-- /wp:preformatted -->"
    )
    assert clean(content).html == (
        '<p>One</p><ul class="wp-block-list"><li>a shift.<ul class="wp-block-list">'
        "<li>inner</li></ul></li></ul><pre>a\n  b\n</pre>"
    )


def test_named_groups_are_taken_out_and_the_rest_kept():
    """``drop_classes`` takes out the groups that repeat fields read from the meta."""
    content = (
        '<!-- wp:group --><div class="wp-block-group briefs-key-points"><h2>Key points</h2>'
        "<ul><li>A</li></ul></div><!-- /wp:group --><p>Body.</p>"
        '<div class="wp-block-group other"><p>Kept.</p></div>'
    )
    cleaned = clean(content, drop_classes=["briefs-key-points"])
    assert cleaned.html == '<p>Body.</p><div class="wp-block-group other"><p>Kept.</p></div>'
