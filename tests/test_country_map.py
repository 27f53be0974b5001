"""The map of countries on /countries/ and the region pages: inline SVG drawn on the server,
each country with public briefs shaded by how many and linked to its page."""

import gzip
import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import checks
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from briefs.maps.drawing import SHADES, shade_of, shades_for
from briefs.models import Brief
from countries import shapes as shapes_module
from countries.models import Country, Region
from countries.shapes import Box, shapes, unplaced
from tests.caching import caches_on
from tests.factories import BriefFactory, CountryFactory
from tests.query_counts import PUBLIC_PAGE_MAX_QUERIES, assert_query_budget

pytestmark = pytest.mark.django_db

# The countries page with every country of the ISO list on the map must stay under this.
PAGE_BUDGET_BYTES = 100_000


def country(code):
    return Country.objects.get(code=code)


def briefs_on(code, how_many, **fields):
    for _ in range(how_many):
        BriefFactory(countries=[country(code)], **fields)


def svg_of(response):
    """The map's SVG element of a page."""
    assert response.status_code == 200
    found = html.fromstring(response.content).xpath("//figure[@class='country-map']/svg")
    assert len(found) == 1, "one map on the page"
    return found[0]


def linked(svg):
    """{title: (href, shade level, path data)} of the map's linked countries."""
    places = {}
    for link in svg.xpath("./a"):
        level = re.search(r"map-shade-(\d)", link.get("class")).group(1)
        places[link.xpath("./title")[0].text] = (
            link.get("href"),
            int(level),
            link.xpath("./path")[0].get("d"),
        )
    return places


def hidden_paths(svg, kind):
    """The path data of the map's ``kind`` ("plain" or "faint") background."""
    found = svg.xpath(f"./path[@class='country-map__{kind}']")
    if not found:
        return ""
    assert found[0].get("aria-hidden") == "true"
    return found[0].get("d")


def view_box(svg):
    # The HTML parser lowers the case of attribute names, as browsers do.
    left, top, width, height = (float(n) for n in svg.get("viewbox").split())
    return Box(left, top, left + width, top + height)


