"""What a map of countries shows: each country with public briefs shaded by how many and
linked to its page, the others plain, and the legend of the shades.

The shapes come from ``countries.shapes`` (Natural Earth, projected once); the counts from
the counts of public briefs the database keeps (``listings.views.kept_counts``), so a map
costs no query per country. Countries without briefs are drawn as one path, hidden from
assistive technology: they are the background, and only the linked countries are named.
"""

import math
from dataclasses import dataclass

from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext

from briefs.listings.views import kept_counts
from countries.models import Country
from countries.shapes import Box, shapes, world_box
from ops.term_names import alphabetical

SHADES = 4
# Lower bounds a shade may start at: every count below ten, then 10, 20, 30, 50, 100, ...
NICE = sorted({*range(1, 10), *(n * 10**k for k in range(1, 7) for n in (1, 2, 3, 5))})
# A dot (a small state) as a share of the map's width, and a region map's margins.
DOT_SHARE = 0.0035
REGION_MARGIN = 0.12
# A region's map is at least this wide (map units): 1:110m shapes look crude any closer.
REGION_MIN_WIDTH = 800
# The narrowest and widest a region's map may be (width over height).
REGION_ASPECT = (1.2, 2.0)


@dataclass(frozen=True)
class Shade:
    """One class of the legend: countries with ``low`` to ``high`` public briefs."""

    level: int
    low: int
    high: int

    @property
    def label(self):
        if self.low == self.high:
            return ngettext("%(count)d brief", "%(count)d briefs", self.low) % {"count": self.low}
        return ngettext("%(low)d–%(high)d brief", "%(low)d–%(high)d briefs", self.high) % {
            "low": self.low,
            "high": self.high,
        }

    def __contains__(self, count):
        return self.low <= count <= self.high


def _nearest_nice(value):
    return min(NICE, key=lambda nice: abs(math.log(nice) - math.log(value)))


def shades_for(highest, levels=SHADES):
    """At most ``levels`` classes from 1 to ``highest`` briefs, their lower bounds evenly
    spread on a log scale (counts are skewed: a few countries have most briefs) and rounded
    to numbers a reader takes in at a glance (1, 2, 3, 5, 10, 20, 30, 50, ...). None when
    no country has a brief (a region whose briefs are all still hidden)."""
    if highest < 1:
        return []
    lows = []
    for i in range(levels):
        low = _nearest_nice(highest ** (i / levels)) if highest > 1 else 1
        low = max(low, lows[-1] + 1) if lows else 1
        if low > highest:
            break
        lows.append(low)
    highs = [low - 1 for low in lows[1:]] + [highest]
    bounds = zip(lows, highs, strict=True)
    return [Shade(level, low, high) for level, (low, high) in enumerate(bounds, 1)]


def shade_of(count, shades):
    return next(shade for shade in shades if count in shade)


@dataclass(frozen=True)
class MappedCountry:
    """A country with public briefs on the map."""

    country: Country
    count: int
    shade: Shade
    path: str

    @property
    def title(self):
        return ngettext(
            "%(country)s: %(count)d brief", "%(country)s: %(count)d briefs", self.count
        ) % {"country": self.country.local_name, "count": self.count}


@dataclass
class CountryMap:
    """Everything the map's template draws. ``linked`` are the countries with briefs,
    ``plain`` the path of the map's other countries, ``faint`` that of the neighbours
    around a region."""

    box: Box
    linked: list
    plain: str
    faint: str
    shades: list
    label: str

    @cached_property
    def view_box(self):
        b = self.box
        return f"{b.left:g} {b.top:g} {b.width:g} {b.height:g}"


def _dot(x, y, radius):
    """A circle as path data, so that dots and outlines share one path."""
    r = round(radius)
    return f"M{x - r} {y}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0z"


def _path(shape, radius):
    return _dot(*shape.dot, radius) if shape.dot else shape.path


def _draw(box, counted, plain_codes, faint_codes, label):
    """The map within ``box``: ``counted`` [(country, count)] linked and shaded."""
    radius = box.width * DOT_SHARE
    known = shapes()
    shades = shades_for(max((n for _, n in counted), default=0))
    count_of = dict(counted)
    linked = [
        MappedCountry(
            country,
            count_of[country],
            shade_of(count_of[country], shades),
            _path(known[country.code], radius),
        )
        for country in alphabetical(count_of)
        if country.code in known
    ]
    return CountryMap(
        box=box,
        linked=linked,
        plain="".join(_path(known[code], radius) for code in sorted(plain_codes)),
        faint="".join(_path(known[code], radius) for code in sorted(faint_codes)),
        shades=shades,
        label=label,
    )


def world_map(countries):
    """The world, with ``countries`` (each with its ``public_count``) linked and shaded.
    Antarctica is left out unless it has briefs."""
    counted = [(country, country.public_count) for country in countries]
    linked_codes = {country.code for country, _ in counted}
    box = world_box(with_antarctica="AQ" in linked_codes)
    plain = [code for code, shape in shapes().items() if code not in linked_codes]
    plain = [code for code in plain if shapes()[code].box.overlaps(box)]
    return _draw(
        box, counted, plain, [], gettext("World map of the countries with published briefs")
    )


def region_map(region):
    """``region``'s countries (linked and shaded when they have public briefs), fitted to
    their mainlands, with the neighbours in view drawn faint; ``None`` for a region
    without countries on the map."""
    known = shapes()
    members = Country.objects.filter(region=region).only("name", "names", "slug", "code")
    members = [country for country in members if country.code in known]
    if not members:
        return None
    counts = kept_counts("country")
    counted = [(c, counts[c.pk]) for c in members if counts.get(c.pk)]
    counted_codes = {country.code for country, _ in counted}
    box = fit([known[country.code].main for country in members])
    member_codes = {country.code for country in members}
    plain = member_codes - counted_codes
    faint = {code for code, s in known.items() if code not in member_codes and s.box.overlaps(box)}
    return _draw(
        box,
        counted,
        plain,
        faint,
        gettext("Map of %(region)s and its neighbours") % {"region": region.local_name},
    )


def fit(boxes):
    """A view around ``boxes`` with a margin, not too close and not too long or tall."""
    total = boxes[0]
    for other in boxes[1:]:
        total |= other
    margin = REGION_MARGIN * max(total.width, total.height)
    width = max(total.width + 2 * margin, REGION_MIN_WIDTH)
    height = total.height + 2 * margin
    narrowest, widest = REGION_ASPECT
    width, height = max(width, height * narrowest), max(height, width / widest)
    cx, cy = (total.left + total.right) / 2, (total.top + total.bottom) / 2
    return Box(
        round(cx - width / 2), round(cy - height / 2), round(cx + width / 2), round(cy + height / 2)
    )
