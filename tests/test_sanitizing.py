"""Whatever the browser sends, a brief stores only allow-listed HTML."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

from briefs.content import richtext
from briefs.content.sanitizer import sanitizer_for
from tests.factories import BriefFactory

clean_body = sanitizer_for(richtext.BODY_EXTENSIONS)
clean_notes = sanitizer_for(richtext.NOTES_EXTENSIONS)

BODY_TAGS = {
    "p", "h2", "h3", "h4", "strong", "b", "em", "i", "a", "ul", "ol", "li", "blockquote",
    "br", "hr", "table", "caption", "thead", "tbody", "tr", "th", "td", "sub", "sup", "abbr",
    "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "href", "title", "rel", "start", "type", "data-type", "colspan", "rowspan", "dir", "lang",
    "data-footnote",
}  # fmt: skip
# What the sanitizer itself sets, whatever was sent: a table takes keyboard focus.
SET_ATTRIBUTES = {"table": {"tabindex": "0"}}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed(markup):
    collector = _Collector()
    collector.feed(markup)
    return collector.tags


def assert_safe(markup, allowed_tags=BODY_TAGS):
    for tag, attributes in parsed(markup):
        assert tag in allowed_tags, f"<{tag}> survived in {markup!r}"
        sent = dict(attributes.items() - SET_ATTRIBUTES.get(tag, {}).items())
        assert set(sent) <= ALLOWED_ATTRIBUTES, f"{sent} survived in {markup!r}"
        href = attributes.get("href")
        if href is not None:
            assert urlsplit(href.strip()).scheme in {"", "http", "https", "mailto"}, markup
        if tag == "a":
            assert attributes.get("rel") == "noopener noreferrer", markup
        if tag == "span":  # only as a footnote, which holds nothing but text
            assert attributes == {"data-footnote": ""}, markup
        if "data-footnote" in attributes:
            assert tag == "span", markup
    lowered = markup.lower()
    for needle in ("javascript:", "vbscript:", "data:", "<script", "style="):
        assert needle not in lowered, f"{needle} survived in {markup!r}"


HOSTILE = [
    "<script>alert(1)</script><p>text</p>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<p onclick=alert(1)>click</p>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)><circle r=1></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<p style="color:red;mso-bidi-font-weight:bold">word</p>',
    "<style>p{display:none}</style><p>kept</p>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href=" javascript:alert(1)">link</a>',
    '<a href="java&#x09;script:alert(1)">link</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">link</a>',
    '<a href="&#x6A;avascript&colon;alert(1)">link</a>',
    '<a href="jav&NewLine;ascript:alert(1)">link</a>',
    '<a href="vbscript:msgbox(1)">link</a>',
    '<a href="VBScript:msgbox(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">link</a>',
    '<a href="https://example.org" onmouseover="alert(1)">link</a>',
    '<a href="https://example.org" target="_blank" rel="opener">link</a>',
    '<a href="https://example.org" style="position:fixed;inset:0">overlay</a>',
    '<form action="https://evil.example"><input name=password><button>Go</button></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<base href="https://evil.example/">',
    "<p>unclosed <strong>bold <em>and italic",
    "<!--<script>alert(1)</script>--><p>after comment</p>",
    '<p title="&quot;><script>alert(1)</script>">quoted</p>',
    "<h1 id=x class=y>Title</h1>",
    '<div class="MsoNormal" onclick="x"><span lang="EN-GB">Word</span></div>',
    '<table style="width:100%" onclick="x"><tr>'
    '<td background="javascript:alert(1)">1</td></tr></table>',
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    '<video><source onerror="alert(1)"></video><audio src=x onerror=alert(1)>',
    '<p><font face="Calibri" color="red">font</font></p>',
    "<template><script>alert(1)</script></template><noscript><p>ns</p></noscript>",
    '<blockquote cite="javascript:alert(1)">quote</blockquote>',
    '<p>x<span data-footnote="<script>alert(1)</script>" onclick="x">note</span></p>',
    "<p>x<span data-footnote><script>alert(1)</script><img src=x onerror=alert(1)>n</span></p>",
    '<p>x<span data-footnote><a href="javascript:alert(1)" onclick="x">n</a></span></p>',
    '<span data-footnote><span data-footnote style="x"><iframe src="https://e.example">',
    '<p><sup onclick="x"><sub style="x">2</sub></sup><abbr title="x" onclick="y">EU</abbr></p>',
    '<abbr title="European Union" href="javascript:alert(1)">EU</abbr>',
    '<table><caption onclick="x" style="x">c<script>alert(1)</script></caption></table>',
    '<p data-footnote="x" title="t">a paragraph is no footnote</p>',
    '<ol start="3" onclick="x"><li style="color:red">three</li></ol>',
    "<xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml><p>body</p>",
    '<a href="mailto:press@example.org" onclick="x">mail</a>',
    "<p>a</p><<p>>b</p>",
]


@pytest.mark.parametrize("markup", HOSTILE)
def test_hostile_body_markup_is_made_safe(markup):
    """No script, handler, style, embed or unsafe URL survives in a body."""
    assert_safe(clean_body(markup))


@pytest.mark.parametrize("markup", HOSTILE)
def test_hostile_notes_markup_is_made_safe(markup):
    """The notes field is held to the same allow-list, minus tables and headings."""
    cleaned = clean_notes(markup)
    assert_safe(cleaned, allowed_tags={"p", "strong", "b", "em", "i", "a", "ul", "ol", "li"})


def test_the_body_allow_list_is_exactly_what_the_editor_offers():
    """The allow-list grows only with the editor's own extensions: sub, sup, abbr with its
    expansion, a footnote's span with its one attribute, a table's caption, and a figure
    with the id of its library image."""
    allowlist = allowlist_from_extensions(expand_extensions(richtext.BODY_EXTENSIONS))
    assert allowlist["tags"] == {
        "p", "h2", "h3", "h4", "strong", "em", "a", "ul", "ol", "li", "blockquote", "br",
        "hr", "table", "caption", "thead", "tbody", "tr", "th", "td", "sub", "sup", "abbr",
        "span", "figure",
    }  # fmt: skip
    assert {tag: set(names) for tag, names in allowlist["attributes"].items()} == {
        "a": {"href", "rel", "title"},
        "ol": {"data-type", "start", "type"},
        "p": {"dir", "lang"},
        "blockquote": {"dir", "lang"},
        "th": {"colspan", "rowspan"},
        "td": {"colspan", "rowspan"},
        "abbr": {"title"},
        "span": {"data-footnote"},
        "figure": {"data-image"},
    }


def test_what_the_editor_offers_survives():
    """Headings, emphasis, links, lists, quotes, tables and rules are kept as written."""
    markup = (
        "<h2>Context</h2><h3>Detail</h3><h4>Point</h4>"
        "<p><strong>bold</strong> <em>italic</em> "
        '<a href="https://example.org/report">report</a></p>'
        "<ul><li><p>one</p></li></ul><ol><li><p>two</p></li></ol>"
        "<blockquote><p>quote</p></blockquote><hr>"
        "<table><tbody><tr><th><p>A</p></th></tr><tr><td><p>1</p></td></tr></tbody></table>"
    )
    cleaned = clean_body(markup)
    for fragment in (
        "<h2>Context</h2>",
        "<h3>Detail</h3>",
        "<h4>Point</h4>",
        "<strong>bold</strong>",
        "<em>italic</em>",
        '<a href="https://example.org/report" rel="noopener noreferrer">report</a>',
        "<ul><li><p>one</p></li></ul>",
        "<ol><li><p>two</p></li></ol>",
        "<blockquote><p>quote</p></blockquote>",
        "<hr>",
        "<th><p>A</p></th>",
        "<td><p>1</p></td>",
    ):
        assert fragment in cleaned


def test_a_table_takes_keyboard_focus_whatever_was_sent():
    """A wide table scrolls in its own box, so keyboard users must be able to focus it;
    the tab order a paste carried is not kept."""
    for sent in ("<table>", '<table tabindex="3">', '<table tabindex="-1">'):
        cleaned = clean_body(f"{sent}<tbody><tr><td><p>1</p></td></tr></tbody></table>")
        assert cleaned.startswith('<table tabindex="0"><tbody>')


def test_script_content_is_removed_not_just_the_tags():
    """The text inside a script or style element never reaches readers."""
    cleaned = clean_body("<p>before</p><script>steal()</script><style>.x{}</style><p>after</p>")
    assert cleaned == "<p>before</p><p>after</p>"


WORD_PASTE = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><style>p.MsoNormal {mso-style-parent:""; font-family:Calibri}</style></head>
<body lang=EN-GB style='tab-interval:36.0pt'>
<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->
<h1 style='mso-margin-top-alt:auto'><span lang=EN-GB>Energy corridors</span><o:p></o:p></h1>
<p class=MsoNormal><span style='font-size:11.0pt;mso-bidi-font-family:Calibri'>Baku ships
<b style='mso-bidi-font-weight:normal'>more gas</b> west.<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>
<![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>\u00b7
<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span></span><![endif]>
First point<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>
<![if !supportLists]><span style='mso-list:Ignore'>\u00b7<span>&nbsp;</span></span>
<![endif]>Second point<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><![if !supportLists]>
<span style='mso-list:Ignore'>1.<span>&nbsp;</span></span><![endif]>Numbered<o:p></o:p></p>
<p class=MsoNormal>Closing line.<o:p></o:p></p>
</body></html>"""


