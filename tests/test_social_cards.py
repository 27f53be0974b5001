"""Social cards: 1200 × 630, redrawn when what they show changes, never for hidden briefs."""

from io import BytesIO, StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from briefs import images
from briefs.models import Brief, LibraryImage
from countries.models import Country
from tests import image_files as files
from tests.factories import BriefFactory, SeriesFactory, library_image, with_hero

pytestmark = pytest.mark.django_db


def fetch_card(client, brief):
    response = client.get(brief.social_card_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return b"".join(response.streaming_content)


def test_a_public_brief_has_a_1200_by_630_png_card(client):
    """The card is a PNG of the size link previews expect."""
    brief = BriefFactory(series=SeriesFactory(title="Neutrality watch"), series_position=1)
    card = Image.open(BytesIO(fetch_card(client, brief)))
    assert (card.format, card.size) == ("PNG", (1200, 630))


def test_a_cdn_keeps_a_card_no_longer_than_a_page(client, settings):
    """An unpublished brief's card leaves a CDN within the pages' bound; browsers keep a day."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.CDN_CACHE_SECONDS = 10
    control = client.get(BriefFactory().social_card_url())["Cache-Control"]
    directives = {part.strip() for part in control.split(",")}
    assert directives == {"public", "max-age=86400", "s-maxage=10"}


def test_the_card_url_is_an_absolute_path_under_the_brief():
    """Metadata templates can prefix it with the site's address."""
    brief = BriefFactory(slug="armenia-balancing")
    assert brief.social_card_url().startswith("/briefs/armenia-balancing/card.png?v=")


def test_changing_the_title_changes_the_card_and_its_address(client):
    """A new title gives a new address, so previews never keep the old text."""
    brief = BriefFactory(title="Kazakhstan between two partners")
    first_url, first_card = brief.social_card_url(), fetch_card(client, brief)
    brief.title = "Kazakhstan's multi-vector policy under strain"
    brief.save()
    assert brief.social_card_url() != first_url
    assert fetch_card(client, brief) != first_card


def test_changing_countries_changes_the_card_address():
    """The countries named on the card are part of its fingerprint."""
    brief = BriefFactory()
    before = brief.social_card_url()
    brief.countries.add(Country.objects.get(code="GE"))
    brief = Brief.objects.prefetch_related("countries").get(pk=brief.pk)
    assert brief.social_card_url() != before


def test_the_card_shows_the_hero_image(client):
    """With a hero image, the card's right-hand panel is the photo."""
    brief = with_hero(BriefFactory(), files.jpeg(1600, 800), alt="A red and blue test pattern")
    card = Image.open(BytesIO(fetch_card(client, brief))).convert("RGB")
    right_panel = card.getpixel((1190, 315))
    plain = Image.open(BytesIO(fetch_card(client, BriefFactory()))).convert("RGB")
    assert right_panel != plain.getpixel((1190, 315))
    assert right_panel[2] > 200  # the blue half of the test photo


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled"])
def test_a_hidden_brief_has_no_card(client, state):
    """Drafts, briefs in review and scheduled briefs answer 404, and no card is drawn."""
    brief = BriefFactory(**{state: True})
    response = client.get(reverse("briefs:brief-card", args=[brief.slug]))
    assert response.status_code == 404


def test_a_missing_brief_has_no_card(client):
    """An unknown slug is a 404, not an error."""
    assert client.get(reverse("briefs:brief-card", args=["no-such-brief"])).status_code == 404


def test_a_lost_hero_file_still_gives_a_card(client):
    """If the stored hero image has gone, the card is drawn without it instead of failing."""
    hero = LibraryImage.objects.create(image="library/2026/gone.jpg", title="Gone", alt="Gone")
    brief = BriefFactory(hero=hero)
    card = Image.open(BytesIO(fetch_card(client, brief)))
    assert card.size == (1200, 630)


def card_files():
    return sorted(default_storage.listdir("cards")[1])


def test_pruning_deletes_superseded_and_hidden_cards_only(client):
    """``prune_social_cards`` keeps each public brief's current card and deletes the
    files an edit superseded or whose brief is no longer public; a dry run deletes none."""
    kept = BriefFactory(title="Kazakhstan between two partners")
    retitled = BriefFactory(title="Armenia's first draft title")
    hidden = BriefFactory(title="Soon to be withdrawn")
    for brief in (kept, retitled, hidden):
        fetch_card(client, brief)
    retitled.title = "Armenia's final title"
    retitled.save()
    fetch_card(client, retitled)
    hidden.status = Brief.Status.DRAFT
    hidden.save()
    before = card_files()
    assert len(before) == 4

    call_command("prune_social_cards", "--dry-run", stdout=StringIO())
    assert card_files() == before
    output = StringIO()
    call_command("prune_social_cards", stdout=output)
    assert "Deleted 2 of 4 card files; 2 public briefs." in output.getvalue()
    assert card_files() == sorted(
        name.removeprefix("cards/")
        for name in (images.cards.card_name(kept), images.cards.card_name(retitled))
    )
    assert fetch_card(client, retitled)


def test_pruning_with_no_cards_drawn_yet_deletes_nothing():
    BriefFactory()
    output = StringIO()
    call_command("prune_social_cards", stdout=output)
    assert "Deleted 0 of 0 card files; 1 public brief." in output.getvalue()


def test_pruning_counts_one_card_file_in_the_singular(client):
    fetch_card(client, BriefFactory())
    output = StringIO()
    call_command("prune_social_cards", stdout=output)
    assert "Deleted 0 of 1 card file; 1 public brief." in output.getvalue()


def test_a_correction_of_the_hero_in_the_library_gives_a_new_card_address():
    """The card's address follows the hero image: another library image, another card."""
    brief = with_hero(BriefFactory(), files.jpeg(1600, 800))
    before = brief.social_card_url()
    brief.hero = library_image(image=files.upload(files.jpeg(800, 400)))
    brief.save()
    assert brief.social_card_url() != before
