"""Each brief's facet terms, kept in its row by the database, equal its links after any
write by any path; a search's facets tallied from them equal the counts of the link tables."""

import json
from datetime import datetime, timedelta
from urllib.parse import urlencode

import pytest
import reversion
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.utils import timezone
from reversion.models import Version

from briefs.listings.candidate_facets import FACTS, tally, with_facts
from briefs.listings.filters import FACETS, Filters
from briefs.models import Brief, BriefAuthor, ScheduledCount, Theme, ThemedBrief
from briefs.search import engine as search
from countries.models import Country
from tests.factories import AuthorFactory, BriefFactory, CountryFactory, SeriesFactory
from tests.forms import add_published_brief
from tests.services import require_postgresql
from tests.test_published_counts import Archive

pytestmark = pytest.mark.django_db

Filed = Brief.countries.through
# key of facet_terms: (link model, its column naming the brief, its column naming the term)
LINKS = {
    "country": (Filed, "brief_id", "country_id"),
    "theme": (ThemedBrief, "content_object_id", "tag_id"),
    "author": (BriefAuthor, "brief_id", "author_id"),
}
# What each facet was tallied from before the terms were kept: the link tables, by a join.
REFERENCE_LOOKUPS = {
    "country": ("countries__slug", "countries__name"),
    "region": ("countries__region__slug", "countries__region__name"),
    "theme": ("themes__slug", "themes__name"),
    "series": ("series__slug", "series__title"),
    "author": ("byline__author__slug", "byline__author__name"),
    "type": ("kind__slug", "kind__plural_name"),
}
PARAMS = [*REFERENCE_LOOKUPS, "year"]
PARAMS_IN_ORDER = [facet.param for facet in FACETS]


def kept_terms():
    return dict(Brief.objects.values_list("id", "facet_terms"))


def terms_from_links():
    terms = {pk: {key: [] for key in LINKS} for pk in Brief.objects.values_list("id", flat=True)}
    for key, (links, brief, term) in LINKS.items():
        for pk, term_id in links.objects.order_by(term).values_list(brief, term):
            terms[pk][key].append(term_id)
    return terms


def tallied_from_links(briefs):
    """{param: {(value, label): count}} among ``briefs``, joined through the link tables."""
    counts = {}
    for param, lookups in REFERENCE_LOOKUPS.items():
        rows = briefs.order_by().values_list(*lookups).annotate(n=Count("id", distinct=True))
        counts[param] = {(slug, label): n for slug, label, n in rows if slug is not None}
    years = briefs.order_by().values_list(ExtractYear("publish_at")).annotate(n=Count("id"))
    counts["year"] = {(str(year), ""): n for year, n in years}
    return counts


def candidate_rows(briefs):
    """The briefs' rows as a search reads its candidates."""
    return list(with_facts(briefs).values_list(*FACTS))


def as_counts(counted):
    """``tally``'s answer as {param: {(value, label): count}}."""
    return {
        param: {(value, label): n for value, label, n in options}
        for param, options in counted.items()
    }


def assert_terms_are_the_links(step="end"):
    assert kept_terms() == terms_from_links(), step


def assert_tallies_are_the_links(step="end"):
    published = Brief.objects.filter(status=Brief.Status.PUBLISHED)
    counted = as_counts(tally(PARAMS, candidate_rows(published)))
    assert counted == tallied_from_links(published), step


@pytest.fixture
def countries():
    return list(Country.objects.filter(code__in=["AM", "AZ", "GE", "KZ"]).order_by("code"))


def test_random_writes_by_every_path_keep_the_terms_and_the_tallies_exact():
    """Briefs saved, bulk-created, re-filed, re-themed, re-credited, deleted, reloaded from
    a dump and written in plain SQL, terms deleted: after each write the kept terms are the
    links, and the facets tallied from them are the link tables' counts."""
    archive = Archive(seed="facet terms")
    for _ in range(4):
        archive.save_a_new_brief()
    assert_terms_are_the_links("start")
    for step in range(60):
        write = archive.rng.choice(Archive.WRITES)
        write(archive)
        assert_terms_are_the_links(f"step {step}: {write.__name__}")
        assert_tallies_are_the_links(f"step {step}: {write.__name__}")


