"""The demo's figures, drawn in code with Pillow so that no image file is shipped.

Each drawing returns PNG bytes; the demo loader puts them in the image library as an
upload would be (validated, re-encoded, with renditions). The numbers are demo data.
"""

from io import BytesIO

from django.contrib.staticfiles import finders
from PIL import Image, ImageDraw, ImageFont

SIZE = (1600, 900)
PAPER = "#fbfaf7"
INK = "#1c1f24"
MUTED = "#5f6670"
ACCENT = "#8c2f1c"
WATER = "#b9d3e6"
LAND = "#e6e0d2"
COUNTRY = "#d9b8a0"

# Azerbaijan's pipeline gas sent to Europe, billion cubic metres a year (rounded).
GAS_TO_EUROPE = [("2020", 2.3), ("2021", 8.1), ("2022", 11.4), ("2023", 11.8), ("2024", 12.9)]
# Cargo from Ukraine's Odesa ports, million tonnes a month on average (rounded).
ODESA_CARGO = [("Initiative\n2022–23", 2.7), ("Corridor\n2023–24", 5.3)]


def _font(size, bold=False):
    name = "fonts/DejaVuSans-Bold.ttf" if bold else "fonts/DejaVuSans.ttf"
    return ImageFont.truetype(finders.find(name), size)


def _png(image):
    """The drawing as PNG, compressed lightly: the library re-encodes every upload anyway."""
    buffer = BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def _columns(title, columns, highest, step, decimal_mark="."):
    """A column chart: ``columns`` of (label, value) under ``title``, labelled with values
    written with ``decimal_mark`` ("2.3" in English, "2,3" in Russian)."""
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    left, right, top, bottom = 160, SIZE[0] - 80, 140, SIZE[1] - 160
    draw.text((left, 50), title, font=_font(48, bold=True), fill=INK)
    for value in range(0, highest + 1, step):
        y = bottom - (bottom - top) * value / highest
        draw.line((left, y, right, y), fill="#d8d4cb", width=2)
        draw.text((left - 20, y), str(value), font=_font(30), fill=MUTED, anchor="rm")
    slot = (right - left) / len(columns)
    for index, (label, value) in enumerate(columns):
        x = left + slot * index + slot * 0.2
        y = bottom - (bottom - top) * value / highest
        draw.rectangle((x, y, x + slot * 0.6, bottom), fill=ACCENT)
        middle = x + slot * 0.3
        number = f"{value:g}".replace(".", decimal_mark)
        draw.text((middle, y - 12), number, font=_font(34, bold=True), fill=INK, anchor="md")
        draw.multiline_text(
            (middle, bottom + 20), label, font=_font(34), fill=INK, anchor="ma", align="center"
        )
    draw.line((left, bottom, right, bottom), fill=INK, width=3)
    return _png(image)


def bar_chart():
    """Columns of gas sent to Europe by year."""
    return _columns("Gas to Europe, bcm a year", GAS_TO_EUROPE, highest=15, step=5)


def bar_chart_ru():
    """The gas columns labelled in Russian, for the brief's Russian translation."""
    return _columns(
        "Газ в Европу, млрд м³ в год", GAS_TO_EUROPE, highest=15, step=5, decimal_mark=","
    )


def cargo_chart():
    """Monthly cargo from the Odesa ports under the Initiative and through the corridor."""
    return _columns("Cargo from Odesa ports, Mt a month", ODESA_CARGO, highest=6, step=2)


# The sketch map's labels: each country, the sea and the note under the map.
SOUTH_CAUCASUS_LABELS = {
    "en": ("AZERBAIJAN", "RUSSIA", "GEORGIA", "ARMENIA", "IRAN", "Caspian\nSea",
           "Sketch, not to scale"),
    "ru": ("АЗЕРБАЙДЖАН", "РОССИЯ", "ГРУЗИЯ", "АРМЕНИЯ", "ИРАН", "Каспийское\nморе",
           "Схема, без масштаба"),
}  # fmt: skip


def _fits(draw, text, size, width=340):
    """Whether ``text`` in bold at ``size`` is at most ``width`` pixels wide."""
    return draw.textlength(text, font=_font(size, bold=True)) <= width


