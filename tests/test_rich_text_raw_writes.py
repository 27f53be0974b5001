"""HTML that reached the database without a save never reaches a reader unsanitized."""

import json
import re

import pytest
import reversion
from django.core import serializers
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from briefs.content.richtext import printable
from briefs.models import Brief
from tests.factories import BriefFactory

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script><p onclick=x>t</p>"
# What a plain-text field (summary, search text) may hold, written past every form.
HOSTILE_TEXT = '</script><script>alert(1)</script><b onclick="x">bold</b>'


def assert_no_markup_from(html):
    """Neither the script nor the handler arrived as markup."""
    assert "<script>alert(1)" not in html
    assert "onclick" not in html


def written_raw(brief, **fields):
    """``brief`` after ``QuerySet.update()``: no save, no signal, no sanitizer."""
    Brief.objects.filter(pk=brief.pk).update(**fields)
    return Brief.objects.get(pk=brief.pk)


def test_a_raw_update_is_cleaned_on_the_public_page(client):
    """Body and notes written with QuerySet.update() are printed as a save would store them."""
    brief = written_raw(BriefFactory(), body=HOSTILE, notes=HOSTILE)
    assert brief.body == HOSTILE
    html = client.get(brief.get_absolute_url()).content.decode()
    assert_no_markup_from(html)
    assert html.count("<p>t</p>") == 2


def test_a_fixture_loaded_with_loaddata_is_cleaned_on_the_public_page(client, tmp_path):
    """loaddata saves raw: the page still shows only what the allow-list keeps."""
    brief = BriefFactory()
    fixture = json.loads(serializers.serialize("json", [brief]))
    fixture[0]["fields"].update(body=HOSTILE, notes=HOSTILE)
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(fixture))
    call_command("loaddata", str(path), verbosity=0)
    assert Brief.objects.get(pk=brief.pk).body == HOSTILE
    assert_no_markup_from(client.get(brief.get_absolute_url()).content.decode())


def test_a_restored_revision_is_cleaned_on_the_public_page(client):
    """Restoring a revision saves raw, as loaddata does; the page is clean all the same."""
    brief = written_raw(BriefFactory(), body=HOSTILE)
    with reversion.create_revision():
        reversion.add_to_revision(brief)
    Brief.objects.filter(pk=brief.pk).update(body="<p>Later text.</p>")
    Version.objects.get_for_object(brief).first().revert()
    assert Brief.objects.get(pk=brief.pk).body == HOSTILE
    assert_no_markup_from(client.get(brief.get_absolute_url()).content.decode())


def test_the_admin_view_page_cleans_a_raw_body(client, contributor):
    """The read-only body a contributor sees of their published brief is cleaned too."""
    brief = written_raw(BriefFactory(created_by=contributor), body=HOSTILE, notes=HOSTILE)
    client.force_login(contributor)
    response = client.get(reverse("admin:briefs_brief_change", args=[brief.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert_no_markup_from(html)
    assert "<p>t</p>" in html


def test_feeds_search_and_structured_data_carry_no_markup_from_a_raw_write(client):
    """Summary and search text written raw are escaped in feeds, snippets and JSON-LD."""
    brief = written_raw(
        BriefFactory(body="<p>ferries</p>"),
        body=HOSTILE,
        dek=HOSTILE_TEXT,
        search_document=f"ferries {HOSTILE_TEXT}",
    )
    for url in (reverse("briefs:site-feed-rss"), reverse("briefs:site-feed-atom")):
        feed = client.get(url).content.decode()
        assert "<script>" not in feed and "<b onclick" not in feed
    snippet = client.get(reverse("briefs:search"), {"q": "ferries"}).content.decode()
    assert "<script>alert(1)" not in snippet and "<b onclick" not in snippet
    page = client.get(brief.get_absolute_url()).content.decode()
    json_ld = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in json_ld
    assert "<script>alert(1)" not in page and "<b onclick" not in page


# Footnote markup no save would store: handlers, scripts and links inside the note, a
# footnote in a footnote, an unquoted attribute value, a caption out of place.
HOSTILE_FOOTNOTES = (
    '<p>Claim<span data-footnote="<script>alert(1)</script>" onclick="alert(1)">See '
    '<script>alert(1)</script><a href="javascript:alert(1)">this</a><span data-footnote>'
    'inner</span><img src=x onerror="alert(1)"></span>.</p><h2 onclick="alert(1)">A'
    '<span data-footnote><svg onload="alert(1)">b</svg></span></h2>'
    '<table><tbody><tr><td>1</td></tr></tbody><caption onclick="alert(1)">late</caption></table>'
)


def test_raw_footnote_markup_is_printed_as_text_only_footnotes(client):
    """Footnotes written past save() reach readers as numbered text notes, never markup."""
    brief = written_raw(BriefFactory(), body=HOSTILE_FOOTNOTES)
    html = client.get(brief.get_absolute_url()).content.decode()
    assert "alert" not in html and "<svg" not in html and "onclick" not in html
    assert re.search(r'<li id="fn-1">\s*See thisinner\s', html)
    assert '<h2 id="a">A<sup class="footnote-ref"><a href="#fn-2" id="fnref-2"' in html
    assert re.search(r'<li id="fn-2">\s*b\s', html)


def test_raw_plain_text_is_printed_as_paragraphs(client):
    """Plain text written past save() reaches readers one paragraph per blank-line block."""
    brief = written_raw(BriefFactory(), body="First block\nsame block\n\nSecond block")
    html = client.get(brief.get_absolute_url()).content.decode()
    assert "<p>First block\nsame block</p>\n\n<p>Second block</p>" in html


def test_markup_nested_too_deep_to_clean_is_printed_as_its_words():
    """A raw write that no save would store (a thousand levels deep) shows only its text."""
    brief = written_raw(BriefFactory(), body="<div>" * 1000 + "deep <script>x</script>")
    assert printable(brief, "body") == "<p>deep x</p>"