def test_related_managers_from_either_side(countries):
    """``add``, ``remove``, ``set`` and ``clear`` on the brief's countries, themes and
    authors, and on a country's briefs."""
    armenia, azerbaijan, georgia, kazakhstan = countries
    brief, other = BriefFactory(countries=[armenia]), BriefFactory(countries=[armenia])
    ana, bo = AuthorFactory(), AuthorFactory()
    writes = [
        lambda: brief.countries.add(georgia, kazakhstan),
        lambda: brief.countries.remove(armenia),
        lambda: brief.countries.set([azerbaijan, georgia]),
        lambda: brief.themes.add("trade", "water"),
        lambda: brief.themes.set(["water", "borders"]),
        lambda: brief.themes.remove("water"),
        lambda: brief.authors.add(ana, through_defaults={"position": 2}),
        lambda: brief.authors.set([bo], through_defaults={"position": 3}),
        lambda: brief.authors.remove(bo),
        lambda: kazakhstan.briefs.add(brief, other),
        lambda: armenia.briefs.remove(other),
        lambda: georgia.briefs.clear(),
        lambda: brief.countries.clear(),
        lambda: brief.themes.clear(),
        lambda: other.authors.clear(),
    ]
    for number, write in enumerate(writes):
        write()
        assert_terms_are_the_links(f"write {number}")
    assert kept_terms()[brief.pk] == {"country": [], "theme": [], "author": []}


def test_through_models_bulk_writes_and_deleted_terms(countries):
    """Link rows created in bulk, deleted by a queryset, a byline reordered (no term
    changes), and terms deleted through the ORM, whose links go with them."""
    briefs = [BriefFactory(countries=[countries[0]]) for _ in range(3)]
    author = AuthorFactory()
    BriefAuthor.objects.bulk_create(BriefAuthor(brief=b, author=author, position=9) for b in briefs)
    Filed.objects.bulk_create(Filed(brief=b, country=countries[1]) for b in briefs)
    ThemedBrief.objects.bulk_create(
        ThemedBrief(content_object=b, tag=Theme.objects.get_or_create(name="x", slug="x")[0])
        for b in briefs
    )
    assert_terms_are_the_links("bulk created")
    BriefAuthor.objects.filter(author=author).update(position=1)
    Filed.objects.filter(brief=briefs[0]).delete()
    assert_terms_are_the_links("deleted by a queryset")
    Theme.objects.get(slug="x").delete()
    CountryFactory(code="QX").briefs.add(*briefs)
    Country.objects.get(code="QX").delete()
    assert_terms_are_the_links("terms deleted")


def test_plain_sql_writes_and_a_term_deleted_in_sql(countries):
    """Links inserted, moved and deleted in SQL, and a theme deleted in SQL with its links."""
    brief = BriefFactory(countries=[countries[0]], themes=["trade", "water"])
    trade = Theme.objects.get(slug="trade")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO briefs_brief_countries (brief_id, country_id) VALUES (%s, %s)",
            [brief.pk, countries[1].pk],
        )
        cursor.execute(
            "UPDATE briefs_brief_countries SET country_id = %s WHERE brief_id = %s "
            "AND country_id = %s",
            [countries[2].pk, brief.pk, countries[0].pk],
        )
        assert_terms_are_the_links("inserted and moved")
        cursor.execute("DELETE FROM briefs_themedbrief WHERE tag_id = %s", [trade.pk])
        cursor.execute("DELETE FROM briefs_theme WHERE id = %s", [trade.pk])
    assert_terms_are_the_links("theme deleted")
    assert kept_terms()[brief.pk]["theme"] == [Theme.objects.get(slug="water").pk]


