"""Footnotes, heading anchors, the contents box, key points, tables' captions and the
inline elements a brief's body may hold: each survives a save and reaches the reader."""

import gzip
import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from briefs.models import Brief
from tests.factories import BriefFactory
from tests.public_pages import FULL_BODY_BRIEF
from tests.test_rich_text_length import add_brief

pytestmark = pytest.mark.django_db

FOOTNOTED = (
    "<h2>Trade</h2>"
    '<p>Exports rose<span data-footnote="">Customs data, 2024.</span> while imports fell'
    '<span data-footnote="">Central bank, <em>annual report</em>.</span>.</p>'
)


def page(client, brief):
    response = client.get(brief.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def notes_of(html):
    """The numbered notes under the body: (id, text) in order."""
    notes = html.split('<ol class="footnotes">')[1].split("</ol>")[0]
    return re.findall(r'<li id="(fn-\d+)">\s*(.*?)\s+<a href="#fnref-\d+"', notes, re.S)


def test_every_new_element_survives_an_admin_save_and_renders(editor_client, client):
    """sub, sup, abbr with its title, a footnote and a captioned table with header cells
    come through the admin form and onto the page as typed."""
    body = (
        "<p>CO<sub>2</sub> fell 3 per cent<sup>*</sup> across the "
        '<abbr title="European Union">EU</abbr>.<span data-footnote="">Eurostat.</span></p>'
        "<table><caption>Emissions by sector</caption><tbody>"
        "<tr><th><p>Sector</p></th><th><p>2024</p></th></tr>"
        "<tr><td><p>Energy</p></td><td><p>1.1</p></td></tr></tbody></table>"
    )
    response = add_brief(editor_client, body=body, status=Brief.Status.PUBLISHED)
    assert response.status_code == 302, response.content.decode()[-3000:]
    brief = Brief.objects.get()
    assert brief.body == body.replace("<table>", '<table tabindex="0">')
    html = page(client, brief)
    for fragment in (
        "CO<sub>2</sub>",
        "<sup>*</sup>",
        '<abbr title="European Union">EU</abbr>',
        '<table tabindex="0"><caption>Emissions by sector</caption><tbody>',
        "<th><p>Sector</p></th>",
        '<sup class="footnote-ref"><a href="#fn-1" id="fnref-1" aria-label="Note 1">1</a></sup>',
    ):
        assert fragment in html
    assert notes_of(html) == [("fn-1", "Eurostat.")]


def test_footnotes_are_numbered_in_the_order_of_the_text(client):
    """Each footnote becomes its number, linking to its note; each note links back."""
    html = page(client, BriefFactory(body=FOOTNOTED))
    assert notes_of(html) == [
        ("fn-1", "Customs data, 2024."),
        ("fn-2", "Central bank, annual report."),
    ]
    assert html.index('id="fnref-1"') < html.index('id="fnref-2"') < html.index('id="fn-1"')
    assert re.search(r'<a href="#fnref-2"\s+class="footnote-back"', html)


def test_a_footnote_inserted_before_others_renumbers_them(client):
    """Numbers are never stored: a new first footnote makes the others second and third."""
    brief = BriefFactory(body=FOOTNOTED)
    brief.body = brief.body.replace(
        "<h2>Trade</h2><p>",
        '<h2>Trade</h2><p>Since 2022<span data-footnote="">Ministry of Economy.</span>, ',
    )
    brief.save()
    notes = notes_of(page(client, brief))
    assert [text for _, text in notes] == [
        "Ministry of Economy.",
        "Customs data, 2024.",
        "Central bank, annual report.",
    ]
    assert [anchor for anchor, _ in notes] == ["fn-1", "fn-2", "fn-3"]


def test_notes_and_sources_follow_the_numbered_notes(client):
    """The sources field still prints, under the footnotes, in the same section."""
    html = page(client, BriefFactory(body=FOOTNOTED, notes="<ul><li>Further reading.</li></ul>"))
    notes = html.split('id="notes-heading"')[1]
    assert notes.index('<ol class="footnotes">') < notes.index("Further reading.")


def test_a_brief_without_footnotes_or_notes_has_no_notes_section(client):
    assert 'id="notes-heading"' not in page(client, BriefFactory())


def test_footnote_text_is_text_only_and_cannot_carry_scripts(client):
    """Markup inside a footnote is reduced to its words; a handler never survives."""
    brief = BriefFactory(
        body='<p>Claim<span data-footnote="x" onclick="alert(1)">See <script>alert(2)</script>'
        '<a href="javascript:alert(3)">this</a><img src=x onerror=alert(4)></span>.</p>'
    )
    assert brief.body == '<p>Claim<span data-footnote="">See this</span>.</p>'
    html = page(client, brief)
    assert "alert" not in html
    assert notes_of(html) == [("fn-1", "See this")]


def test_a_footnote_is_words_apart_from_the_word_before_it():
    """Search text (and the word count) read a footnote as words of their own."""
    brief = BriefFactory(body=FOOTNOTED)
    assert "Exports rose Customs data, 2024. while imports" in brief.search_document


def test_a_span_is_kept_only_as_a_footnote():
    """Other spans (Google Docs puts text in them) leave only their text."""
    brief = BriefFactory(body='<p><span class="x" title="t">plain</span> text</p>')
    assert brief.body == "<p>plain text</p>"


def test_headings_get_stable_anchors_from_their_text(client):
    """An edit elsewhere leaves a heading's id alone; repeated words get a number."""
    body = (
        "<h2>What has changed</h2><p>a</p><h3>Trade</h3><p>b</p><h4>Trade</h4>"
        '<h2>Notes heading<span data-footnote="">n</span></h2><h2>Fn 1</h2>'
    )
    brief = BriefFactory(body=body)
    html = page(client, brief)
    for heading in (
        '<h2 id="what-has-changed">What has changed</h2>',
        '<h3 id="trade">Trade</h3>',
        '<h4 id="trade-2">Trade</h4>',
        '<h2 id="notes-heading-2">Notes heading<sup class="footnote-ref">',
        '<h2 id="fn-1-2">Fn 1</h2>',
    ):
        assert heading in html
    brief.body = "<p>A new first paragraph.</p>" + body
    brief.save()
    assert '<h2 id="what-has-changed">What has changed</h2>' in page(client, brief)


def test_the_contents_box_appears_from_three_sections_and_links_to_them(client):
    """Two H2s are no contents; three are, each linking to its heading's anchor."""
    two = "<h2>Context</h2><p>a</p><h2>Outlook</h2><p>b</p>"
    assert 'id="contents-heading"' not in page(client, BriefFactory(body=two))
    html = page(client, BriefFactory(body=two + "<h3>Detail</h3><h2>What Europe can do</h2>"))
    contents = html.split('id="contents-heading"')[1].split("</nav>")[0]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', contents)
    assert links == [
        ("context", "Context"),
        ("outlook", "Outlook"),
        ("what-europe-can-do", "What Europe can do"),
    ]
    for anchor, _ in links:
        assert f'id="{anchor}"' in html.split("</nav>", 1)[1]


def test_key_points_are_a_box_above_the_body_under_the_chosen_label(client):
    brief = BriefFactory(
        key_points="Fund ports, not slogans.\n\n  Harmonise the paperwork.  \n",
        key_points_label="recommendations",
    )
    html = page(client, brief)
    box = html.split('<section class="key-points" aria-labelledby="key-points-heading">')[1]
    assert box.lstrip().startswith('<h2 id="key-points-heading">Recommendations</h2>')
    assert "<li>Fund ports, not slogans.</li><li>Harmonise the paperwork.</li>" in box
    assert html.index("key-points-heading") < html.index('<div class="prose">')


def test_key_points_are_found_by_search():
    brief = BriefFactory(key_points="Dredge the Sulina channel.")
    assert "Dredge the Sulina channel." in brief.search_document


def test_key_points_are_plain_text_and_optional(client):
    assert "key-points-heading" not in page(client, BriefFactory())
    html = page(client, BriefFactory(key_points="<script>alert(1)</script>"))
    assert "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>" in html


def test_more_key_points_than_a_short_list_are_refused():
    brief = BriefFactory.build(key_points="\n".join(f"Point {n}" for n in range(9)))
    with pytest.raises(ValidationError, match="8 points at most"):
        brief.clean()


def test_key_points_and_their_label_are_saved_from_the_admin_form(editor_client):
    """The label chosen is kept; a form sent without one keeps the default label."""
    add_brief(editor_client, key_points="One.\nTwo.", key_points_label="recommendations")
    add_brief(editor_client, slug="no-label", key_points="Three.")
    labels = dict(Brief.objects.values_list("slug", "key_points_label"))
    assert labels == {"georgias-two-voices": "recommendations", "no-label": "key-points"}
    assert Brief.objects.get(slug="georgias-two-voices").key_point_list == ["One.", "Two."]


def test_the_admin_form_offers_key_points_and_their_label(editor_client):
    response = editor_client.get(reverse("admin:briefs_brief_add"))
    html = response.content.decode()
    assert 'name="key_points"' in html
    assert re.search(
        r'type="radio" name="key_points_label" value="recommendations"[^>]*>\s*Recommendations',
        html,
    )


def test_a_brief_with_thirty_footnotes_stays_under_sixty_kilobytes(client, settings):
    """The demo's full brief with three times its footnotes, gzipped as sent, and the
    stylesheet it needs: the page's weight before images."""
    call_command("load_demo", stdout=StringIO())
    brief = Brief.objects.get(slug=FULL_BODY_BRIEF)
    notes = re.findall(r'<span data-footnote="">[^<]*</span>', brief.body)
    brief.body += "<p>" + " More.".join(notes * 2) + "</p>"
    brief.save()
    response = client.get(brief.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert html.count('class="footnote-ref"') == 30
    stylesheet = gzip.compress((settings.BASE_DIR / "static/css/site.css").read_bytes())
    assert len(response.content) + len(stylesheet) < 60 * 1024
