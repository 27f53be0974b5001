"""The editors' coverage page: public briefs per region, country and theme, gaps, CSV."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from briefs.editorial.coverage import CoverageFilters, coverage
from briefs.models import Brief
from countries.models import Country, Region
from tests.factories import AuthorFactory, BriefFactory, CountryFactory
from tests.query_counts import assert_query_budget

pytestmark = pytest.mark.django_db

URL = reverse("admin:briefs_coverage")
# The page's own reads (authors, regions, countries, five aggregates) plus the admin's
# session and user; the same for 1 brief or 50.
COVERAGE_MAX_QUERIES = 14


def ago(days):
    return timezone.now() - timedelta(days=days)


def country(code):
    return Country.objects.get(code=code)


def page(client, **query):
    response = client.get(URL, query)
    assert response.status_code == 200, response.content[:500]
    return response.context["coverage"]


def row(coverage, label):
    """The counts of the country (or region total) called ``label``."""
    for region in coverage.regions:
        for counts in [region.totals, *region.countries]:
            if counts.label == label:
                return counts
    raise AssertionError(f"no row {label}")


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_counts_each_window_and_the_latest_date_from_public_briefs_only(editor_client):
    """3/12/36-month counts and the latest publish time; drafts, review, scheduled unseen."""
    az = country("AZ")
    newest = BriefFactory(countries=[az], publish_at=ago(10))
    BriefFactory(countries=[az], publish_at=ago(200))
    BriefFactory(countries=[az], publish_at=ago(800))
    BriefFactory(countries=[az], publish_at=ago(1200))  # older than 36 months
    BriefFactory(countries=[az], draft=True)
    BriefFactory(countries=[az], in_review=True)
    BriefFactory(countries=[az], scheduled=True)
    BriefFactory(countries=[az], publish_at=ago(1), status=Brief.Status.DRAFT)

    coverage = page(editor_client)
    azerbaijan = row(coverage, "Azerbaijan")
    assert azerbaijan.in_windows == [1, 2, 3]
    assert azerbaijan.latest == newest.publish_at
    assert not azerbaijan.is_gap
    assert row(coverage, "South Caucasus").in_windows == [1, 2, 3]
    assert coverage.overall.in_windows == [1, 2, 3]


def test_a_brief_on_two_countries_counts_for_each_and_once_for_their_region(editor_client):
    """Region and overall totals are distinct briefs, not the sum of the country rows."""
    BriefFactory(countries=[country("AM"), country("GE")], publish_at=ago(5))
    BriefFactory(countries=[country("GE"), country("UA")], publish_at=ago(5))

    coverage = page(editor_client)
    assert row(coverage, "Armenia").in_windows == [1, 1, 1]
    assert row(coverage, "Georgia").in_windows == [2, 2, 2]
    assert row(coverage, "South Caucasus").in_windows == [2, 2, 2]
    assert row(coverage, "Eastern Europe").in_windows == [1, 1, 1]
    assert coverage.overall.in_windows == [2, 2, 2]


def test_countries_silent_for_twelve_months_are_flagged_in_words(editor_client):
    """A gap is said in the row's text and listed at the top, not shown by colour alone."""
    BriefFactory(countries=[country("AZ")], publish_at=ago(30))
    BriefFactory(countries=[country("GE")], publish_at=ago(400))  # 13 months ago: a gap

    response = editor_client.get(URL)
    coverage = response.context["coverage"]
    gaps = {counts.label for counts in coverage.gaps}
    assert "Georgia" in gaps and "Armenia" in gaps and "Azerbaijan" not in gaps
    html = response.content.decode()
    georgia = html[html.index("Georgia\n") - 200 : html.index("Georgia\n") + 200]
    assert 'class="coverage-gap"' in georgia and "Gap: none in 12 months" in georgia
    azerbaijan = html[html.index("Azerbaijan\n") - 200 : html.index("Azerbaijan\n") + 200]
    assert "coverage-gap" not in azerbaijan
    summary = html[html.index('id="coverage-gaps"') :].split("</p>")[0]
    assert "Georgia" in summary and "Azerbaijan" not in summary