def test_word_paste_becomes_clean_headings_paragraphs_and_lists():
    """Word's styles, o:p tags, list markers and empty paragraphs are gone; structure stays."""
    cleaned = clean_body(WORD_PASTE)
    assert_safe(cleaned)
    assert "mso" not in cleaned and "o:p" not in cleaned and "<span" not in cleaned
    assert "\u00b7" not in cleaned
    assert "<h2>Energy corridors</h2>" in cleaned
    assert "<strong>more gas</strong>" in cleaned
    assert [tag for tag, _ in parsed(cleaned) if tag in {"ul", "ol", "li"}] == [
        "ul",
        "li",
        "li",
        "ol",
        "li",
    ]
    assert "First point</li>" in cleaned and "Numbered</li>" in cleaned
    assert "<p>&nbsp;</p>" not in cleaned
    assert cleaned.endswith("<p>Closing line.</p>")


def word_item(level, marker, text):
    """A list paragraph as Word puts it on the clipboard."""
    return (
        f"<p class=MsoListParagraphCxSpMiddle style='text-indent:-18.0pt;"
        f"mso-list:l0 level{level} lfo1'><![if !supportLists]><span style='mso-list:Ignore'>"
        f"{marker}<span>&nbsp;</span></span><![endif]>{text}<o:p></o:p></p>\n"
    )


