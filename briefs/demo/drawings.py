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


def _font(size, bold=False):
    name = "fonts/DejaVuSans-Bold.ttf" if bold else "fonts/DejaVuSans.ttf"
    return ImageFont.truetype(finders.find(name), size)


def _png(image):
    buffer = BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def bar_chart():
    """Columns of gas sent to Europe by year, labelled with their values."""
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    left, right, top, bottom = 160, SIZE[0] - 80, 140, SIZE[1] - 120
    draw.text((left, 50), "Gas to Europe, bcm a year", font=_font(48, bold=True), fill=INK)
    highest = 15
    for value in range(0, highest + 1, 5):
        y = bottom - (bottom - top) * value / highest
        draw.line((left, y, right, y), fill="#d8d4cb", width=2)
        draw.text((left - 20, y), str(value), font=_font(30), fill=MUTED, anchor="rm")
    slot = (right - left) / len(GAS_TO_EUROPE)
    for index, (year, value) in enumerate(GAS_TO_EUROPE):
        x = left + slot * index + slot * 0.2
        y = bottom - (bottom - top) * value / highest
        draw.rectangle((x, y, x + slot * 0.6, bottom), fill=ACCENT)
        middle = x + slot * 0.3
        draw.text((middle, y - 12), f"{value:g}", font=_font(34, bold=True), fill=INK, anchor="md")
        draw.text((middle, bottom + 20), year, font=_font(34), fill=INK, anchor="mt")
    draw.line((left, bottom, right, bottom), fill=INK, width=3)
    return _png(image)


def sketch_map():
    """A sketch of the South Caucasus: land, the Caspian Sea and Azerbaijan, labelled."""
    image = Image.new("RGB", SIZE, WATER)
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, 0), (1180, 0), (1120, 300), (1180, 620), (1100, 900), (0, 900)], fill=LAND)
    azerbaijan = [(760, 330), (900, 250), (1040, 300), (1130, 380), (1150, 520), (1060, 600),
                  (960, 640), (880, 560), (800, 560), (730, 470)]  # fmt: skip
    draw.polygon(azerbaijan, fill=COUNTRY, outline=ACCENT, width=5)
    draw.line([(420, 230), (620, 300), (760, 330)], fill=MUTED, width=3)  # Russia's border
    draw.line([(730, 470), (700, 620), (640, 760)], fill=MUTED, width=3)  # Armenia's
    draw.line([(880, 560), (960, 760), (1100, 760)], fill=MUTED, width=3)  # Iran's
    labels = [
        ((930, 440), "AZERBAIJAN", 44, True, ACCENT),
        ((520, 140), "RUSSIA", 40, False, MUTED),
        ((520, 420), "GEORGIA", 40, False, MUTED),
        ((500, 640), "ARMENIA", 40, False, MUTED),
        ((940, 820), "IRAN", 40, False, MUTED),
        ((1390, 450), "Caspian\nSea", 44, False, "#3d6b8c"),
    ]
    for position, text, size, bold, colour in labels:
        draw.multiline_text(
            position, text, font=_font(size, bold), fill=colour, anchor="mm", align="center"
        )
    draw.text((40, SIZE[1] - 60), "Sketch, not to scale", font=_font(30), fill=INK)
    return _png(image)


DRAWINGS = {"bar_chart": bar_chart, "sketch_map": sketch_map}
