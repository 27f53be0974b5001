"""Social cards: the 1200 × 630 picture that link previews show for a brief.

A card's file name carries a fingerprint of what it shows (title, series, countries,
hero image, site name), so a change yields a new file and a new address, and old
previews never show stale text. Cards are drawn by a background task
(``briefs.social.tasks``), or on the first request if it has not run yet, and then served
from storage; only public briefs ever reach this code.
"""

import hashlib
import json
from io import BytesIO

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont, ImageOps

from briefs.images.processing import decode

CARDS_FOLDER = "cards"
SIZE = (1200, 630)
MARGIN = 64
HERO_WIDTH = 480
DESIGN_VERSION = 1  # bump when the drawing changes, so every card is redrawn

PAPER = "#fbfaf7"
INK = "#1c1f24"
MUTED = "#5f6670"
ACCENT = "#8c2f1c"
FONTS = {
    "title": "fonts/DejaVuSerif-Bold.ttf",
    "label": "fonts/DejaVuSans-Bold.ttf",
    "text": "fonts/DejaVuSans.ttf",
}


def card_fingerprint(brief):
    shown = [
        DESIGN_VERSION,
        settings.SITE_NAME,
        brief.title,
        brief.series.title if brief.series_id else "",
        sorted(country.name for country in brief.countries.all()),
        brief.hero.image.name if brief.hero_id else "",
    ]
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()[:16]


def card_name(brief):
    return f"{CARDS_FOLDER}/{brief.slug}-{card_fingerprint(brief)}.png"


def card_file(brief, storage=None):
    """Storage name of the brief's current card, drawing it if it does not exist yet."""
    storage = storage or default_storage
    name = card_name(brief)
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(draw_card(brief)))
        if saved != name:  # drawn at the same moment by another request
            storage.delete(saved)
    return name


def _font(role, size):
    return ImageFont.truetype(finders.find(FONTS[role]), size)


def _wrap(draw, text, font, width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def _fit_title(draw, title, width, max_height):
    """The largest title size, from 64 down to 34 points, that fits the space."""
    for size in range(64, 33, -4):
        font = _font("title", size)
        lines = _wrap(draw, title, font, width)
        if len(lines) * size * 1.2 <= max_height:
            return font, lines
    lines = _wrap(draw, title, font, width)
    fitting = int(max_height // (34 * 1.2))
    return font, [*lines[: fitting - 1], lines[fitting - 1].rstrip(".,;:") + "…"]


def _hero(brief):
    """The hero image fitted to the card's right-hand panel, or None.

    A missing or unreadable file gives a card without the image rather than no card.
    """
    if not brief.hero_id:
        return None
    hero = brief.hero  # a library image
    jpegs = (hero.renditions or {}).get("jpeg") or []
    fitting = [item["name"] for item in jpegs if item["width"] <= SIZE[0]]
    try:
        with default_storage.open(fitting[-1] if fitting else hero.image.name) as handle:
            image, _format = decode(handle)
    except OSError:
        return None
    return ImageOps.fit(image.convert("RGB"), (HERO_WIDTH, SIZE[1]), Image.LANCZOS)


def draw_card(brief):
    """PNG bytes of the brief's card."""
    card = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(card)
    hero = _hero(brief)
    text_right = SIZE[0] - MARGIN
    if hero is not None:
        card.paste(hero, (SIZE[0] - HERO_WIDTH, 0))
        text_right = SIZE[0] - HERO_WIDTH - MARGIN
    draw.rectangle((0, 0, SIZE[0] - (HERO_WIDTH if hero else 0), 10), fill=ACCENT)
    width = text_right - MARGIN

    y = MARGIN
    if brief.series_id:
        label = _font("label", 24)
        for line in _wrap(draw, brief.series.title.upper(), label, width)[:2]:
            draw.text((MARGIN, y), line, font=label, fill=ACCENT)
            y += 32
        y += 16

    countries = ", ".join(sorted(country.name for country in brief.countries.all()))
    footer_top = SIZE[1] - MARGIN - 90
    title_font, lines = _fit_title(draw, brief.title, width, footer_top - y)
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=INK)
        y += int(title_font.size * 1.2)

    text = _font("text", 26)
    if countries:
        draw.text(
            (MARGIN, footer_top), _wrap(draw, countries, text, width)[0], font=text, fill=MUTED
        )
    draw.line((MARGIN, SIZE[1] - MARGIN - 40, text_right, SIZE[1] - MARGIN - 40), fill=MUTED)
    site = _font("label", 24)
    draw.text((MARGIN, SIZE[1] - MARGIN - 24), settings.SITE_NAME, font=site, fill=INK)

    buffer = BytesIO()
    card.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
