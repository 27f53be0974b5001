"""The outline of each country on the map, read from ``map_data/shapes.json``.

That file is made once from Natural Earth by ``map_data/build.py`` (see its README): shapes
are SVG path data, already projected, keyed by ISO 3166-1 alpha-2 code; small states are
points. This module only reads it, once per process.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SHAPES_FILE = Path(__file__).resolve().parent / "map_data" / "shapes.json"
ANTARCTICA = "AQ"


@dataclass(frozen=True)
class Box:
    """A rectangle in map units: left, top, right, bottom (y grows downwards)."""

    left: float
    top: float
    right: float
    bottom: float

    def __or__(self, other):
        return Box(
            min(self.left, other.left),
            min(self.top, other.top),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )

    def overlaps(self, other):
        return (
            self.left <= other.right
            and other.left <= self.right
            and self.top <= other.bottom
            and other.top <= self.bottom
        )

    @property
    def width(self):
        return self.right - self.left

    @property
    def height(self):
        return self.bottom - self.top


@dataclass(frozen=True)
class Shape:
    """A country on the map: its outline (``path``), or a point (``dot``) for a state too
    small to have one at the map's scale. ``box`` holds all of it, ``main`` its largest
    part (a region's map is fitted to the mainlands, not to far-off islands)."""

    code: str
    box: Box
    main: Box
    path: str = ""
    dot: tuple[int, int] | None = None


@cache
def shapes():
    """{alpha-2 code: ``Shape``} for every country on the map."""
    data = json.loads(SHAPES_FILE.read_text(encoding="utf-8"))
    found = {
        code: Shape(code, Box(*shape["box"]), Box(*shape["main"]), path=shape["d"])
        for code, shape in data["shapes"].items()
    }
    for code, (x, y) in data["dots"].items():
        found[code] = Shape(code, Box(x, y, x, y), Box(x, y, x, y), dot=(x, y))
    return found


@cache
def unplaced():
    """The codes of the ISO list that are on the map neither as a shape nor as a dot."""
    return tuple(json.loads(SHAPES_FILE.read_text(encoding="utf-8"))["unplaced"])


def world_box(with_antarctica=False):
    """The box around every shape, Antarctica's only if asked for."""
    boxes = [s.box for s in shapes().values() if with_antarctica or s.code != ANTARCTICA]
    total = boxes[0]
    for other in boxes[1:]:
        total |= other
    return total
