"""The editors' coverage page: where the public archive is thin, by place and by theme.

For each region and each country it counts the public briefs of the last 3, 12 and 36
calendar months and gives the date of the latest; a country with nothing in 12 months is
a gap. A second table crosses themes with regions. Both tables download as CSV.

Only public briefs count, read through ``Brief.objects.published()``, and only editors
may see the page (contributors meet a 403 and are shown no link). Every number is
aggregated by the database in grouped queries with conditional counts, so the page runs
the same few queries for 10 briefs or 100,000. Region and theme totals count each brief
once (``distinct``): a brief on Armenia and Georgia is one brief for the South Caucasus.

Countries in a region are always listed, so a region's silent country shows as a gap;
a country outside every region is listed only once it has a public brief.
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from defusedcsv import csv
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from briefs.editorial import workflow
from briefs.editorial.language_filter import LanguageFilterField
from briefs.models import Author, Brief, BriefKind
from countries.models import Country, Region

WINDOWS = (3, 12, 36)  # months; the gap rule reads the middle one
GAP_MONTHS = 12
DOWNLOADS = ("countries", "themes")


def may_see(user):
    """Editors (and administrators) plan coverage; contributors do not."""
    return user.is_active and user.is_staff and workflow.is_editor(user)


class CoverageFilters(forms.Form):
    """What an editor narrows the counts to. Each field is applied by ``narrow()``."""

    type = forms.ModelChoiceField(
        BriefKind.objects.order_by("order", "name"),
        required=False,
        to_field_name="slug",
        label=gettext_lazy("Type"),
        empty_label=gettext_lazy("All types"),
        help_text=gettext_lazy("Count only items of this type (briefs, commentaries, reports…)."),
    )

    language = LanguageFilterField(
        help_text=gettext_lazy("Count only the briefs written in this language.")
    )
    author = forms.ModelChoiceField(
        Author.objects.only("pk", "name").order_by("name", "pk"),
        required=False,
        label=gettext_lazy("Author"),
        empty_label=gettext_lazy("All authors"),
        help_text=gettext_lazy("Count only the briefs this author is credited on."),
    )
    period = forms.TypedChoiceField(
        label=gettext_lazy("Themes × regions over"),
        choices=[
            (3, gettext_lazy("the last 3 months")),
            (12, gettext_lazy("the last 12 months")),
            (36, gettext_lazy("the last 36 months")),
        ],
        coerce=int,
        required=False,
        empty_value=GAP_MONTHS,
    )

    def narrow(self, briefs):
        kind = self.cleaned_data.get("type")
        if kind is not None:
            briefs = briefs.filter(kind=kind)
        language = self.cleaned_data.get("language")
        if language:
            briefs = briefs.filter(language=language)
        author = self.cleaned_data.get("author")
        if author is not None:
            briefs = briefs.filter(byline__author=author)
        return briefs


@dataclass
class Counts:
    """Public briefs of one row: per window (months -> count) and the latest time."""

    label: str
    windows: dict = field(default_factory=lambda: dict.fromkeys(WINDOWS, 0))
    latest: datetime.datetime | None = None
    code: str = ""

    @property
    def in_windows(self):
        return [self.windows[months] for months in WINDOWS]

    @property
    def is_gap(self):
        return self.windows[GAP_MONTHS] == 0


@dataclass
class RegionCoverage:
    totals: Counts
    countries: list

    @property
    def gaps(self):
        return [country for country in self.countries if country.is_gap]


@dataclass
class ThemeRow:
    label: str
    cells: list  # one count per column of ``Coverage.columns``
    total: int


@dataclass
class Coverage:
    now: datetime.datetime
    regions: list  # RegionCoverage, by region name, "No region" last
    overall: Counts
    columns: list  # region names of the themes table
    themes: list  # ThemeRow, by name, "No theme" last
    period: int

    @property
    def gaps(self):
        return [country for region in self.regions for country in region.gaps]


def _window_counts(distinct, since):
    """Aggregates: a count per window and the latest publish time, for ``values()`` groups."""
    counts = {
        f"n{months}": Count("pk", filter=Q(publish_at__gte=since[months]), distinct=distinct)
        for months in WINDOWS
    }
    return {**counts, "latest": Max("publish_at")}


def _counts(label, row, code=""):
    counts = Counts(label, code=code)
    if row:
        counts.windows = {months: row[f"n{months}"] for months in WINDOWS}
        counts.latest = row["latest"]
    return counts


def coverage(filters, now=None):
    """The whole page's numbers, from ``filters`` (a valid ``CoverageFilters``)."""
    now = now or timezone.now()
    briefs = filters.narrow(Brief.objects.published(now))
    since = {months: now - relativedelta(months=months) for months in WINDOWS}
    by_country = {
        row["countries"]: row
        for row in briefs.values("countries").annotate(**_window_counts(False, since))
    }
    by_region = {
        row["countries__region"]: row
        for row in briefs.values("countries__region").annotate(**_window_counts(True, since))
    }
    overall = briefs.aggregate(**_window_counts(True, since))
    region_list = list(Region.objects.all())
    regions = _regions(region_list, by_country, by_region)
    period = filters.cleaned_data.get("period") or GAP_MONTHS
    recent = briefs.filter(publish_at__gte=now - relativedelta(months=period))
    columns, themes = _themes(recent, [region.name for region in region_list])
    return Coverage(now, regions, _counts(_("All regions"), overall), columns, themes, period)


