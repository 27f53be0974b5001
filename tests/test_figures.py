"""Figures in a body: images of the library placed by id, cleaned on save, drawn for readers.

The body stores ``<figure data-image="id"></figure>`` and nothing else; the page draws the
picture with its renditions, caption and source from the library record. A figure that
names an image its editor may not use is refused by the brief form; one whose image does
not exist (left by a raw write) is dropped from the page.
"""

import re

import pytest
from django.urls import reverse

from briefs.content.figures import figure_ids
from briefs.models import Brief, BriefFigure, ContentGeneration, LibraryImage
from tests.factories import BriefFactory, UserFactory, library_image
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def figure(image_id):
    return f'<figure data-image="{image_id}"></figure>'


def sanitized(markup, field="body"):
    return Brief._meta.get_field(field).sanitize(markup)


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        (
            '<figure data-image="42"><img src="x" onerror="alert(1)">'
            "<figcaption>Pasted caption</figcaption></figure>",
            figure(42),
        ),
        (
            '<figure data-image=" 7 " onclick="steal()" class="x" style="color:red"></figure>',
            figure(7),
        ),
        ('<figure data-image="7"><script>alert(1)</script></figure>', figure(7)),
        (
            '<p>Before <figure data-image="5"></figure> after</p>',
            f"<p>Before </p>{figure(5)}<p> after</p>",
        ),
        ('<figure data-image="javascript:alert(1)">Kept text</figure>', "<p>Kept text</p>"),
        ('<figure data-image="-3">Kept text</figure>', "<p>Kept text</p>"),
        ('<figure data-image="007">Kept text</figure>', "<p>Kept text</p>"),
        (
            "<figure><img src=x><figcaption>Kept caption</figcaption></figure>",
            "<p>Kept caption</p>",
        ),
        ('<figure data-image="1" data-src="http://evil.example/x.js"></figure>', figure(1)),
    ],
    ids=[
        "content-dropped",
        "attributes-dropped",
        "script-inside",
        "inside-paragraph",
        "url-as-id",
        "negative-id",
        "leading-zero",
        "no-id-keeps-text",
        "other-data-attribute",
    ],
)
def test_sanitizer_keeps_a_figure_as_its_id_only(sent, stored):
    """Whatever a figure held or carried, only ``data-image`` with an id in digits is stored,
    and cleaning the stored markup again changes nothing."""
    assert sanitized(sent) == stored
    assert sanitized(stored) == stored


def test_the_notes_field_offers_no_figures():
    assert sanitized(figure(3), "notes") == ""
    assert sanitized('<figure data-image="3">Source text</figure>', "notes") == "<p>Source text</p>"


def test_a_saved_brief_records_the_images_it_shows():
    """The library knows where each image is used, and forgets a use the body drops."""
    chart, photo = library_image(title="Chart"), library_image(title="Photo")
    brief = BriefFactory(body=f"<p>Intro.</p>{figure(chart.pk)}{figure(photo.pk)}{figure(999999)}")
    assert set(BriefFigure.objects.values_list("image__title", flat=True)) == {"Chart", "Photo"}
    brief.body = f"<p>Intro.</p>{figure(photo.pk)}"
    brief.save()
    assert list(BriefFigure.objects.values_list("image__title", flat=True)) == ["Photo"]
    brief.body = "<p>No figures now.</p>"
    brief.save()
    assert not BriefFigure.objects.exists()


def test_a_figure_renders_with_renditions_caption_and_source(client):
    """The page draws the figure: WebP and JPEG srcsets, width and height, alt text,
    caption and source, lazily below the first screen."""
    chart = library_image(
        image=None,
        caption="Exports through the southern corridor, 2019–2024.",
        credit="Source: IMF, World Economic Outlook",
    )
    opening = "<p>" + "Context. " * 120 + "</p>"
    brief = BriefFactory(body=f"{opening}{figure(chart.pk)}<p>After the chart.</p>")
    page = client.get(brief.get_absolute_url()).content.decode()
    drawn = re.search(r'<figure class="figure">.*?</figure>', page, re.S).group(0)
    assert '<source type="image/webp" srcset="' in drawn
    assert " 480w" in drawn and " 800w" in drawn
    assert re.search(r'width="1000"\s+height="500"', drawn)
    assert f'alt="{chart.alt}"' in drawn
    assert 'loading="lazy"' in drawn
    assert "<figcaption>Exports through the southern corridor, 2019–2024." in drawn
    assert "Source: IMF, World Economic Outlook" in drawn
    assert "data-image" not in page