def test_countries_outside_regions_are_listed_only_once_they_have_a_public_brief(editor_client):
    """The ISO list is long: a regionless country shows up when it has something to count."""
    BriefFactory(countries=[country("FR")], publish_at=ago(3))
    BriefFactory(countries=[country("DE")], draft=True)

    coverage = page(editor_client)
    no_region = coverage.regions[-1]
    assert no_region.totals.label == "No region"
    assert [counts.label for counts in no_region.countries] == ["France"]
    listed = {counts.label for region in coverage.regions for counts in region.countries}
    assert "Germany" not in listed and "Armenia" in listed


def test_themes_by_regions_counts_briefs_in_the_chosen_period(editor_client):
    """Each theme × region cell counts distinct public briefs of the period; empty regions
    are columns too, and a brief without themes is counted under "No theme"."""
    BriefFactory(countries=[country("AM"), country("GE")], themes=["energy"], publish_at=ago(10))
    BriefFactory(countries=[country("KZ")], themes=["energy", "trade"], publish_at=ago(20))
    BriefFactory(countries=[country("KZ")], themes=["trade"], publish_at=ago(500))
    BriefFactory(countries=[country("KZ")], themes=["trade"], draft=True)
    BriefFactory(countries=[country("FR")], publish_at=ago(15))

    response = editor_client.get(URL)
    coverage = response.context["coverage"]
    assert coverage.period == 12
    assert response.context["filters"]["period"].value() == "12"  # what the form shows
    assert coverage.columns[-1] == "No region"
    assert set(Region.objects.values_list("name", flat=True)) == set(coverage.columns[:-1])
    table = {r.label: dict(zip(coverage.columns, r.cells, strict=True)) for r in coverage.themes}
    totals = {r.label: r.total for r in coverage.themes}
    assert list(table) == ["energy", "trade", "No theme"]
    assert table["energy"]["South Caucasus"] == 1
    assert table["energy"]["Central Asia"] == 1
    assert table["energy"]["Baltic States"] == 0
    assert table["trade"]["Central Asia"] == 1
    assert table["No theme"]["No region"] == 1
    assert totals == {"energy": 2, "trade": 1, "No theme": 1}

    longer = page(editor_client, period="36")
    trade = next(r for r in longer.themes if r.label == "trade")
    assert trade.total == 2


def test_author_filter_counts_only_that_authors_briefs(editor_client):
    """Every table narrows to the briefs the chosen author is credited on."""
    writer = AuthorFactory(name="Nino Beridze")
    BriefFactory(countries=[country("GE")], authors=[writer], publish_at=ago(5))
    BriefFactory(countries=[country("GE")], publish_at=ago(5))
    BriefFactory(countries=[country("AZ")], publish_at=ago(5))

    coverage = page(editor_client, author=str(writer.pk))
    assert row(coverage, "Georgia").in_windows == [1, 1, 1]
    assert row(coverage, "Azerbaijan").in_windows == [0, 0, 0]
    assert coverage.overall.in_windows == [1, 1, 1]
    assert page(editor_client).overall.in_windows == [3, 3, 3]


@pytest.mark.parametrize(
    "query",
    [{"author": "abc"}, {"author": "999999"}, {"period": "7"}, {"period": "<script>"}],
    ids=["author-not-a-number", "author-unknown", "period-not-offered", "period-markup"],
)
def test_bad_filters_get_a_400_with_the_form_error(editor_client, query):
    """The form says what is wrong; no table is drawn from a filter that did not parse."""
    response = editor_client.get(URL, query)
    assert response.status_code == 400
    assert response.context["coverage"] is None
    assert b"errornote" in response.content
    assert b"<script>" not in response.content


def test_bad_downloads_get_a_400(editor_client):
    """An unknown table or a bad filter on a download is refused in words, not a 500."""
    response = editor_client.get(URL, {"download": "everything"})
    assert response.status_code == 400
    assert b"Unknown download" in response.content
    response = editor_client.get(URL, {"download": "countries", "author": "x"})
    assert response.status_code == 400
    assert b"Bad filters" in response.content