def _regions(regions, by_country, by_region):
    countries = Country.objects.filter(
        Q(region__isnull=False) | Q(pk__in=[pk for pk in by_country if pk is not None])
    ).order_by("name")
    grouped = {}
    for country in countries:
        grouped.setdefault(country.region_id, []).append(
            _counts(country.name, by_country.get(country.pk), country.code)
        )
    named = [(region.pk, region.name) for region in regions]
    if None in grouped:
        named.append((None, _("No region")))
    return [
        RegionCoverage(_counts(name, by_region.get(pk)), grouped[pk])
        for pk, name in named
        if pk in grouped
    ]


def _themes(briefs, region_names):
    """Themes × regions: a brief counts once per theme and region it is filed under.

    Every region is a column, an empty one too; "No region" only when a brief needs it.
    """
    cells = briefs.values("themes__name", "countries__region__name").annotate(
        n=Count("pk", distinct=True)
    )
    totals = {
        row["themes__name"]: row["n"]
        for row in briefs.values("themes__name").annotate(n=Count("pk", distinct=True))
    }
    table, columns = {}, list(region_names)
    for row in cells:
        region = row["countries__region__name"] or _("No region")
        if region not in columns:
            columns.append(region)
        table.setdefault(row["themes__name"], {})[region] = row["n"]
    names = sorted(table, key=lambda name: (name is None, (name or "").casefold()))
    rows = [
        ThemeRow(
            name or _("No theme"),
            [table[name].get(column, 0) for column in columns],
            totals.get(name, 0),
        )
        for name in names
    ]
    return columns, rows


def coverage_view(request, admin_site):
    """The page, or one of its tables as CSV (``?download=countries`` or ``themes``)."""
    if not may_see(request.user):
        raise PermissionDenied
    download = request.GET.get("download")
    if download is not None and download not in DOWNLOADS:
        return HttpResponseBadRequest(_("Unknown download: ask for countries or themes."))
    query = request.GET.copy()
    query.setdefault("period", str(GAP_MONTHS))  # so the form shows the period counted
    filters = CoverageFilters(query)
    valid = filters.is_valid()
    if download is not None:
        if not valid:
            return HttpResponseBadRequest(
                _("Bad filters: %(errors)s") % {"errors": filters.errors.as_text()}
            )
        return _csv(download, coverage(filters))
    context = {
        **admin_site.each_context(request),
        "title": _("Coverage: see the gaps"),
        "filters": filters,
        "coverage": coverage(filters) if valid else None,
        "windows": WINDOWS,
        "gap_months": GAP_MONTHS,
        "downloads": {name: _download_url(request, name) for name in DOWNLOADS},
    }
    return TemplateResponse(request, "admin/coverage.html", context, status=200 if valid else 400)


def _download_url(request, name):
    query = request.GET.copy()
    query["download"] = name
    return f"{reverse('admin:briefs_coverage')}?{query.urlencode()}"


def _csv(download, numbers):
    """A table as CSV; defusedcsv prefixes a cell that a spreadsheet would run as a formula."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate(numbers.now).isoformat()
    response["Content-Disposition"] = f'attachment; filename="coverage-{download}-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    if download == "countries":
        months = [f"public briefs, last {n} months" for n in WINDOWS]
        writer.writerow(["region", "country", "code", *months, "latest", f"gap ({GAP_MONTHS} mo)"])
        for region in numbers.regions:
            for country in [region.totals, *region.countries]:
                writer.writerow(
                    [
                        _text(region.totals.label),
                        "" if country is region.totals else _text(country.label),
                        country.code,
                        *country.in_windows,
                        _local_date(country.latest),
                        "yes" if country.is_gap else "no",
                    ]
                )
    else:
        columns = [_text(column) for column in numbers.columns]
        writer.writerow([f"theme (last {numbers.period} months)", *columns, "all"])
        for row in numbers.themes:
            writer.writerow([_text(row.label), *row.cells, row.total])
    return response


def _text(value):
    """defusedcsv leaves a cell that opens with a tab or a carriage return, which OWASP's
    CSV-injection advice also treats as a formula's start: apostrophe it here."""
    return f"'{value}" if value[:1] in ("\t", "\r") else value


def _local_date(moment):
    return timezone.localdate(moment).isoformat() if moment else ""
