"""Where the admin shows a brief's body read-only, it reads as on the page: figures drawn
from the image library (only those the viewer may see), numbered footnotes with their
notes at the end, tables."""

import re

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from briefs.models import Brief
from tests.factories import BriefFactory, UserFactory, library_image
from tests.query_counts import assert_query_budget

READ_ONLY_VIEW_MAX_QUERIES = 20  # 14 today (a contributor, one figure)

BODY = (
    "<p>Exports doubled<span data-footnote>IMF, World Economic Outlook, 2025.</span> and "
    "then fell<span data-footnote>National statistics office.</span>.</p>"
    '<figure data-image="{image}"></figure>'
    "<table><caption>Trade</caption><tr><th>Year</th><th>Share</th></tr>"
    "<tr><td>2024</td><td>41%</td></tr></table>"
)


@pytest.fixture
def someone_elses_public_brief(db):
    other = UserFactory(username="other-writer", group="Contributors")
    image = library_image(
        uploaded_by=other, title="Route map", alt="Map of the corridor", caption="The corridor"
    )
    image.credit = "Source: Kartograph"
    image.save()
    brief = BriefFactory(created_by=other, body=BODY.format(image=image.pk))
    return brief, image


def read_only_body(client, brief):
    response = client.get(reverse("admin:briefs_brief_change", args=[brief.pk]))
    assert response.status_code == 200
    assert 'name="body"' not in response.content.decode()  # read-only: no editor
    html = response.content.decode()
    start = html.index('<div class="body-as-read">')
    return html[start : html.index("</section>", start)]


def test_a_contributor_reads_someone_elses_body_as_readers_do(
    contributor_client, someone_elses_public_brief
):
    """Footnotes are numbered and listed, the figure shows its picture, caption and
    credit, the table keeps its cells; no footnote's text stays in the sentence."""
    brief, image = someone_elses_public_brief
    body = read_only_body(contributor_client, brief)
    assert re.search(r'<sup class="footnote-ref"><a href="#fn-1"[^>]*>1</a></sup> and', body)
    assert 'href="#fn-2"' in body
    assert "doubled<span" not in body and "data-footnote" not in body
    notes = re.findall(r'<li id="fn-(\d)">\s*([^<]*?)\s*<a', body)
    assert notes == [
        ("1", "IMF, World Economic Outlook, 2025."),
        ("2", "National statistics office."),
    ]
    assert '<figure class="figure">' in body
    assert 'alt="Map of the corridor"' in body
    assert image.renditions["jpeg"][0]["name"] in body
    assert "The corridor" in body and "Source: Kartograph" in body
    assert "<caption>Trade</caption>" in body and "<td>41%</td>" in body


def test_a_figure_whose_image_is_hidden_from_the_viewer_is_not_shown(
    contributor_client, someone_elses_public_brief
):
    """An image only another person's draft shows stays hidden, even from a public brief's
    body that names it (a raw write, never recorded as a use)."""
    brief, _ = someone_elses_public_brief
    hidden = library_image(uploaded_by=brief.created_by, title="Wombatine chart", alt="Wombatine")
    BriefFactory(draft=True, created_by=brief.created_by, body=f'<figure data-image="{hidden.pk}">')
    Brief.objects.filter(pk=brief.pk).update(
        body=brief.body + f'<p>More.</p><figure data-image="{hidden.pk}"></figure>'
    )
    body = read_only_body(contributor_client, brief)
    assert "Wombatine" not in body
    assert hidden.renditions["jpeg"][0]["name"] not in body
    assert body.count("<figure") == 1  # the visible one only


def test_the_read_only_body_queries_do_not_grow_with_its_figures(
    contributor_client, someone_elses_public_brief
):
    """One query fetches every figure's image, however many the body shows."""
    brief, _ = someone_elses_public_brief

    def add_figures():
        more = [library_image(uploaded_by=brief.created_by) for _ in range(3)]
        brief.refresh_from_db()
        brief.body += "".join(f'<figure data-image="{image.pk}"></figure>' for image in more)
        brief.save()

    body = assert_query_budget(
        lambda: read_only_body(contributor_client, brief), add_figures, READ_ONLY_VIEW_MAX_QUERIES
    )
    assert body.count('<figure class="figure">') == 4


def test_compare_shows_both_bodies_as_readers_read_them(editor_client, editor):
    """Comparing revisions shows each body with its figure and numbered notes."""
    image = library_image(uploaded_by=editor, caption="Pipeline map")
    brief = BriefFactory(draft=True, body="<p>Old text<span data-footnote>Old note.</span></p>")
    with reversion.create_revision():
        brief.save()
    brief.body = BODY.format(image=image.pk)
    with reversion.create_revision():
        brief.save()
    older, newer = Version.objects.get_for_object(brief).order_by("pk")
    response = editor_client.get(
        reverse("admin:briefs_brief_compare", args=[brief.pk]),
        {"from": older.pk, "to": newer.pk},
    )
    html = response.content.decode()
    before, after = html.split('<h3 id="body-after">')
    before = before[before.index('<h3 id="body-before">') :]
    assert "Old note." in before and 'href="#fn-1"' in before and "<figure" not in before
    assert "Pipeline map" in after and "IMF, World Economic Outlook, 2025." in after
    assert "data-footnote" not in html


def test_an_unchanged_body_is_not_drawn_twice_in_compare(editor_client):
    """When only the title changed, compare shows no bodies."""
    brief = BriefFactory(draft=True)
    with reversion.create_revision():
        brief.save()
    brief.title = "A new title"
    with reversion.create_revision():
        brief.save()
    response = editor_client.get(reverse("admin:briefs_brief_compare", args=[brief.pk]))
    assert response.status_code == 200
    assert "body-before" not in response.content.decode()