def _south_caucasus(language):
    """A sketch of the South Caucasus: land, the Caspian Sea and Azerbaijan, labelled in
    ``language``."""
    azerbaijan_name, russia, georgia, armenia, iran, sea, note = SOUTH_CAUCASUS_LABELS[language]
    image = Image.new("RGB", SIZE, WATER)
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, 0), (1180, 0), (1120, 300), (1180, 620), (1100, 900), (0, 900)], fill=LAND)
    azerbaijan = [(760, 330), (900, 250), (1040, 300), (1130, 380), (1150, 520), (1060, 600),
                  (960, 640), (880, 560), (800, 560), (730, 470)]  # fmt: skip
    draw.polygon(azerbaijan, fill=COUNTRY, outline=ACCENT, width=5)
    draw.line([(420, 230), (620, 300), (760, 330)], fill=MUTED, width=3)  # Russia's border
    draw.line([(730, 470), (700, 620), (640, 760)], fill=MUTED, width=3)  # Armenia's
    draw.line([(880, 560), (960, 760), (1100, 760)], fill=MUTED, width=3)  # Iran's
    # The country's name stays inside its outline, whatever the language's word length.
    name_size = next(size for size in range(44, 20, -2) if _fits(draw, azerbaijan_name, size))
    labels = [
        ((930, 440), azerbaijan_name, name_size, True, ACCENT),
        ((520, 140), russia, 40, False, MUTED),
        ((520, 420), georgia, 40, False, MUTED),
        ((500, 640), armenia, 40, False, MUTED),
        ((940, 820), iran, 40, False, MUTED),
        ((1390, 450), sea, 44, False, "#3d6b8c"),
    ]
    for position, text, size, bold, colour in labels:
        draw.multiline_text(
            position, text, font=_font(size, bold), fill=colour, anchor="mm", align="center"
        )
    draw.text((40, SIZE[1] - 60), note, font=_font(30), fill=INK)
    return _png(image)


def sketch_map():
    """A sketch of the South Caucasus: land, the Caspian Sea and Azerbaijan, labelled."""
    return _south_caucasus("en")


def sketch_map_ru():
    """The South Caucasus sketch labelled in Russian, for the brief's Russian translation."""
    return _south_caucasus("ru")


def corridor_map():
    """A sketch of the western Black Sea: the corridor hugging the coast to the Bosporus."""
    image = Image.new("RGB", SIZE, WATER)
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, 0), (1600, 0), (1600, 130), (900, 120), (560, 170), (470, 330),
                  (430, 520), (470, 700), (560, 820), (700, 900), (0, 900)], fill=LAND)  # fmt: skip
    draw.polygon([(700, 900), (900, 820), (1200, 790), (1600, 800), (1600, 900)], fill=LAND)
    corridor = [(700, 150), (560, 230), (500, 360), (470, 520), (500, 690), (600, 820), (690, 880)]
    draw.line(corridor, fill=ACCENT, width=10, joint="curve")
    for x, y in corridor[:1] + corridor[-1:]:
        draw.ellipse((x - 16, y - 16, x + 16, y + 16), fill=ACCENT)
    labels = [
        ((760, 80), "UKRAINE", 40, False, MUTED),
        ((760, 185), "Odesa", 34, True, ACCENT),
        ((250, 330), "ROMANIA", 40, False, MUTED),
        ((260, 640), "BULGARIA", 40, False, MUTED),
        ((420, 860), "TÜRKIYE", 40, False, MUTED),
        ((830, 860), "Bosporus", 34, True, ACCENT),
        ((1100, 460), "Black Sea", 48, False, "#3d6b8c"),
    ]
    for position, text, size, bold, colour in labels:
        draw.text(position, text, font=_font(size, bold), fill=colour, anchor="mm")
    draw.text((1180, SIZE[1] - 60), "Sketch, not to scale", font=_font(30), fill=INK)
    return _png(image)


DRAWINGS = {
    "bar_chart": bar_chart,
    "sketch_map": sketch_map,
    "bar_chart_ru": bar_chart_ru,
    "sketch_map_ru": sketch_map_ru,
    "cargo_chart": cargo_chart,
    "corridor_map": corridor_map,
}