@given(st.integers(min_value=1, max_value=10**6))
def test_the_shades_cover_every_count_once_in_order(highest):
    """From 1 to the highest count, each count falls in exactly one of at most four
    shades, which follow each other without gap; more briefs never mean a lighter shade."""
    shades = shades_for(highest)
    assert 1 <= len(shades) <= SHADES
    assert shades[0].low == 1 and shades[-1].high == highest
    for before, after in zip(shades, shades[1:], strict=False):
        assert before.high + 1 == after.low and before.low <= before.high
    samples = sorted({1, highest, highest // 2 or 1, highest // 10 or 1, highest // 100 or 1})
    levels = [shade_of(n, shades).level for n in samples]
    assert levels == sorted(levels)


def test_small_counts_each_get_their_own_shade():
    """With at most four briefs a country, each count has a shade of its own."""
    assert [(s.low, s.high) for s in shades_for(4)] == [(1, 1), (2, 2), (3, 3), (4, 4)]
    assert [s.label for s in shades_for(2)] == ["1 brief", "2 briefs"]
    assert [s.label for s in shades_for(100)][-1] == "30–100 briefs"


def test_a_region_whose_briefs_are_all_hidden_answers_with_no_shade(client):
    """A region whose countries have only a scheduled brief shows its page, its map
    shading none of them and its legend only "none" (a count of 0 once answered 500)."""
    assert shades_for(0) == []
    briefs_on("EE", 1, scheduled=True)
    response = client.get(reverse("briefs:region-detail", args=["baltic-states"]))
    assert response.status_code == 200
    assert linked(svg_of(response)) == {}
    assert b"map-shade-1" not in response.content


def test_countries_are_shaded_by_their_public_briefs_and_named(client):
    """Each country with briefs is a link titled with its name and count, in the shade of
    its count; the darkest shade is the busiest country's."""
    briefs_on("GE", 1)
    briefs_on("AM", 3)
    briefs_on("KZ", 10)
    svg = svg_of(client.get(reverse("briefs:country-index")))
    places = linked(svg)
    assert set(places) == {"Georgia: 1 brief", "Armenia: 3 briefs", "Kazakhstan: 10 briefs"}
    shades = shades_for(10)
    for title, count in [("Georgia: 1 brief", 1), ("Armenia: 3 briefs", 3)]:
        assert places[title][1] == shade_of(count, shades).level
    assert places["Kazakhstan: 10 briefs"][1] == len(shades) == SHADES
    assert places["Georgia: 1 brief"][1] < places["Armenia: 3 briefs"][1]
    assert places["Georgia: 1 brief"][2] == shapes()["GE"].path


def test_the_legend_names_every_shade(client):
    """The legend under the map says, in words, what each shade stands for."""
    briefs_on("GE", 1)
    briefs_on("AM", 2)
    page = html.fromstring(client.get(reverse("briefs:country-index")).content)
    legend = [" ".join(li.text_content().split()) for li in page.xpath("//figcaption//li")]
    assert legend == ["1 brief", "2 briefs", "none"]


def test_hidden_briefs_neither_link_nor_count(client):
    """A country whose briefs are drafts, in review or scheduled is a plain, unnamed shape;
    a country's hidden briefs are left out of its count."""
    briefs_on("BY", 1, draft=True)
    briefs_on("BY", 1, in_review=True)
    briefs_on("BY", 1, scheduled=True)
    briefs_on("UA", 2)
    briefs_on("UA", 2, scheduled=True)
    response = client.get(reverse("briefs:country-index"))
    svg = svg_of(response)
    assert set(linked(svg)) == {"Ukraine: 2 briefs"}
    assert shapes()["BY"].path in hidden_paths(svg, "plain")
    assert shapes()["UA"].path not in hidden_paths(svg, "plain")
    assert "Belarus" not in response.content.decode()


def test_every_link_on_the_map_leads_to_its_country(client):
    """Each link of the map opens the page of the country it names."""
    for code in ["GE", "AM", "TR", "MC", "SG"]:
        briefs_on(code, 1)
    svg = svg_of(client.get(reverse("briefs:country-index")))
    for title, (href, _, _) in linked(svg).items():
        response = client.get(href)
        assert response.status_code == 200
        assert response.context["term"].name == title.split(":")[0]


def test_small_states_are_dots_that_link_too(client):
    """Monaco has no shape at 1:110m: it is a dot, linked like any country."""
    briefs_on("MC", 2)
    places = linked(svg_of(client.get(reverse("briefs:country-index"))))
    assert shapes()["MC"].dot is not None
    href, _, path = places["Monaco: 2 briefs"]
    assert href == "/countries/monaco/"
    assert re.fullmatch(r"M-?\d+ -?\d+a\d+ \d+ 0 1 0 \d+ 0a\d+ \d+ 0 1 0 -\d+ 0z", path)


def test_every_country_of_the_countries_app_is_on_the_map():
    """Every ISO country has a shape or a dot, but for the few the data says it cannot
    place; every shape is a country's (Kosovo's, which ISO does not list, aside)."""
    codes = set(Country.objects.values_list("code", flat=True))
    on_map = set(shapes())
    assert codes - on_map == set(unplaced()) == {"UM"}
    assert on_map - codes == {"XK"}
    dots = {code for code, shape in shapes().items() if shape.dot}
    assert {"AD", "LI", "MC", "SM", "VA", "MT", "SG", "BH", "MV", "GI", "TV"} <= dots
    assert {"GE", "AM", "AZ", "RU", "KZ", "FR"} <= on_map - dots


def test_a_country_off_the_map_is_still_listed(client):
    """A country the map has no shape for (a code added by an editor) is listed under the
    map, and the map draws the others."""
    nowhere = CountryFactory(name="Nowhere Land", slug="nowhere-land", code="QZ")
    BriefFactory(countries=[nowhere])
    briefs_on("GE", 1)
    response = client.get(reverse("briefs:country-index"))
    assert set(linked(svg_of(response))) == {"Georgia: 1 brief"}
    assert 'href="/countries/nowhere-land/"' in response.content.decode()


def test_no_map_before_the_first_brief(client):
    """With no public brief, the page says so and draws no empty map."""
    BriefFactory(draft=True)
    response = client.get(reverse("briefs:country-index"))
    assert b"country-map" not in response.content
    assert b"No briefs have been published yet." in response.content


def test_antarctica_is_drawn_only_when_it_has_briefs(client):
    """The world map leaves Antarctica's empty strip out, unless a brief is about it."""
    briefs_on("GE", 1)
    without = view_box(svg_of(client.get(reverse("briefs:country-index"))))
    assert without.bottom < shapes()["AQ"].box.top
    briefs_on("AQ", 1)
    with_it = view_box(svg_of(client.get(reverse("briefs:country-index"))))
    assert with_it.bottom >= shapes()["AQ"].box.bottom


def test_the_countries_page_stays_under_100_kb_compressed_with_every_country(client):
    """Even with every country of the ISO list linked, titled and listed, the page is
    under 100 KB gzipped."""
    everywhere = list(Country.objects.all())
    for n in range(4):
        BriefFactory(countries=everywhere[: len(everywhere) // (n + 1)])
    response = client.get(reverse("briefs:country-index"), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content)
    assert len(linked(svg_of(type("R", (), {"status_code": 200, "content": page})))) == 248
    assert len(response.content) < PAGE_BUDGET_BYTES, f"{len(response.content):,} bytes"


def test_the_countries_page_runs_as_many_queries_for_1_as_for_40_countries(client):
    """The map reads the counts the database keeps: no query per country."""
    codes = list(Country.objects.values_list("code", flat=True)[:40])
    briefs_on(codes[0], 1)
    url = reverse("briefs:country-index")
    response = assert_query_budget(
        lambda: client.get(url),
        lambda: BriefFactory(countries=list(Country.objects.filter(code__in=codes))),
        PUBLIC_PAGE_MAX_QUERIES,
    )
    assert len(linked(svg_of(response))) == 40


def test_a_region_page_shows_its_countries_with_neighbours_faint(client):
    """The South Caucasus map is fitted to its three countries: those with briefs linked,
    the one without plain, the neighbours in view faint, and none of it far away."""
    briefs_on("GE", 2)
    briefs_on("AZ", 1)
    briefs_on("TR", 5)
    svg = svg_of(client.get(reverse("briefs:region-detail", args=["south-caucasus"])))
    assert set(linked(svg)) == {"Georgia: 2 briefs", "Azerbaijan: 1 brief"}
    assert hidden_paths(svg, "plain") == shapes()["AM"].path
    faint = hidden_paths(svg, "faint")
    assert shapes()["TR"].path in faint and shapes()["IR"].path in faint
    assert shapes()["BR"].path not in faint
    box = view_box(svg)
    for code in ["GE", "AM", "AZ"]:
        main = shapes()[code].main
        assert box.left < main.left and main.right < box.right
        assert box.top < main.top and main.bottom < box.bottom
    assert box.width < 2000


def test_a_region_page_lists_the_countries_on_its_map(client):
    """Under the region's map, its countries with briefs are listed as links too."""
    briefs_on("KZ", 3)
    page = html.fromstring(
        client.get(reverse("briefs:region-detail", args=["central-asia"])).content
    )
    names = [" ".join(a.text_content().split()) for a in page.xpath("//ul[@aria-label]//a")]
    assert "Kazakhstan 3" in names


def test_a_region_without_countries_on_the_map_has_no_map(client):
    """An editor's new region with no countries yet shows its page without a map."""
    Region.objects.create(name="Arctic", slug="arctic")
    response = client.get(reverse("briefs:region-detail", args=["arctic"]))
    assert response.status_code == 200
    assert b"country-map" not in response.content


def test_a_region_map_runs_as_many_queries_for_1_as_for_5_countries(client):
    """The region's map adds a fixed number of queries, whatever its countries hold."""
    briefs_on("KZ", 1)
    url = reverse("briefs:region-detail", args=["central-asia"])
    response = assert_query_budget(
        lambda: client.get(url),
        lambda: [briefs_on(code, 2) for code in ["UZ", "KG", "TJ", "TM"]],
        PUBLIC_PAGE_MAX_QUERIES,
    )
    assert len(linked(svg_of(response))) == 5


@pytest.mark.parametrize("cache_kind", ["locmem", "redis"])
def test_the_map_follows_a_publish_through_the_page_cache(settings, client, cache_kind):
    """With pages kept (in local memory or the real Redis), publishing a brief about a new
    country puts it on the map, and unpublishing takes it off."""
    with caches_on(settings, cache_kind):
        briefs_on("GE", 1)
        url = reverse("briefs:country-index")
        assert set(linked(svg_of(client.get(url)))) == {"Georgia: 1 brief"}
        brief = BriefFactory(countries=[country("AM")], draft=True)
        assert set(linked(svg_of(client.get(url)))) == {"Georgia: 1 brief"}
        brief.status, brief.publish_at = brief.Status.PUBLISHED, brief.created_at
        brief.save()
        assert "Armenia: 1 brief" in linked(svg_of(client.get(url)))
        brief.status = brief.Status.DRAFT
        brief.save()
        assert set(linked(svg_of(client.get(url)))) == {"Georgia: 1 brief"}


def test_a_raw_publish_reaches_the_map(settings, client):
    """A brief published by a raw UPDATE (no save, no signal) is on the map within the
    bound every change keeps (GENERATION_CHECK_SECONDS): the counts and the generation
    come from the database's own triggers."""
    with caches_on(settings):
        draft = BriefFactory(countries=[country("AM")], draft=True)
        url = reverse("briefs:country-index")
        assert b"country-map" not in client.get(url).content
        Brief.objects.filter(pk=draft.pk).update(
            status=Brief.Status.PUBLISHED, publish_at=draft.created_at
        )
        bound = django_settings.GENERATION_CHECK_SECONDS + 0.1
        with time_machine.travel(timezone.now() + timedelta(seconds=bound)):
            assert set(linked(svg_of(client.get(url)))) == {"Armenia: 1 brief"}


def test_the_map_is_on_a_region_first_page_only(client):
    """Page 2 of a region's briefs is about the briefs: the map stays on page 1."""
    briefs_on("KZ", django_settings.BRIEFS_PER_PAGE + 1)
    url = reverse("briefs:region-detail", args=["central-asia"])
    assert b"country-map" in client.get(url).content
    second = client.get(url, {"page": 2})
    assert second.status_code == 200 and b"country-map" not in second.content


def test_a_lost_shapes_file_fails_the_system_check(tmp_path, monkeypatch):
    """Without a readable shapes file, ``manage.py check`` says so before any reader
    meets a broken page; with it, the check passes."""
    assert not [e for e in checks.run_checks() if e.id.startswith("countries.")]
    truncated = tmp_path / "truncated.json"
    truncated.write_text(shapes_module.SHAPES_FILE.read_text()[:5000])
    for broken in [tmp_path / "missing.json", truncated]:
        monkeypatch.setattr(shapes_module, "SHAPES_FILE", broken)
        shapes_module.shapes.cache_clear()
        try:
            errors = [e.id for e in checks.run_checks() if e.id.startswith("countries.")]
        finally:
            shapes_module.shapes.cache_clear()
        assert errors == ["countries.E001"], broken.name


def segments(path):
    """Each straight segment ((x0, y0), (x1, y1)) of the shapes file's path data (one
    absolute move per ring, then relative lines)."""
    for start, steps in re.findall(r"M(-?\d+ ?-?\d+)l([^z]*)z", path):
        x, y = (int(n) for n in re.findall(r"-?\d+", start))
        numbers = [int(n) for n in re.findall(r"-?\d+", steps)]
        for dx, dy in zip(numbers[0::2], numbers[1::2], strict=True):
            yield (x, y), (x + dx, y + dy)
            x, y = x + dx, y + dy


def test_no_shape_stripes_across_the_map():
    """Rings that cross longitude 180° (Fiji, Chukotka) were cut there: no outline jumps
    across the world. Antarctica's one long edge runs along the pole, the map's bottom."""
    for code, shape in shapes().items():
        for (x0, y0), (x1, y1) in segments(shape.path):
            if abs(x1 - x0) > 1000:
                assert code == "AQ" and y0 == y1 >= shape.box.bottom - 1, code
    assert shapes()["RU"].main.right - shapes()["RU"].main.left < 5000