def test_a_saved_value_never_stays(countries):
    """``save()`` of an instance loaded before its links changed, and an update of the
    column itself, leave the links' value."""
    brief = BriefFactory(countries=[countries[0]])
    stale = Brief.objects.get(pk=brief.pk)
    brief.countries.add(countries[1])
    stale.title = "Saved from a stale instance"
    stale.save()
    assert_terms_are_the_links("stale save")
    Brief.objects.filter(pk=brief.pk).update(facet_terms={"country": [1], "theme": [2]})
    assert_terms_are_the_links("column written")


def test_loaddata_with_links_before_their_brief(tmp_path, countries):
    """A fixture may list a brief's links before the brief (constraints are checked at the
    end of the load), and hold any value for its terms: the brief gets its links'."""
    brief = BriefFactory(countries=countries[:2], themes=["trade"], authors=[AuthorFactory()])
    links = [
        *BriefAuthor.objects.filter(brief=brief),
        *ThemedBrief.objects.filter(content_object=brief),
    ]
    rows = json.loads(serializers.serialize("json", [*links, brief]))
    rows[-1]["fields"]["facet_terms"] = {"country": [], "theme": [], "author": []}
    brief.delete()
    fixture = tmp_path / "brief.json"
    fixture.write_text(json.dumps(rows))
    call_command("loaddata", str(fixture), verbosity=0)
    assert_terms_are_the_links()
    assert {key: len(ids) for key, ids in kept_terms()[rows[-1]["pk"]].items()} == {
        "country": 2,
        "theme": 1,
        "author": 1,
    }


def test_admin_save_and_revision_restore(editor_client, countries):
    """A brief added in the admin, then a revision of it restored after its links changed."""
    response = add_published_brief(
        editor_client, countries=[countries[0], countries[1]], themes="trade, water"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    brief = Brief.objects.get(slug="from-the-admin")
    assert_terms_are_the_links("admin add")
    assert len(kept_terms()[brief.pk]["theme"]) == 2

    with reversion.create_revision():
        brief.save()
    brief.countries.set([countries[3]])
    brief.themes.clear()
    BriefAuthor.objects.filter(brief=brief).delete()
    Version.objects.get_for_object(brief).first().revision.revert(delete=True)
    assert_terms_are_the_links("revision restored")
    assert len(kept_terms()[brief.pk]["theme"]) == 2


def test_truncating_a_link_table_empties_every_briefs_terms(countries):
    """On PostgreSQL, TRUNCATE shows a trigger no rows: every brief is written afresh."""
    require_postgresql()
    BriefFactory(countries=countries[:2], themes=["trade"])
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no foreign key checks pending
        cursor.execute("TRUNCATE briefs_themedbrief")
    assert_terms_are_the_links()


def test_tallying_reads_only_the_terms_names_in_one_query(django_assert_num_queries, countries):
    """However many candidates, tallying them reads the slugs and names of their terms in
    one query, and none when they name no term; a term deleted since is left out."""
    series = SeriesFactory(title="Caspian")
    for position in (1, 2):
        BriefFactory(
            countries=countries[:2], themes=["trade"], series=series, series_position=position
        )
    published = Brief.objects.filter(status=Brief.Status.PUBLISHED)
    rows = candidate_rows(published)
    with django_assert_num_queries(1):
        counted = as_counts(tally(PARAMS, rows))
    assert counted == tallied_from_links(published)
    with django_assert_num_queries(0):
        assert tally(["series", "year", "type"], [(1, "s", "S", "t", "Ts", 2024, "{}")]) == {
            "series": [("s", "S", 1)],
            "year": [("2024", "", 1)],
            "type": [("t", "Ts", 1)],
        }
    gone = json.dumps({"country": [countries[0].pk, 0], "theme": [], "author": []})
    with django_assert_num_queries(1):
        counted = tally(["country"], [(1, None, None, "t", "Ts", 2024, gone)])
    assert counted == {"country": [(countries[0].slug, countries[0].name, 1)]}


def test_terms_are_kept_in_the_row():
    """On PostgreSQL the column's storage is PLAIN: a brief's row is over the size at which
    larger values move to the TOAST table, and a search reads the terms of every candidate."""
    require_postgresql()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'briefs_brief'::regclass AND attname = 'facet_terms'"
        )
        assert cursor.fetchone()[0] == "p"