def test_word_nested_lists_keep_their_levels():
    """Sub-points pasted from Word stay under their point, each list keeping its kind."""
    pasted = (
        word_item(1, "1.", "Sanctions")
        + word_item(2, "o", "Banks")
        + word_item(2, "o", "Energy")
        + word_item(3, "\u00a7", "Oil")
        + word_item(1, "2.", "Trade")
        + "<p class=MsoNormal>After.</p>"
    )
    cleaned = re.sub(r">\s+<", "><", clean_body(pasted))
    assert cleaned == (
        "<ol><li>Sanctions<ul><li>Banks</li><li>Energy<ul><li>Oil</li></ul></li></ul></li>"
        "<li>Trade</li></ol><p>After.</p>"
    )


def test_word_list_ending_deep_closes_every_level():
    """A paste that stops inside a sub-list still yields whole, well-formed lists."""
    cleaned = re.sub(
        r">\s+<", "><", clean_body(word_item(1, "\u00b7", "Point") + word_item(2, "o", "Sub"))
    )
    assert cleaned == "<ul><li>Point<ul><li>Sub</li></ul></li></ul>"


GOOGLE_DOCS_PASTE = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-4f2">'
    '<h2 dir="ltr" style="line-height:1.38"><span style="font-size:16pt;font-family:Arial">'
    "Findings</span></h2>"
    '<p dir="ltr" style="line-height:1.38"><span style="font-weight:700">Key:</span>'
    '<span style="font-weight:400"> trade fell, </span>'
    '<span style="font-style:italic">officially</span></p>'
    '<ul style="margin-top:0"><li dir="ltr" style="list-style-type:disc">'
    '<p dir="ltr" role="presentation"><span>One</span></p></li></ul></b><br>'
)


