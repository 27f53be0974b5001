"""The round trip: a site exported with export_wxr and imported with import_wxr into an empty
site shows readers the same pages, and importing the same export again changes nothing.

The site is built with factories: bylines of several authors in order with their roles and
biographies, a series whose parts have positions, countries with profiles (and so their
regions' pages), themes in the editor's order (one with an address that is not its
name's), key points under each label, footnotes, sources, library figures with captions
and credits, a table, hero images with credits, search titles and descriptions, publish
times with microseconds, and a draft, a brief in review, a scheduled brief and a draft part
of the series, all of which must stay hidden.

Every public page (home, archive pages and filters, each brief and its citation files,
each country, region, theme, series and author page and its feeds, the site's feeds, the
sitemap and its sections, searches, the API's lists and details, robots.txt) is rendered
with the page cache on before the export, and again after the content was wiped and the
export imported (twice each: once made, once from the cache). Status, content type and body
must be the same. Only what honestly differs between two sites is normalised, and nothing
else:

- Image file names. Stored names are generated at upload and the import stores each image
  anew (re-encoded, under a new generated name), so each stored name (original and
  renditions) is replaced by the old image's label and the rendition's place in its list.
  The image is matched through the import's own record of where it came from (the
  export's attachment address, which holds the old stored name), so a picture that went
  to the wrong brief or lost a rendition still shows.
- Database ids where a page prints them: a brief's in its feed entry id and its BibTeX
  key, a library image's in the API's figures, a term's in its page's alert form. The
  import makes new rows; each id is replaced by the same label on both sides
  (``brief:<slug>``, ``theme:<slug>``, the image's label), so an id that points at the
  wrong row still shows.
- The version in a social card's address (``card.png?v=``), a digest of what the card
  shows and of the hero image's stored name: it is taken again with the hero's label in
  place of its stored name, so a change of title, series, countries or hero still shows.
- The sitemap index's ``lastmod`` of the briefs' section, which is when this site's public
  content last changed: the import changed it. (Each brief's own ``lastmod``, its last
  change, survives.)
- The build time of a feed with no entries (the feed of a country whose only brief is
  scheduled), which Django's syndication sets to the moment it is drawn.
- The day in a feed entry's id (``tag:host,<day>:brief/<id>``), which is the day the brief
  was created here: the import creates it anew. (So feed readers see imported briefs as
  new entries: feed entry ids do not survive the round trip.)
"""

import difflib
import re
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from briefs import images
from briefs.images.cards import card_fingerprint
from briefs.models import (
    Author,
    Brief,
    BriefAuthor,
    BriefFigure,
    BriefKind,
    ImportedImage,
    ImportedPost,
    KeyPointsLabel,
    LibraryImage,
    OldAddress,
    OldSlug,
    Series,
    Theme,
    ThemedBrief,
)
from countries.models import Country, Region
from tests import image_files
from tests.caching import caches_on
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory, library_image

pytestmark = pytest.mark.django_db

SITE = "https://briefs.example.org"
CAUCASUS = ["AM", "AZ", "GE"]
OTHERS = ["KZ", "UA", "TR"]
TERMS = (
    (Country, "country"),
    (Region, "region"),
    (Theme, "theme"),
    (Series, "series"),
    (Author, "author"),
)


def _figure(image):
    return f'<figure data-image="{image.pk}"></figure>'