def test_countries_csv_has_every_row_of_the_page(editor_client):
    """Region totals and countries, windows, latest date and the gap flag, as a file."""
    brief = BriefFactory(countries=[country("AM")], publish_at=ago(40))

    response = editor_client.get(URL, {"download": "countries"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="coverage-countries-')
    assert "no-store" in response["Cache-Control"]
    rows = csv_rows(response)
    assert rows[0][:3] == ["region", "country", "code"]
    assert rows[0][-1] == "gap (12 mo)"
    latest = timezone.localdate(brief.publish_at).isoformat()
    assert ["South Caucasus", "", "", "1", "1", "1", latest, "no"] in rows
    assert ["South Caucasus", "Armenia", "AM", "1", "1", "1", latest, "no"] in rows
    assert ["South Caucasus", "Georgia", "GE", "0", "0", "0", "", "yes"] in rows


def test_csv_neutralises_cells_a_spreadsheet_would_run_as_formulas(editor_client):
    """Names typed by staff (a country, a region, a theme) cannot become formulas."""
    region = Region.objects.create(name="=HYPERLINK(1)", slug="formula-region")
    sneaky = CountryFactory(name="@SUM(A1)", region=region)
    BriefFactory(countries=[sneaky], themes=["+cmd|' /C calc'!A0"], publish_at=ago(2))

    tabbed = CountryFactory(name="\t=1+2", region=region)
    BriefFactory(countries=[tabbed], publish_at=ago(2))

    countries = csv_rows(editor_client.get(URL, {"download": "countries"}))
    assert ["'=HYPERLINK(1)", "'@SUM(A1)", sneaky.code] in [line[:3] for line in countries]
    assert ["'=HYPERLINK(1)", "'\t=1+2", tabbed.code] in [line[:3] for line in countries]
    themes = csv_rows(editor_client.get(URL, {"download": "themes"}))
    assert "'=HYPERLINK(1)" in themes[0]
    cells = [cell for line in themes for cell in line]
    assert not [cell for cell in cells if cell and cell[0] in "=+@\t\r"]
    assert any(cell.startswith("'+cmd") for cell in cells)


def test_themes_csv_matches_the_table(editor_client):
    BriefFactory(countries=[country("UA")], themes=["energy"], publish_at=ago(3))

    rows = csv_rows(editor_client.get(URL, {"download": "themes", "period": "3"}))
    header = rows[0]
    assert header[0] == "theme (last 3 months)" and header[-1] == "all"
    energy = dict(zip(header, rows[1], strict=True))
    assert energy["theme (last 3 months)"] == "energy"
    assert energy["Eastern Europe"] == "1" and energy["Central Asia"] == "0"
    assert energy["all"] == "1"


def test_contributors_get_403_and_no_link(client, contributor, editor):
    """Planning coverage is the editors' job: contributors can neither open nor find it."""
    index = reverse("admin:index")
    client.force_login(editor)
    assert URL.encode() in client.get(index).content
    assert client.get(URL).status_code == 200

    client.force_login(contributor)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"download": "countries"}).status_code == 403
    desk = client.get(index)
    assert b"Editorial desk" in desk.content and URL.encode() not in desk.content

    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_counts_follow_raw_writes_and_the_clock_at_once(editor_client):
    """Nothing is kept: an unpublish by raw UPDATE and a scheduled brief falling due show
    on the next request."""
    shown = BriefFactory(countries=[country("MD")], publish_at=ago(3))
    due = BriefFactory(countries=[country("MD")], publish_at=timezone.now() + timedelta(hours=1))
    assert row(page(editor_client), "Moldova").in_windows == [1, 1, 1]

    Brief.objects.filter(pk=shown.pk).update(status=Brief.Status.DRAFT)
    assert row(page(editor_client), "Moldova").in_windows == [0, 0, 0]

    Brief.objects.filter(pk=due.pk).update(publish_at=ago(0.01))
    assert row(page(editor_client), "Moldova").in_windows == [1, 1, 1]


