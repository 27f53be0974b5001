"""Every public page type, and the content a reader would find on it.

The accessibility (axe-core), HTML validity (Nu checker) and layout tests walk
``PUBLIC_PAGES``: a new public page type is one more line here. They serve the pages
through ``tests.urls``, which adds a failing address to show the 500 page.
"""

from dataclasses import dataclass
from datetime import timedelta
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.functional import lazy

from briefs.editorial import workflow
from briefs.models import Author, Brief, BriefPdf
from countries.models import Country
from tests.factories import BriefFactory, UserFactory

SERIES_BRIEF = "azerbaijan-cautious-neutrality"
STANDALONE_BRIEF = "belarus-co-belligerence"
# Published with "Publish now", so its time (and its related briefs') has a fraction of a
# second, which the demo's whole-second times would hide; its body holds a wide table.
PUBLISHED_NOW_BRIEF = "caspian-transit-in-figures"
# Key points, a contents box, a captioned table, abbreviations and ten footnotes.
FULL_BODY_BRIEF = "black-sea-grain-corridor"
# Russian translations (``publish_translation``): part 1 of the series, and the full body.
RUSSIAN_SERIES_BRIEF = "kazakhstan-ostorozhnaya-distantsiya"
RUSSIAN_FULL_BODY_BRIEF = "zernovoj-koridor-v-chernom-more"


@dataclass(frozen=True)
class PublicPage:
    name: str
    path: str
    status: int = 200

    def __str__(self):
        return self.name

    @property
    def url(self):
        return str(self.path)


def _url(name, *args, query=""):
    path = reverse_lazy(f"briefs:{name}", args=args)
    return f"{path}?{query}" if query else path


def _russian(name, *args, query=""):
    """The page's address in Russian (under /ru/), worked out when it is used."""

    def address():
        with translation.override("ru"):
            return str(_url(name, *args, query=query))

    return lazy(address, str)()


PUBLIC_PAGES = [
    PublicPage("home", _url("home")),
    PublicPage("brief-in-series", _url("brief-detail", SERIES_BRIEF)),
    PublicPage("standalone-brief", _url("brief-detail", STANDALONE_BRIEF)),
    PublicPage("brief-published-now", _url("brief-detail", PUBLISHED_NOW_BRIEF)),
    PublicPage("brief-with-footnotes", _url("brief-detail", FULL_BODY_BRIEF)),
    PublicPage("archive", _url("brief-list")),
    PublicPage("archive-page-2", _url("brief-list", query="page=2")),
    PublicPage("archive-filtered", _url("brief-list", query="region=south-caucasus")),
    PublicPage("search-results", _url("search", query="q=neutrality")),
    PublicPage("search-no-results", _url("search", query="q=zzzyxq")),
    PublicPage("search-empty", _url("search")),
    PublicPage("countries", _url("country-index")),
    PublicPage("country", _url("country-detail", "azerbaijan")),
    PublicPage("region", _url("region-detail", "south-caucasus")),
    PublicPage("themes", _url("theme-index")),
    PublicPage("theme", _url("theme-detail", "energy-security")),
    PublicPage("series-index", _url("series-index")),
    PublicPage("series", _url("series-detail", "between-moscow-and-the-west")),
    PublicPage("authors", _url("author-index")),
    PublicPage("author", _url("author-detail", "leyla-hasanova")),
    PublicPage("api-docs", reverse_lazy("api-docs")),
    # Empty here: public notes outlive a live server's flush on SQLite (migration 0020);
    # tests/browser/test_corrections_pages.py checks the page with notes.
    PublicPage("corrections", _url("correction-list")),
    PublicPage("not-found", "/no-such-page/", status=404),
    # The interface in Russian (docs/languages.md): longer words, another script.
    PublicPage("ru-home", _russian("home")),
    PublicPage("ru-brief-in-series", _russian("brief-detail", RUSSIAN_SERIES_BRIEF)),
    PublicPage("ru-brief-with-footnotes", _russian("brief-detail", RUSSIAN_FULL_BODY_BRIEF)),
    PublicPage("ru-archive-filtered", _russian("brief-list", query="region=south-caucasus")),
    PublicPage("ru-search-results", _russian("search", query="q=neutrality")),
    # Briefs in every language on a Russian page: cards in another language say so.
    PublicPage("ru-archive-all-languages", _russian("brief-list", query="language=all")),
    PublicPage("ru-countries", _russian("country-index")),
    PublicPage("ru-region", _russian("region-detail", "south-caucasus")),
    PublicPage("ru-not-found", "/ru/no-such-page/", status=404),
    PublicPage("server-error", reverse_lazy("test-server-error"), status=500),
]

