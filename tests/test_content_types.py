"""Content types: chosen per item, shown, filtered with kept counts, mapped to schema.org,
and each under its own address prefix while every other address redirects to it."""

import json
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from briefs.caching import generation
from briefs.listings.filters import FACETS, archive_counts
from briefs.listings.public_counts import public_counts
from briefs.models import Brief, BriefKind, FormerPrefix, OldSlug
from tests.caching import caches_on
from tests.factories import BriefFactory, UserFactory
from tests.query_counts import PUBLIC_PAGE_MAX_QUERIES, assert_query_budget

pytestmark = pytest.mark.django_db

API = "/api/v1"
SITE = settings.SITE_URL.rstrip("/")
TYPE = [facet.param for facet in FACETS].index("type")


def kind(slug):
    return BriefKind.objects.get(slug=slug)


def type_options(counted):
    return {option.value: option.count for option in counted[TYPE]}


def test_the_migration_makes_brief_commentary_and_report_and_brief_is_the_default():
    """Three types come with every database; an item made without one is a Brief."""
    assert list(BriefKind.objects.values_list("slug", "prefix", "schema_type")) == [
        ("brief", "briefs", "Report"),
        ("commentary", "commentary", "OpinionNewsArticle"),
        ("report", "reports", "Report"),
    ]
    assert BriefFactory().kind.slug == "brief"
    assert Brief().kind_id == kind("brief").pk


def test_the_add_form_has_the_default_type_chosen(client):
    """An editor adding a brief need not touch the type: Brief is already chosen."""
    client.force_login(UserFactory(username="editor", group="Editors"))
    html = client.get(reverse("admin:briefs_brief_add")).content.decode()
    brief = kind("brief").pk
    assert re.search(rf'<input type="radio" name="kind" value="{brief}"[^>]* checked>', html)


