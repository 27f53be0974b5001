"""Turn Natural Earth's countries into the map's shapes file (``shapes.json``), once.

The source is Natural Earth's Admin 0 countries (public domain), as TopoJSON in the npm
package ``world-atlas`` (its ``countries-110m.json`` for the shapes, ``countries-50m.json``
for the small states that 1:110m leaves out, which the map draws as dots). ISO 3166-1
numeric codes are turned into the alpha-2 codes of the countries app with ``pycountry``.
Neither is needed to run the site: only this script reads them, and its output is committed.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz   # unpacks into package/
    python -m pip install "pycountry>=24.6,<27"
    python countries/map_data/build.py package/

Each shape is projected with the Equal Earth projection (Šavrič, Patterson and Jenny,
2018), scaled so that the world is ``WIDTH`` units wide, rounded to whole units and written
as SVG path data (one absolute move per ring, then relative lines).
"""

import argparse
import csv
import itertools
import json
import math
import sys
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
ISO_FILE = HERE.parent / "data" / "iso3166-1.csv"
OUTPUT = HERE / "shapes.json"
SOURCE_VERSION = "world-atlas 2.0.2 (Natural Earth 4.1.0)"

# The world's width in map units; whole units are then fine enough for a region's map.
WIDTH = 10000
# Equal Earth's constants and its half-width at unit radius (longitude 180°, the equator).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
HALF_WIDTH = 2 * math.sqrt(3) * math.pi / (3 * A1)
SCALE = WIDTH / (2 * HALF_WIDTH)

# Shapes Natural Earth draws apart from the ISO country they belong to (they have no ISO
# code of their own): drawn as part of that country. Kosovo keeps the code it is commonly
# given (XK), which is not an ISO 3166-1 code: the map draws it only if a country has it.
PART_OF = {"N. Cyprus": "CY", "Somaliland": "SO", "Kosovo": "XK"}

# Places Natural Earth has no shape of their own for even at 1:50m (islands, and overseas
# parts that it draws within France or Norway): (longitude, latitude) of their middle, from
# a gazetteer, drawn as dots. The United States Minor Outlying Islands (UM) are scattered
# across the Pacific, with no one middle: they stay off the map.
PLACED_BY_HAND = {
    "BQ": (-68.27, 12.18),  # Bonaire, Sint Eustatius and Saba: Bonaire
    "BV": (3.36, -54.42),  # Bouvet Island
    "CC": (96.83, -12.16),  # Cocos (Keeling) Islands
    "CX": (105.63, -10.49),  # Christmas Island
    "GF": (-53.13, 3.93),  # French Guiana
    "GI": (-5.35, 36.14),  # Gibraltar
    "GP": (-61.55, 16.25),  # Guadeloupe
    "MQ": (-61.02, 14.64),  # Martinique
    "RE": (55.54, -21.12),  # Réunion
    "SJ": (16.5, 78.5),  # Svalbard and Jan Mayen: Svalbard
    "TK": (-171.85, -9.2),  # Tokelau
    "TV": (179.2, -8.52),  # Tuvalu
    "YT": (45.17, -12.83),  # Mayotte
}


def project(longitude, latitude):
    """Equal Earth: (x, y) in map units, y downwards, the origin at the map's centre."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x * SCALE, -y * SCALE


def decode_arcs(topology):
    """The topology's arcs as lists of (longitude, latitude), undoing its quantization."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for qx, qy in arc:
            x, y = x + qx, y + qy
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    """One ring's points from its arcs (a negative index is an arc read backwards)."""
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def rings(geometry, arcs):
    """Every ring of a geometry (outer rings and holes alike, which the map fills even-odd)
    as a list of (longitude, latitude), those that cross the antimeridian cut there."""
    if geometry["type"] == "Polygon":
        found = geometry["arcs"]
    elif geometry["type"] == "MultiPolygon":
        found = [r for polygon in geometry["arcs"] for r in polygon]
    else:
        return []
    return [part for r in found for part in cut(ring(arcs, r))]


def cut(points):
    """A closed ring as rings that stay on one side of the antimeridian.

    Natural Earth's rings for Fiji, Chukotka and Antarctica step from one side of longitude
    180° to the other, which a flat map would draw as a stripe across the world. Each part
    between two crossings is closed along the map's edge; a ring that crosses once goes
    round a pole (Antarctica) and is closed through it.
    """
    if not any(abs(b[0] - a[0]) > 180 for a, b in itertools.pairwise(points)):
        return [points]
    pieces, piece = [], [points[0]]
    for a, b in itertools.pairwise(points):
        if abs(b[0] - a[0]) > 180:
            edge = 180.0 if a[0] > 0 else -180.0
            beyond = b[0] + (360 if edge > 0 else -360)
            share = (edge - a[0]) / (beyond - a[0]) if beyond != a[0] else 0.0
            latitude = a[1] + share * (b[1] - a[1])
            pieces.append([*piece, (edge, latitude)])
            piece = [(-edge, latitude)]
        piece.append(b)
    pieces[0] = piece + pieces[0][1:]
    if len(pieces) == 1:
        (piece,) = pieces
        pole = -90.0 if sum(lat for _, lat in piece) < 0 else 90.0
        (start, first), (end, last) = piece[0], piece[-1]
        pole_edge = [(end, pole), (start, pole)]
        return [piece + along(end, last, pole) + pole_edge + along(start, pole, first) + [piece[0]]]
    if len(pieces) % 2:
        raise ValueError("a ring crosses the antimeridian an odd number of times")
    return [piece + along(piece[-1][0], piece[-1][1], piece[0][1]) for piece in pieces]