@pytest.mark.parametrize(
    "chosen",
    [
        {},
        {"country": "kazakhstan"},
        {"region": "central-asia", "theme": "trade"},
        {"series": "caspian", "author": "ana", "year": "2024"},
    ],
)
def test_every_facet_of_a_search_counts_what_the_link_tables_count(settings, chosen):
    """Among a capped search's candidates, and for each chosen facet among the newest
    matches of the other filters, every option counts what the link tables count."""
    settings.SEARCH_CANDIDATES = 4
    kazakhstan, uzbekistan, georgia = (Country.objects.get(code=c) for c in ("KZ", "UZ", "GE"))
    ana, bo = AuthorFactory(name="Ana", slug="ana"), AuthorFactory(name="Bo", slug="bo")
    caspian = SeriesFactory(title="Caspian", slug="caspian")
    for number, (countries, themes, authors) in enumerate(
        [
            ([kazakhstan, uzbekistan], ["trade"], [ana]),
            ([kazakhstan], ["trade", "water"], [ana, bo]),
            ([uzbekistan, georgia], ["water"], [bo]),
            ([georgia], ["trade"], [ana]),
            ([kazakhstan, georgia], ["borders"], [bo]),
            ([uzbekistan], ["trade", "borders"], [ana]),
            ([kazakhstan], ["water"], [ana]),
        ]
    ):
        BriefFactory(
            title=f"Grain {number}",
            publish_at=timezone.make_aware(datetime(2023 + number % 2, 5, 1 + number)),
            countries=countries,
            themes=themes,
            authors=authors,
            series=caspian if number % 3 else None,
            series_position=number if number % 3 else None,
        )
    engine, query = search.backend(), search.parse("grain")
    filters = Filters(QueryDict(urlencode(chosen)))
    assert filters.selected == chosen
    matches = engine.matching(Brief.objects.published(), query)
    hits = search.newest_ranked(engine, filters.apply(matches), query, 4)
    counted = dict(zip(PARAMS_IN_ORDER, filters.count(matches, candidates=hits), strict=True))
    candidates = Brief.objects.filter(id__in=hits.ids)
    for facet in FACETS:
        if facet.param in chosen:
            newest = filters.apply(matches, leave_out=facet).order_by("-publish_at", "-id")
            rows = facet.counts(newest.values("id")[:4])
            expected = {(r["value"], r["label"]): r["count"] for r in rows if r["value"]}
        else:
            expected = tallied_from_links(candidates)[facet.param]
        if facet.param == "year":  # an option of the year facet is labelled by its year
            expected = {(value, value): n for (value, _), n in expected.items()}
        options = {(option.value, option.label): option.count for option in counted[facet.param]}
        assert options == expected, facet.param


def recounts(write):
    """How the scheduled counts were counted during ``write()``: the gap between the ids of
    their rows after and before (each count writes them all anew): 1 for once, 0 or less
    for not at all, more for several times."""
    before = ScheduledCount.objects.values_list("id", flat=True)
    highest = max(before)
    write()
    return min(ScheduledCount.objects.values_list("id", flat=True)) - highest


def test_a_scheduled_brief_is_counted_afresh_once_and_only_when_its_counts_change(countries):
    """Writing a scheduled brief's terms writes its row: the scheduled briefs are counted
    afresh once (by the link's trigger), not again for the row; an update of its title
    counts nothing, one of its publish time counts again."""
    brief = BriefFactory(scheduled=True, countries=countries[:1], themes=["trade"])
    briefs = Brief.objects.filter(pk=brief.pk)
    assert recounts(lambda: brief.countries.add(countries[1])) == 1
    assert recounts(lambda: brief.themes.add("water")) == 1
    assert recounts(lambda: briefs.update(title="Retitled")) <= 0
    assert recounts(lambda: briefs.update(publish_at=F("publish_at") + timedelta(hours=1))) == 1