def test_google_docs_paste_loses_its_bold_wrapper_and_keeps_emphasis():
    """The whole-document <b> wrapper is dropped; bold and italic spans become tags."""
    cleaned = clean_body(GOOGLE_DOCS_PASTE)
    assert_safe(cleaned)
    assert cleaned.startswith("<h2>Findings</h2>")
    # Google Docs marks every paragraph ltr: kept, as the page may be right to left.
    assert '<p dir="ltr"><strong>Key:</strong> trade fell, <em>officially</em></p>' in cleaned
    assert '<ul><li><p dir="ltr">One</p></li></ul>' in cleaned
    assert "<b>" not in cleaned


WORD_FOOTNOTES_PASTE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>
<p class=MsoNormal>Exports rose<a href="#_ftn1" name="_ftnref1" title=""><span
class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]>
<span class=MsoFootnoteReference><span style='font-size:11.0pt'>[1]</span></span><![endif]>
</span></span></a> while imports fell<a href="#_ftn2" name="_ftnref2"><span
class=MsoFootnoteReference>[2]</span></a>.<o:p></o:p></p>
<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all>
<hr align=left size=1 width="33%"><![endif]>
<div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText><a href="#_ftnref1"
name="_ftn1" title=""><span class=MsoFootnoteReference>[1]</span></a> Customs data,
<i>2024</i> &amp; after.<o:p></o:p></p></div>
<div style='mso-element:footnote' id=ftn2><p class=MsoFootnoteText><a href="#_ftnref2"
name="_ftn2"><span class=MsoFootnoteReference>[2]</span></a> Eurostat.</p></div>
</div></body></html>"""

GOOGLE_DOCS_FOOTNOTES_PASTE = (
    '<b style="font-weight:normal;" id="docs-internal-guid-9"><p dir="ltr"><span>Exports rose'
    '</span><sup><a href="#ftnt1" id="ftnt_ref1">[1]</a></sup><span> a lot.</span></p><hr>'
    '<div><p dir="ltr"><a href="#ftnt_ref1" id="ftnt1">[1]</a><span>&nbsp;Customs data, '
    "2024.</span></p></div></b>"
)


def test_word_footnotes_arrive_as_footnotes():
    """Word's reference links become footnotes holding their notes' text; its list of
    notes, markers and rule are gone."""
    assert clean_body(WORD_FOOTNOTES_PASTE) == (
        '<p>Exports rose<span data-footnote="">Customs data, 2024 &amp; after.</span> while '
        'imports fell<span data-footnote="">Eurostat.</span>.</p>'
    )


def test_google_docs_footnotes_arrive_as_footnotes():
    assert clean_body(GOOGLE_DOCS_FOOTNOTES_PASTE) == (
        '<p dir="ltr">Exports rose<span data-footnote="">Customs data, 2024.</span> a lot.</p>'
    )


def test_a_pasted_reference_without_its_note_keeps_its_marker():
    """Half a document pasted: a reference whose note did not come stays as "[3]", and a
    note whose reference did not come stays as a paragraph."""
    assert clean_body('<p>Only<a href="#_ftn3">[3]</a> here.</p>') == "<p>Only[3] here.</p>"
    assert clean_body('<p>Text.</p><p><a href="#ftnt_ref9">[9]</a> A note.</p>') == (
        "<p>Text.</p><p>A note.</p>"
    )


@pytest.mark.django_db
def test_saving_a_brief_sanitizes_body_and_notes():
    """The model cleans on every save, whatever path the HTML came through."""
    brief = BriefFactory(
        body='<p onclick="x">Body<script>alert(1)</script></p>',
        notes='<ol><li><a href="javascript:alert(1)">bad</a> '
        '<a href="https://example.org/src">source</a></li></ol>',
    )
    brief.refresh_from_db()
    assert brief.body == "<p>Body</p>"
    assert "javascript" not in brief.notes
    assert '<a href="https://example.org/src" rel="noopener noreferrer">source</a>' in brief.notes


@pytest.mark.django_db
def test_notes_render_under_the_body_with_working_links(client):
    """Readers see the notes after the body, and their source links point where written."""
    brief = BriefFactory(
        notes='<ol><li><p>IMF, <a href="https://www.imf.org/en/Countries/GEO">country page</a>.'
        "</p></li></ol>"
    )
    html = client.get(brief.get_absolute_url()).content.decode()
    link = '<a href="https://www.imf.org/en/Countries/GEO" rel="noopener noreferrer">'
    assert link in html
    assert html.index('class="prose"') < html.index("Notes and sources") < html.index(link)