def build_site():
    """A rich site; its hidden briefs' slugs."""
    authors = [
        AuthorFactory(
            name="Leyla Hasanova",
            slug="leyla-hasanova",
            role="Senior Fellow, South Caucasus Programme",
            bio="Leyla writes on energy and neutrality in the Caspian.",
        ),
        AuthorFactory(
            name="Timur Abenov",
            slug="timur-abenov",
            role="Research Fellow",
            bio="Timur follows Central Asian trade.",
        ),
        AuthorFactory(name="Ana Beridze", slug="ana-beridze", role="", bio=""),
        AuthorFactory(name="Olena Kovalenko", slug="olena-kovalenko", role="Editor", bio="Kyiv."),
    ]
    series = [
        SeriesFactory(
            title="Between Moscow and the West",
            slug="between-moscow-and-the-west",
            description="How the South Caucasus chooses.",
        ),
        SeriesFactory(title="Caspian trade", slug="caspian-trade", description="Routes."),
    ]
    countries = {c.code: c for c in Country.objects.filter(code__in=CAUCASUS + OTHERS)}
    for country in countries.values():
        country.profile = f"A short profile of {country.name}."
        country.save()
    chart = library_image(
        title="Gas by route",
        alt="Bar chart: exports through the southern corridor doubled.",
        caption="Gas exports by route, 2019-2024.",
        credit="Source: SOCAR",
    )
    photo = library_image(
        image=image_files.upload(image_files.jpeg(1200, 600), name="port.jpg"),
        title="Port",
        alt="Container cranes at the port of Aktau.",
        caption="Aktau, 2024.",
        credit="Photo: Reuters",
    )
    plain_photo = library_image(
        image=image_files.upload(image_files.jpeg(900, 600), name="border.jpg"),
        title="Border",
        alt="A border post in the mountains.",
        caption="",
        credit="",
    )
    body = (
        "<p>The question is less whether the government will change course than how much "
        'room it has left.<span data-footnote="">Customs data, 2024 &quot;final&quot;.</span> '
        '<a href="https://www.osce.org/">Independent monitors</a> agree.</p>'
        "<h2>What has changed</h2>"
        "<p>Three developments matter most:</p>"
        "<ol><li>new transit routes,</li><li>tighter <em>export controls</em>, and</li>"
        "<li>a shift in who buys the region's gas.<ul><li>Inner point</li></ul></li></ol>"
        f"{_figure(chart)}"
        "<h3>Trade</h3>"
        "<table><tbody><tr><th>Route</th><th>2019</th><th>2024</th></tr>"
        "<tr><td>Aktau–Baku</td><td>1,020</td><td>3,240</td></tr></tbody></table>"
        '<p>Imports from the EU fell.<span data-footnote="">Central bank &amp; '
        "<em>ministry</em> figures.</span></p>"
        "<blockquote><p>Neutrality is a method of choosing, not an absence of choice.</p>"
        "</blockquote><hr>"
        f"{_figure(photo)}"
        "<h4>What to watch</h4><p>Whether the next budget protects energy security.</p>"
    )
    moment = datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)
    public = []
    specs = [
        # slug, authors, countries, themes, series, position, extra
        ("azerbaijan-cautious-neutrality", [0, 1], ["AZ", "GE"], ["neutrality", "energy"], 0, 1),
        ("armenia-drift", [2, 0, 1], ["AM"], ["security", "neutrality"], 0, 2),
        ("georgia-after-the-vote", [0], ["GE"], ["elections"], 0, 4),
        ("caspian-ferries", [1, 3], ["KZ", "AZ"], ["trade", "energy"], 1, 1),
        ("ukraine-grain", [3], ["UA", "TR"], ["trade"], None, None),
        ("turkey-straits", [3, 0], ["TR"], ["security", "shipping lanes"], None, None),
        ("kazakh-uranium", [1], ["KZ"], ["energy"], None, None),
        ("south-caucasus-roads", [2], ["AM", "AZ", "GE"], ["trade", "transport"], None, None),
    ]
    for number, (slug, who, where, themes, in_series, position) in enumerate(specs):
        fields = {
            "title": f"Brief {number}: {slug.replace('-', ' ').capitalize()}",
            "slug": slug,
            "dek": f"The short of it, number {number}: what changed and why it matters.",
            "body": body if number % 2 == 0 else f"<p>Opening of {slug}.</p>" + body,
            "authors": [authors[i] for i in who],
            "countries": [countries[code] for code in where],
            "themes": themes,
            "publish_at": moment.replace(month=1 + number, day=1 + number),
        }
        if in_series is not None:
            fields |= {"series": series[in_series], "series_position": position}
        if number % 3 == 0:
            fields |= {"key_points": "Exports doubled\nImports fell\nBudgets tighten"}
        if number % 3 == 1:
            fields |= {
                "key_points": "Keep the ferries running\nPrice the risk",
                "key_points_label": KeyPointsLabel.RECOMMENDATIONS,
            }
        if number % 2 == 1:
            fields |= {"notes": "<p>Further reading: the <em>IMF</em> outlook.</p>"}
        if number in (1, 4):  # a commentary and a report, at their types' own addresses
            fields |= {"kind": BriefKind.objects.get(slug=("commentary", "report")[number // 4])}
        if number % 4 == 0:
            fields |= {
                "seo_title": f"Search title {number}",
                "seo_description": f"Search description of brief {number}.",
            }
        brief = BriefFactory(**fields)
        if number % 3 != 2:
            brief.hero = photo if number % 3 == 0 else plain_photo
            brief.save()
        public.append(brief)
    # An editor gave this theme an address of its own.
    Theme.objects.filter(name="shipping lanes").update(slug="sea-lanes")
    hidden = [
        BriefFactory(
            draft=True,
            slug="quokkafish-draft",
            title="Quokkafish draft",
            body="<p>Narwhalite secret.</p>",
            authors=[authors[0]],
            countries=[countries["AM"]],
            themes=["hidden theme"],
        ),
        BriefFactory(
            in_review=True,
            slug="in-review-brief",
            title="In review",
            authors=[authors[1]],
            countries=[countries["TR"]],
        ),
        BriefFactory(
            scheduled=True,
            slug="scheduled-brief",
            title="Scheduled Zebraplume",
            authors=[AuthorFactory(name="Only Scheduled", slug="only-scheduled")],
            # Estonia's only brief: its country and region (Baltic States) have no page yet.
            countries=[countries["KZ"], Country.objects.get(code="EE")],
            themes=["scheduled theme"],
        ),
        BriefFactory(
            draft=True,
            slug="series-draft-part",
            title="Series draft part",
            series=series[0],
            series_position=3,
            authors=[authors[2]],
            countries=[countries["GE"]],
        ),
    ]
    return [brief.slug for brief in hidden]


def public_paths(hidden):
    """Every public address of the site as it stands, and the hidden briefs' addresses."""
    paths = ["/", "/robots.txt", reverse("briefs:correction-list")]
    archive = reverse("briefs:brief-list")
    paths += [archive, f"{archive}?page=2", f"{archive}?page=3"]
    paths += [f"{archive}?region=south-caucasus", f"{archive}?year=2025"]
    paths += [f"{archive}?theme=trade", f"{archive}?author=leyla-hasanova&country=azerbaijan"]
    paths += [f"{archive}?type=commentary", f"{archive}?type=report"]
    paths += [f"{reverse('briefs:search')}?q={q}" for q in ("neutrality", "ferries", "zzzyxq")]
    paths += [reverse("briefs:site-feed-rss"), reverse("briefs:site-feed-atom")]
    paths += [brief.get_absolute_url() for brief in Brief.objects.published()]
    for slug in [*Brief.objects.published().values_list("slug", flat=True), *hidden]:
        paths += [
            reverse("briefs:brief-detail", args=[slug]),
            reverse("briefs:brief-cite-bib", args=[slug]),
            reverse("briefs:brief-cite-ris", args=[slug]),
            reverse("api-v1:brief-detail", args=[slug]),
        ]
    terms = {
        "country": Country.objects.filter(briefs__isnull=False),
        "region": Region.objects.filter(countries__briefs__isnull=False),
        "theme": Theme.objects.all(),
        "series": Series.objects.all(),
        "author": Author.objects.all(),
    }
    for kind, queryset in terms.items():
        if kind != "region":  # regions are listed on the countries' index
            paths.append(reverse(f"briefs:{kind}-index"))
        for slug in sorted(set(queryset.values_list("slug", flat=True))):
            paths += [
                reverse(f"briefs:{kind}-detail", args=[slug]),
                reverse(f"briefs:{kind}-feed-rss", args=[slug]),
                reverse(f"briefs:{kind}-feed-atom", args=[slug]),
            ]
    for kind in ("brief", "countries", "regions", "themes", "series", "authors"):
        paths.append(reverse(f"api-v1:{kind}-list"))
    paths += [
        f"{reverse('api-v1:brief-list')}?q=neutrality",
        f"{reverse('api-v1:brief-list')}?page=2",
    ]
    paths.append(reverse("sitemap-index"))
    return list(dict.fromkeys(paths))


def sitemap_sections(client):
    index = client.get(reverse("sitemap-index")).content.decode()
    return [re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>([^<]+)</loc>", index)]


class Labels:
    """What a site's generated names and ids are replaced by (the module docstring)."""

    def __init__(self, image_label_of):
        """``image_label_of(image)``: the label of a library image (its old site's id)."""
        self.names = {}  # stored file name -> label
        self.images = {}  # id -> label
        for image in LibraryImage.objects.all():
            label = image_label_of(image)
            self.images[str(image.pk)] = label
            for place, name in enumerate(images.stored_names(image.image.name, image.renditions)):
                self.names[name] = f"{label}/{place}"
        self.cards = {}  # the card's version -> the version with the hero's label
        for brief in Brief.objects.select_related("series", "hero").prefetch_related("countries"):
            version = card_fingerprint(brief)
            if brief.hero_id:
                brief.hero.image.name = image_label_of(brief.hero)
            self.cards[version] = card_fingerprint(brief)
        self.briefs = {
            str(pk): f"brief:{slug}" for pk, slug in Brief.objects.values_list("pk", "slug")
        }
        self.terms = {
            f"{kind}:{pk}": f"{kind}:{slug}"
            for model, kind in TERMS
            for pk, slug in model.objects.values_list("pk", "slug")
        }

    def normalise(self, text):
        for name, label in self.names.items():
            text = text.replace(name, f"image-file:{label}")
        text = re.sub(r"card\.png\?v=(\w+)", lambda m: f"card.png?v={self.cards.get(m[1])}", text)
        text = re.sub(
            r"(tag:[^,<]+),\d{4}-\d\d-\d\d:brief/(\d+)",
            lambda m: f"{m[1]}:{self.briefs.get(m[2], m[2])}",
            text,
        )
        text = re.sub(
            r"(@techreport\{[^,\s]+)-(\d+),",
            lambda m: f"{m[1]}-{self.briefs.get(m[2], m[2])},",
            text,
        )
        text = re.sub(
            r'name="topic" value="(\w+:\d+)"',
            lambda m: f'name="topic" value="{self.terms.get(m[1], m[1])}"',
            text,
        )
        text = re.sub(
            r"(<loc>[^<]+/sitemap-briefs\.xml</loc><lastmod>)[^<]+<", r"\1(changed)<", text
        )
        text = re.sub(r"<lastBuildDate>[^<]+(</lastBuildDate></channel>)", r"(drawn)\1", text)
        text = re.sub(
            r"<updated>[^<]+(</updated><author><name>[^<]*</name></author></feed>)",
            r"(drawn)\1",
            text,
        )
        return re.sub(r'"id": (\d+)', lambda m: f'"id": "{self.images.get(m[1], m[1])}"', text)


def render(client, paths, labels):
    pages = {}
    for path in paths:
        response = client.get(path)
        body = response.content.decode() if response.status_code != 302 else response["Location"]
        pages[path] = (response.status_code, response.get("Content-Type"), labels.normalise(body))
    return pages


def wipe(settings, tmp_path):
    """The content gone, as on a freshly migrated site; a fresh, empty media folder."""
    Brief.objects.all().delete()
    for model in (Author, Series, Theme, LibraryImage, OldSlug, OldAddress):
        model.objects.all().delete()
    ImportedPost.objects.all().delete()
    ImportedImage.objects.all().delete()
    Country.objects.exclude(profile="").update(profile="")
    settings.MEDIA_ROOT = tmp_path / "new-media"


def export_site(tmp_path):
    out = tmp_path / "site.xml"
    call_command(
        "export_wxr", str(out), media_dir=str(tmp_path / "export"), site_url=SITE, verbosity=0
    )
    return out


def import_site(tmp_path, out):
    report = tmp_path / "report.txt"
    call_command(
        "import_wxr",
        str(out),
        media_dir=str(tmp_path / "export"),
        report=str(report),
        verbosity=0,
    )
    return report.read_text()


def diff(before, after):
    return [
        f"{path}: {before[path][:2]} != {after[path][:2]}\n"
        + "\n".join(_first_difference(before[path][2], after[path][2]))
        for path in before
        if before[path] != after[path]
    ]


def _first_difference(old, new):
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
    return list(lines)[2:40]


def hidden_states(slugs):
    return set(Brief.objects.filter(slug__in=slugs).values_list("slug", "status", "publish_at"))


def stored_state():
    """What the site holds, row by row, for a rerun to leave alone."""
    counted = (Brief, BriefAuthor, BriefFigure, Author, Series, Theme, ThemedBrief)
    counted += (LibraryImage, ImportedImage, ImportedPost, OldAddress)
    return {
        "counts": {model.__name__: model.objects.count() for model in counted},
        "briefs": set(Brief.objects.values_list("slug", "updated_at", "version")),
        "profiles": set(Country.objects.exclude(profile="").values_list("code", "profile")),
    }


@pytest.fixture
def site(request, settings, tmp_path):
    """The site built, its hidden briefs' slugs; the caches on over local memory, or over
    the real Redis when a test asks for it."""
    settings.SITE_URL = SITE
    settings.BRIEFS_PER_PAGE = 3
    with caches_on(settings, getattr(request, "param", "locmem")):
        yield build_site()


@pytest.mark.parametrize("site", ["locmem", "redis"], indirect=True)
def test_an_export_imported_into_an_empty_site_gives_the_same_public_pages(
    site, client, settings, tmp_path
):
    """Every public page, rendered with the caches on, reads the same after export, wipe
    and import (normalising only generated file names and ids: module docstring)."""
    old_images = {
        image.pk: image.image.name.rsplit("/", 1)[-1] for image in LibraryImage.objects.all()
    }
    before_labels = Labels(lambda image: f"image{image.pk}")
    paths = public_paths(site)
    paths += sitemap_sections(client)
    before = render(client, paths, before_labels)
    assert len(before) >= 100
    assert sum(status == 200 for status, _, _ in before.values()) >= 100
    brief_pages = [path for path in paths if re.fullmatch(r"/briefs/[^/]+/", path)]
    hidden_pages = [reverse("briefs:brief-detail", args=[slug]) for slug in site]
    assert all(before[path][0] == 404 for path in hidden_pages)
    hidden = hidden_states(site)

    out = export_site(tmp_path)
    wipe(settings, tmp_path)
    # The wipe retired the cached pages: every brief's page is gone, the public ones too.
    assert {client.get(path).status_code for path in brief_pages} == {404}
    report = import_site(tmp_path, out)
    assert "Failed: 0" in report, report
    assert "missing: 0" in report, report
    assert hidden_states(site) == hidden  # imported, and still hidden

    by_name = {name: pk for pk, name in old_images.items()}
    came_from = {
        record.image_id: by_name.get(record.source_url.rsplit("/", 1)[-1])
        for record in ImportedImage.objects.all()
    }
    after_labels = Labels(lambda image: f"image{came_from.get(image.pk)}")
    after = render(client, paths, after_labels)
    cached = render(client, paths, after_labels)
    differences = diff(before, after)
    assert not differences, f"{len(differences)} pages differ:\n" + "\n\n".join(differences[:15])
    assert cached == after
    for secret in ("Narwhalite", "Zebraplume", "Quokkafish", "hidden theme"):
        assert not [path for path, (_, _, body) in after.items() if secret in body]


def test_importing_our_own_export_twice_changes_nothing_the_second_time(
    site, client, settings, tmp_path
):
    """The second import of the same export finds every post unchanged: no row added or
    removed, no brief saved again, no page changed."""
    out = export_site(tmp_path)
    wipe(settings, tmp_path)
    import_site(tmp_path, out)
    state = stored_state()
    labels = Labels(lambda image: f"image{image.pk}")
    paths = public_paths(site)
    pages = render(client, paths, labels)

    report = import_site(tmp_path, out)
    assert "Created: 0" in report and "Updated: 0" in report and "Failed: 0" in report
    posts = Brief.objects.count()
    assert f"Skipped: {posts} ({posts} unchanged since the last import)" in report
    assert stored_state() == state
    assert render(client, paths, labels) == pages


def test_a_series_position_taken_here_brings_the_brief_in_outside_the_series(settings, tmp_path):
    """Into a site whose series already has a part at that position, the brief comes in
    outside the series and is reported, rather than failing or taking the place."""
    settings.SITE_URL = SITE
    series = SeriesFactory(slug="between", title="Between")
    BriefFactory(slug="exported-part", series=series, series_position=1)
    out = export_site(tmp_path)
    Brief.objects.filter(slug="exported-part").update(slug="part-written-here")
    report = import_site(tmp_path, out)
    imported = Brief.objects.get(slug="exported-part")
    assert (imported.series, imported.series_position) == (None, None)
    assert Brief.objects.get(slug="part-written-here").series_position == 1
    assert "Failed: 0" in report
    assert f"{imported.title}: part 1 of Between" in report


def test_a_content_type_this_site_lacks_comes_in_as_the_default_and_is_reported(settings, tmp_path):
    """A post of a type the receiving site has no type for is a brief of the default type,
    named in the report; one whose type exists here takes it."""
    settings.SITE_URL = SITE
    podcast = BriefKind.objects.create(
        name="Podcast", plural_name="Podcasts", slug="podcast", prefix="podcasts", order=9
    )
    BriefFactory(slug="episode-one", title="Episode one", kind=podcast)
    BriefFactory(slug="a-report", kind=BriefKind.objects.get(slug="report"))
    out = export_site(tmp_path)
    wipe(settings, tmp_path)
    podcast.delete()
    report = import_site(tmp_path, out)
    assert "Failed: 0" in report
    assert "Episode one: podcast" in report
    assert Brief.objects.get(slug="episode-one").kind == BriefKind.objects.order_by("order")[0]
    assert Brief.objects.get(slug="a-report").kind.slug == "report"