def test_a_figure_at_the_top_of_a_body_without_hero_loads_at_once(client):
    brief = BriefFactory(body=f"<p>Short opening.</p>{figure(library_image().pk)}")
    page = client.get(brief.get_absolute_url()).content.decode()
    assert 'loading="eager"' in page


def test_a_raw_written_body_prints_safe_and_drops_missing_images(client):
    """A body written past the sanitizer shows an existing image's figure only, cleanly."""
    chart = library_image()
    brief = BriefFactory()
    Brief.objects.filter(pk=brief.pk).update(
        body=f'<figure data-image="{chart.pk}" onmouseover="steal()"><script>alert(1)</script>'
        f'</figure><figure data-image="999999"><figcaption>Gone</figcaption></figure><p>Text.</p>'
    )
    page = client.get(brief.get_absolute_url()).content.decode()
    assert page.count('<figure class="figure">') == 1
    assert "steal()" not in page and "alert(1)" not in page and "Gone" not in page
    assert f'alt="{chart.alt}"' in page


def change_brief(client, brief, body):
    """Save ``brief`` through its admin change form, as shown, with a new body."""
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = form_data(client.get(url))
    data.update(body=body, _save="Save")
    return client.post(url, data)


@pytest.fixture
def newsroom(contributor):
    """Images a contributor may use (their own upload, one in a public brief) and one
    they may not (shown only in another person's draft)."""
    other = UserFactory(username="other-writer", group="Contributors")
    own = library_image(uploaded_by=contributor, title="My own upload")
    public = library_image(uploaded_by=other, title="In a public brief")
    hidden = library_image(uploaded_by=other, title="Wombatine chart")
    BriefFactory(body=figure(public.pk), created_by=other)
    BriefFactory(draft=True, body=figure(hidden.pk), created_by=other)
    draft = BriefFactory(draft=True, created_by=contributor, title="My draft")
    return {"own": own, "public": public, "hidden": hidden, "draft": draft}


@pytest.mark.parametrize(("image", "allowed"), [("own", True), ("public", True), ("hidden", False)])
def test_a_contributor_places_only_images_they_may_see(
    client, contributor, newsroom, image, allowed
):
    client.force_login(contributor)
    chosen = newsroom[image].pk
    response = change_brief(client, newsroom["draft"], f"<p>Text.</p>{figure(chosen)}")
    newsroom["draft"].refresh_from_db()
    assert (figure(chosen) in newsroom["draft"].body) is allowed
    if not allowed:
        assert response.status_code == 200
        assert "not one you may use" in response.content.decode()
        assert "Wombatine" not in response.content.decode()


def test_a_figure_of_an_image_that_does_not_exist_is_refused(editor_client, newsroom):
    response = change_brief(editor_client, newsroom["draft"], f"<p>Text.</p>{figure(999999)}")
    assert "image ids: 999999" in response.content.decode()
    newsroom["draft"].refresh_from_db()
    assert "999999" not in newsroom["draft"].body


def test_an_editor_may_place_any_image(editor_client, newsroom):
    change_brief(editor_client, newsroom["draft"], figure(newsroom["hidden"].pk))
    newsroom["draft"].refresh_from_db()
    assert figure_ids(newsroom["draft"].body) == [newsroom["hidden"].pk]


def test_a_corrected_caption_reaches_pages_kept_in_the_cache(client, remembered):
    """Changing a library image replaces the public generation (a database trigger, so a
    raw write counts too), and a kept page showing it is drawn again with the new caption."""
    chart = library_image(caption="Exports, old caption")
    brief = BriefFactory(body=figure(chart.pk))
    before = ContentGeneration.objects.get().token
    assert "old caption" in client.get(brief.get_absolute_url()).content.decode()
    LibraryImage.objects.filter(pk=chart.pk).update(caption="Exports, raw caption")
    assert ContentGeneration.objects.get().token != before
    chart.caption = "Exports, corrected caption"
    chart.save()  # as the admin does: this process reads the generation afresh
    assert "corrected caption" in client.get(brief.get_absolute_url()).content.decode()