ARCHIVE_BODY = """
<p>The question is less whether the government will change course than how much room it
has left. <a href="https://www.osce.org/">Independent monitors</a> and our own
<a href="/countries/">country pages</a> track the detail.</p>
<h2>What has changed</h2>
<p>Three developments matter most:</p>
<ol><li>new transit routes,</li><li>tighter <em>export controls</em>, and</li>
<li>a shift in who buys the region's gas.</li></ol>
<h3>Trade</h3>
<ul><li><strong>Exports</strong> rose in volume but not in value.</li>
<li><strong>Imports</strong> from the European Union fell.</li></ul>
<blockquote><p>Neutrality is a method of choosing, not an absence of choice.</p></blockquote>
<h4>What to watch</h4>
<p>Whether the next budget protects spending on energy security.</p>
"""


WIDE_TABLE_BODY = """
<p>Cargo through the Middle Corridor, in thousands of tonnes a year:</p>
<table><tbody>
<tr><th>Route</th><th>2019</th><th>2020</th><th>2021</th><th>2022</th><th>2023</th>
<th>2024</th><th>Change since 2019</th></tr>
<tr><td>Aktau–Baku ferries</td><td>1,020</td><td>1,140</td><td>1,310</td><td>1,980</td>
<td>2,760</td><td>3,240</td><td>+218 per cent</td></tr>
<tr><td>Kuryk–Alat ferries</td><td>410</td><td>460</td><td>520</td><td>890</td>
<td>1,350</td><td>1,610</td><td>+293 per cent</td></tr>
</tbody></table>
<p>Volumes tripled, but from a low base.</p>
"""


def publish_now(editor, **fields):
    """A brief an editor published with "Publish now": its time has a fraction of a second."""
    brief = BriefFactory(draft=True, **fields)
    workflow.move(brief, Brief.Status.PUBLISHED, by=editor)
    return brief


def publish_translation(original_slug, *, slug, title, dek):
    """A public Russian translation of the brief at ``original_slug``: its own title and
    summary, the original's body, key points, notes, hero, filing and place in its series
    (what the page tests look at is the page's structure in Russian)."""
    original = Brief.objects.get(slug=original_slug)
    return BriefFactory(
        title=title,
        slug=slug,
        dek=dek,
        language="ru",
        translation_of=original,
        kind=original.kind,
        body=original.body,
        notes=original.notes,
        key_points=original.key_points,
        key_points_label=original.key_points_label,
        hero=original.hero,
        series=original.series,
        series_position=original.series_position,
        publish_at=original.publish_at,
        authors=original.ordered_authors,
        countries=list(original.countries.all()),
        themes=[theme.name for theme in original.themes.all()],
    )


def publish_reading_room():
    """The demo content, two briefs published just now, enough standalone briefs to give
    the archive a second page, and two Russian translations. The brief in a series has its
    PDFs, so its page shows their links (their records only: the page does not read the
    files, and WeasyPrint would cost seconds per page checked)."""
    call_command("load_demo", stdout=StringIO())
    publish_translation(
        "kazakhstan-careful-distance",
        slug=RUSSIAN_SERIES_BRIEF,
        title="Осторожная дистанция Казахстана от войны Москвы",
        dek="Казахстан не поддержал войну России и не признал аннексий, но по-прежнему "
        "связан с Москвой трубопроводами, длинной границей и общими институтами.",
    )
    publish_translation(
        FULL_BODY_BRIEF,
        slug=RUSSIAN_FULL_BODY_BRIEF,
        title="Зерно через Чёрное море: украинский коридор после сделки",
        dek="Когда Россия вышла из Черноморской зерновой инициативы, многие ждали обвала "
        "морского экспорта Украины. Вместо этого коридор вдоль западного побережья "
        "перевёз больше, чем сделка.",
    )
    printed = Brief.objects.get(slug=SERIES_BRIEF)
    for paper in BriefPdf.Paper:
        BriefPdf.objects.create(
            brief=printed,
            paper=paper,
            file_name=f"pdfs/{SERIES_BRIEF}-{paper}.pdf",
            pages=4,
            size=37_000,
            source=paper,
            made_at=timezone.now(),
        )
    editor = UserFactory(username="reading-room-editor", group="Editors")
    caspian = list(Country.objects.filter(code__in=["AZ", "KZ"]))
    analyst = Author.objects.get(slug="leyla-hasanova")
    for title, slug, body in [
        ("Ferries, not pipelines: the Caspian's new trade", "caspian-ferries", ARCHIVE_BODY),
        ("Caspian transit in figures", PUBLISHED_NOW_BRIEF, WIDE_TABLE_BODY),
    ]:
        publish_now(
            editor,
            title=title,
            slug=slug,
            body=body,
            authors=[analyst],
            countries=caspian,
            themes=["energy security", "trade"],
        )
    missing = settings.BRIEFS_PER_PAGE + 5 - Brief.objects.published().count()
    author = Author.objects.get(slug="timur-abenov")
    countries = list(Country.objects.filter(code__in=["KZ", "UZ"]))
    oldest = timezone.now() - timedelta(days=400)
    for number in range(missing):
        BriefFactory(
            title=f"Trade corridors after sanctions: note {number + 1}",
            dek="How Central Asian governments weigh new routes against old dependencies.",
            body=ARCHIVE_BODY,
            publish_at=oldest - timedelta(days=7 * number),
            authors=[author],
            countries=countries,
            themes=["trade"],
        )