def test_a_commentary_lives_under_its_prefix_with_its_label_and_schema_type(client):
    """/commentary/<slug>/ is the page; it says "Commentary" and is an OpinionNewsArticle."""
    brief = BriefFactory(slug="on-neutrality", kind=kind("commentary"))
    assert brief.get_absolute_url() == "/commentary/on-neutrality/"
    response = client.get("/commentary/on-neutrality/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="brief__type">Commentary</span>' in html
    assert re.search(r'<link rel="canonical" href="[^"]+/commentary/on-neutrality/">', html)
    ld = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert json.loads(ld)["@type"] == "OpinionNewsArticle"


def test_cards_show_the_type_and_link_to_the_typed_address(client):
    """The archive's card names the type and links to the canonical address."""
    BriefFactory(slug="the-report", kind=kind("report"))
    html = client.get(reverse("briefs:brief-list")).content.decode()
    assert '<span class="card__type">Report</span>' in html
    assert 'href="/reports/the-report/"' in html


@pytest.mark.parametrize(
    "address",
    [
        "/briefs/on-neutrality/",  # the historic address
        "/reports/on-neutrality/",  # another type's prefix
        "/commentary/old-name/",  # a former slug
        "/briefs/old-name/",  # both
    ],
)
def test_every_other_address_redirects_permanently_in_one_hop(client, address):
    """Another type's prefix, the old /briefs/ form and old slugs land on the canonical
    address, query string kept."""
    brief = BriefFactory(slug="on-neutrality", kind=kind("commentary"))
    OldSlug.objects.create(slug="old-name", brief=brief)
    response = client.get(f"{address}?utm_source=x")
    assert response.status_code == 301
    assert response["Location"] == "/commentary/on-neutrality/?utm_source=x"


def test_a_prefix_no_type_has_or_had_is_404(client):
    """/anything/<slug>/ is not an address of the brief."""
    BriefFactory(slug="on-neutrality", kind=kind("commentary"))
    assert client.get("/opinion/on-neutrality/").status_code == 404


def test_changing_a_brief_type_keeps_its_old_address(client):
    """A brief moved from Brief to Report answers at /reports/…/ and redirects from /briefs/…/."""
    brief = BriefFactory(slug="moved")
    assert client.get("/briefs/moved/").status_code == 200
    brief.kind = kind("report")
    brief.save()
    assert client.get("/reports/moved/").status_code == 200
    assert client.get("/briefs/moved/")["Location"] == "/reports/moved/"


def test_changing_a_prefix_keeps_the_old_one_as_a_redirect(client):
    """Commentary moved to /opinion/: /commentary/… redirects; taking the prefix back makes
    it an address again, not a redirect."""
    BriefFactory(slug="on-neutrality", kind=kind("commentary"))
    commentary = kind("commentary")
    commentary.prefix = "opinion"
    commentary.save()
    assert client.get("/opinion/on-neutrality/").status_code == 200
    assert client.get("/commentary/on-neutrality/")["Location"] == "/opinion/on-neutrality/"
    commentary.prefix = "commentary"
    commentary.save()
    assert list(FormerPrefix.objects.values_list("prefix", flat=True)) == ["opinion"]
    assert client.get("/commentary/on-neutrality/").status_code == 200
    assert client.get("/opinion/on-neutrality/")["Location"] == "/commentary/on-neutrality/"


@pytest.mark.parametrize(
    "prefix", ["admin", "api", "countries", "search", "static", "media", "feed", "alerts", "ru"]
)
def test_a_prefix_another_address_uses_is_a_form_error(prefix):
    """A prefix that would be shadowed by another address, or shadow the files, is refused."""
    new = BriefKind(name="Analysis", plural_name="Analyses", slug="analysis", prefix=prefix)
    with pytest.raises(ValidationError) as refused:
        new.full_clean()
    assert "prefix" in refused.value.message_dict


def test_the_admin_refuses_a_clashing_prefix_and_adds_a_good_one(admin_client):
    """An administrator adds a type in the admin; a clashing prefix is reported at the field."""
    url = reverse("admin:briefs_briefkind_add")
    form = {
        "name": "Analysis",
        "plural_name": "Analyses",
        "slug": "analysis",
        "schema_type": "AnalysisNewsArticle",
        "order": 5,
    }
    refused = admin_client.post(url, {**form, "prefix": "countries"})
    assert refused.status_code == 200
    assert "/countries/ is already another address" in refused.content.decode()
    assert admin_client.post(url, {**form, "prefix": "analysis"}).status_code == 302
    assert BriefFactory(kind=kind("analysis"), slug="x").get_absolute_url() == "/analysis/x/"


def test_type_facet_counts_public_briefs_only_and_narrows(client):
    """The archive counts each type among public briefs only; ?type= narrows the list."""
    BriefFactory.create_batch(2, kind=kind("commentary"))
    BriefFactory(kind=kind("report"))
    BriefFactory(kind=kind("report"), draft=True)
    BriefFactory(kind=kind("report"), scheduled=True)
    assert type_options(archive_counts()) == {"commentary": 2, "report": 1}
    response = client.get(reverse("briefs:brief-list"), {"type": "commentary"})
    assert response.context["paginator"].count == 2
    options = response.context["facets"][TYPE].options
    assert [(o.value, o.count, o.selected) for o in options] == [
        ("commentary", 2, True),
        ("report", 1, False),
    ]
    assert "Commentaries" in response.content.decode()


def test_type_counts_stay_exact_after_a_raw_update_and_when_a_schedule_comes(time_machine):
    """Counts kept by the database follow an ``update()`` that no Python code sees, and a
    scheduled commentary is counted once its time comes."""
    briefs = BriefFactory.create_batch(3)
    BriefFactory(kind=kind("commentary"), scheduled=True)
    Brief.objects.filter(pk__in=[briefs[0].pk, briefs[1].pk]).update(kind=kind("report"))
    report, brief, commentary = kind("report").pk, kind("brief").pk, kind("commentary").pk
    assert public_counts([FACETS[TYPE]])["type"] == {report: 2, brief: 1}
    time_machine.move_to(timezone.now() + timedelta(days=2))
    assert public_counts([FACETS[TYPE]])["type"] == {report: 2, brief: 1, commentary: 1}


def test_an_unknown_or_hidden_only_type_is_ignored_not_an_error(client):
    """?type= naming no type, or one only hidden briefs have, is reported and not applied."""
    BriefFactory()
    BriefFactory(kind=kind("report"), draft=True)
    for value in ("report", "nonsense", "<script>"):
        response = client.get(reverse("briefs:brief-list"), {"type": value})
        assert response.status_code == 200
        assert response.context["filters"].ignored == ["type"]


def test_search_counts_and_filters_by_type(client):
    """A search's facets count types among its hits and ?type= narrows them."""
    BriefFactory(title="Neutrality in the Caucasus", kind=kind("commentary"))
    BriefFactory(title="Neutrality and trade")
    BriefFactory(title="Something else", kind=kind("commentary"))
    response = client.get(reverse("briefs:search"), {"q": "neutrality"})
    assert {o.value: o.count for o in response.context["facets"][TYPE].options} == {
        "commentary": 1,
        "brief": 1,
    }
    narrowed = client.get(reverse("briefs:search"), {"q": "neutrality", "type": "commentary"})
    assert [card.title for card in narrowed.context["briefs"]] == ["Neutrality in the Caucasus"]


def test_archive_with_the_type_facet_runs_fixed_queries(client):
    """The archive, unfiltered and filtered by type, runs as many queries for many briefs
    as for one."""
    BriefFactory(kind=kind("commentary"))
    for query in ({}, {"type": "commentary"}):

        def archive(query=query):
            response = client.get(reverse("briefs:brief-list"), query)
            assert response.status_code == 200
            return response

        def more():
            BriefFactory.create_batch(15, kind=kind("commentary"))
            BriefFactory.create_batch(5, kind=kind("report"))

        response = assert_query_budget(archive, more, PUBLIC_PAGE_MAX_QUERIES)
        assert response.context["facets"][TYPE].options


def test_the_api_gives_the_type_and_filters_by_it(client):
    """Each brief carries its type; ?type= narrows; an unknown type is a 400."""
    BriefFactory(slug="c", kind=kind("commentary"))
    BriefFactory(slug="b")
    results = client.get(f"{API}/briefs/", {"type": "commentary"}).json()["results"]
    assert [(r["slug"], r["type"], r["url"]) for r in results] == [
        ("c", {"slug": "commentary", "name": "Commentary"}, f"{SITE}/commentary/c/")
    ]
    detail = client.get(f"{API}/briefs/c/").json()
    assert detail["type"]["slug"] == "commentary"
    assert detail["url"] == f"{SITE}/commentary/c/"
    refused = client.get(f"{API}/briefs/", {"type": "nonsense"})
    assert refused.status_code == 400
    assert "type" in refused.json()["parameters"]


def test_feeds_name_the_type_as_a_category(client):
    """A feed entry's first category is the item's type."""
    BriefFactory(slug="c", kind=kind("commentary"))
    xml = client.get("/feed/").content.decode()
    assert "<category>Commentary</category>" in xml
    assert f"{SITE}/commentary/c/" in xml


def test_coverage_filters_by_type(client):
    """The coverage page counts only the chosen type."""
    BriefFactory(kind=kind("commentary"))
    BriefFactory()
    client.force_login(UserFactory(username="editor", group="Editors"))
    url = reverse("admin:briefs_coverage")
    everything = client.get(url).context["coverage"].overall.windows[12]
    commentaries = client.get(url, {"type": "commentary"}).context["coverage"].overall.windows[12]
    assert (everything, commentaries) == (2, 1)


def test_a_prefix_change_retires_cached_pages(client, settings):
    """With every cache on, a changed prefix shows on the next page: the type's change
    replaces the public generation, and the cards are drawn again."""
    BriefFactory(slug="c", kind=kind("commentary"))
    with caches_on(settings):
        assert 'href="/commentary/c/"' in client.get("/briefs/").content.decode()
        before = generation.current()
        BriefKind.objects.filter(slug="commentary").update(prefix="opinion")
        generation.forget()
        assert generation.current() != before
        html = client.get("/briefs/").content.decode()
    assert 'href="/opinion/c/"' in html
    assert 'href="/commentary/c/"' not in html