def test_query_count_is_fixed_whatever_the_archive(editor_client):
    """1 brief or 50 over many countries, themes and authors: the same queries."""
    BriefFactory(countries=[country("AZ")], themes=["energy"])
    editor_client.get(URL)  # fills per-process caches (content types, session)

    codes = ["AM", "GE", "KZ", "UA", "FR", "TR", "EE"]

    def add_rows():
        for n in range(49):
            BriefFactory(
                countries=[country(codes[n % 7]), country(codes[(n + 3) % 7])],
                themes=[f"theme {n % 9}", "energy"],
                publish_at=ago(n * 25 + 1),
            )

    def action():
        response = editor_client.get(URL, {"author": ""})
        assert response.status_code == 200
        return response

    response = assert_query_budget(action, add_rows, COVERAGE_MAX_QUERIES)
    assert response.context["coverage"].overall.in_windows[-1] > 1


def test_query_count_with_an_author_filter_is_fixed_too(editor_client):
    """The filter adds its one look-up, not one per brief."""
    writer = AuthorFactory()
    BriefFactory(authors=[writer])
    editor_client.get(URL, {"author": writer.pk})

    def add_rows():
        for _ in range(20):
            BriefFactory(authors=[writer], countries=[country("TJ")], themes=["water"])

    assert_query_budget(
        lambda: editor_client.get(URL, {"author": writer.pk}),
        add_rows,
        COVERAGE_MAX_QUERIES + 1,
    )


def test_windows_are_calendar_months_back_from_now_inclusive():
    """On 31 March the 3 months start on 31 December at the same time; a brief published
    at that moment counts, one a second earlier does not."""
    now = datetime(2027, 3, 31, 12, 0, tzinfo=UTC)
    start = datetime(2026, 12, 31, 12, 0, tzinfo=UTC)
    with time_machine.travel(now + timedelta(minutes=1), tick=False):
        BriefFactory(countries=[country("TM")], publish_at=start)
        BriefFactory(countries=[country("TM")], publish_at=start - timedelta(seconds=1))
        filters = CoverageFilters({})
        assert filters.is_valid()
        numbers = coverage(filters, now=now)
    assert row(numbers, "Turkmenistan").in_windows == [1, 2, 2]


def test_language_filter_counts_only_that_languages_briefs(editor_client):
    """Russian counts the Russian briefs; all languages (empty) counts every one."""
    BriefFactory(countries=[country("GE")], publish_at=ago(10))
    BriefFactory(countries=[country("GE")], publish_at=ago(20), language="ru", slug="ge-ru")
    assert row(page(editor_client, language="ru"), "Georgia").in_windows == [1, 1, 1]
    assert row(page(editor_client, language="en-gb"), "Georgia").in_windows == [1, 1, 1]
    assert row(page(editor_client, language=""), "Georgia").in_windows == [2, 2, 2]
    response = editor_client.get(URL, {"language": "ru", "download": "countries"})
    georgia = next(line for line in csv_rows(response) if line[1] == "Georgia")
    assert georgia[3:6] == ["1", "1", "1"]


def test_an_unknown_language_gets_a_400_with_the_form_error(editor_client):
    """A language the site does not have is refused in words, as the other filters are."""
    response = editor_client.get(URL, {"language": "xx"})
    assert response.status_code == 400
    assert response.context["coverage"] is None
    assert b"errornote" in response.content


def test_query_count_with_a_language_filter_is_fixed_too(editor_client):
    """The language is a column of the brief: no query of its own."""
    BriefFactory(language="ru")
    editor_client.get(URL, {"language": "ru"})

    def add_rows():
        for n in range(20):
            BriefFactory(language="ru", countries=[country("TJ")], themes=[f"water {n}"])

    response = assert_query_budget(
        lambda: editor_client.get(URL, {"language": "ru"}), add_rows, COVERAGE_MAX_QUERIES
    )
    assert response.context["coverage"].overall.in_windows[-1] == 21


def test_an_editor_who_chose_russian_reads_the_coverage_page_in_russian(editor_client):
    """Headings, filters and the gap sentence of the page are in the editor's language."""
    BriefFactory(countries=[country("GE")])
    editor_client.cookies["django_language"] = "ru"
    html = editor_client.get(URL).content.decode()
    assert "Охват: где пробелы" in html
    assert "Регионы и страны" in html
    assert "Все языки" in html and "Все авторы" in html
    assert "нет опубликованных записок за последние 12 мес." in html
    assert "Coverage: see the gaps" not in html