def along(longitude, start, end):
    """Points every degree along a meridian from one latitude to another, both left out:
    the map's edge is curved."""
    step = 1.0 if end > start else -1.0
    return [(longitude, start + step * k) for k in range(1, math.ceil(abs(end - start)))]


def area_and_centroid(points):
    """The signed area and centroid of a projected ring (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        xs, ys = zip(*points, strict=True)
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return area / 2, (cx / (3 * area), cy / (3 * area))


def path_data(projected):
    """SVG path data for projected rings: whole units, repeated points dropped."""
    parts = []
    for points in projected:
        rounded = [(round(x), round(y)) for x, y in points]
        kept = [rounded[0]]
        for point in rounded[1:]:
            if point != kept[-1]:
                kept.append(point)
        if kept[-1] == kept[0]:
            kept.pop()
        if len(kept) < 3:
            continue
        (x, y), numbers = kept[0], []
        for nx, ny in kept[1:]:
            numbers += [nx - x, ny - y]
            x, y = nx, ny
        parts.append(f"M{x_y(*kept[0])}l{join(numbers)}z")
    return "".join(parts)


def x_y(x, y):
    return join([x, y])


def join(numbers):
    """Numbers as SVG path data writes them at their shortest: a minus sign separates."""
    text = ""
    for number in numbers:
        text += (" " if text and number >= 0 else "") + str(number)
    return text


def box(projected):
    """[left, top, right, bottom] around projected rings, in whole units."""
    xs = [x for points in projected for x, _ in points]
    ys = [y for points in projected for _, y in points]
    return [math.floor(min(xs)), math.floor(min(ys)), math.ceil(max(xs)), math.ceil(max(ys))]


def alpha_2(geometry):
    name = geometry.get("properties", {}).get("name", "")
    if name in PART_OF:
        return PART_OF[name]
    numeric = geometry.get("id")
    country = numeric and pycountry.countries.get(numeric=numeric)
    return country.alpha_2 if country else None


def countries_of(topology):
    """{alpha-2: [projected rings]} for every country of a topology with an ISO code."""
    arcs = decode_arcs(topology)
    found = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = alpha_2(geometry)
        if code is None:
            continue
        projected = [[project(*point) for point in points] for points in rings(geometry, arcs)]
        found.setdefault(code, []).extend(projected)
    return found


def largest(projected):
    """The ring that encloses the most: a country's mainland."""
    return max(projected, key=lambda points: abs(area_and_centroid(points)[0]))


def build(atlas):
    known = {}
    with ISO_FILE.open(newline="", encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            known[row["code"]] = row["name"]
    shapes_110 = countries_of(json.loads((atlas / "countries-110m.json").read_text()))
    shapes_50 = countries_of(json.loads((atlas / "countries-50m.json").read_text()))
    shapes, dots, unplaced = {}, {}, []
    for code, found in sorted(shapes_110.items()):
        shapes[code] = {"d": path_data(found), "box": box(found), "main": box([largest(found)])}
    for code in sorted(known):
        if code in shapes:
            continue
        if code in shapes_50:
            _, (x, y) = area_and_centroid(largest(shapes_50[code]))
        elif code in PLACED_BY_HAND:
            x, y = project(*PLACED_BY_HAND[code])
        else:
            unplaced.append(code)
            continue
        dots[code] = [round(x), round(y)]
    return {
        "source": (
            f"Natural Earth Admin 0 countries, 1:110m (shapes) and 1:50m (dots), from the "
            f"npm package {SOURCE_VERSION}; public domain (naturalearthdata.com)."
        ),
        "projection": "Equal Earth",
        "shapes": shapes,
        "dots": dots,
        "unplaced": unplaced,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("atlas", type=Path, help="the unpacked world-atlas package")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    data = build(args.atlas)
    args.output.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n")
    print(
        f"{len(data['shapes'])} shapes, {len(data['dots'])} dots, unplaced: "
        f"{', '.join(data['unplaced']) or 'none'}; {args.output.stat().st_size:,} bytes",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
