"""The public API at /api/v1/: lists, one brief, terms, errors, headers and cursors."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from briefs.api import cursors
from briefs.library import uploads
from briefs.models import Brief, LibraryImage, OldSlug
from countries.models import Country
from tests import image_files as files
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory, UserFactory, library_image
from tests.query_counts import assert_query_budget

pytestmark = pytest.mark.django_db

API = "/api/v1"
# Any API address, uncached: a list page of any size, one brief, a taxonomy.
API_MAX_QUERIES = 8


def get_json(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def slugs(page):
    return [brief["slug"] for brief in page["results"]]


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def test_list_is_public_briefs_newest_first(client):
    """The list holds only public briefs, newest first, with their summaries."""
    BriefFactory(slug="older", publish_at=days_ago(3))
    BriefFactory(slug="newer", publish_at=days_ago(1), title="The newer one")
    BriefFactory(slug="draft", draft=True)
    BriefFactory(slug="scheduled", scheduled=True)
    page = get_json(client, f"{API}/briefs/")
    assert slugs(page) == ["newer", "older"]
    assert page["next"] is None
    first = page["results"][0]
    assert first["title"] == "The newer one"
    assert first["url"] == "http://127.0.0.1:8000/briefs/newer/"
    assert first["api_url"] == "http://127.0.0.1:8000/api/v1/briefs/newer/"
    assert first["countries"] == [
        {
            "slug": "azerbaijan",
            "name": "Azerbaijan",
            "code": "AZ",
            "url": first["countries"][0]["url"],
        }
    ]


def test_filters_narrow_and_combine(client):
    """Each of the archive's filters narrows the list, and they combine."""
    georgia, armenia = Country.objects.get(code="GE"), Country.objects.get(code="AM")
    author, series = AuthorFactory(slug="writer"), SeriesFactory(slug="saga")
    BriefFactory(slug="ge-energy", countries=[georgia], themes=["energy security"])
    BriefFactory(
        slug="am-saga", countries=[armenia], series=series, series_position=1, authors=[author]
    )
    BriefFactory(slug="old-ge", countries=[georgia], publish_at=timezone.now().replace(year=2019))
    assert slugs(get_json(client, f"{API}/briefs/?country=georgia")) == ["ge-energy", "old-ge"]
    assert slugs(get_json(client, f"{API}/briefs/?theme=energy-security")) == ["ge-energy"]
    assert slugs(get_json(client, f"{API}/briefs/?series=saga")) == ["am-saga"]
    assert slugs(get_json(client, f"{API}/briefs/?author=writer")) == ["am-saga"]
    assert slugs(get_json(client, f"{API}/briefs/?year=2019")) == ["old-ge"]
    assert slugs(get_json(client, f"{API}/briefs/?region=south-caucasus&year=2019")) == ["old-ge"]


def test_q_searches_words(client):
    """``q`` keeps the briefs whose words match, with the search page's syntax."""
    BriefFactory(slug="gas", title="Gas pipelines through Georgia")
    BriefFactory(slug="grain", title="Grain corridors")
    assert slugs(get_json(client, f"{API}/briefs/?q=pipelines")) == ["gas"]
    assert sorted(slugs(get_json(client, f"{API}/briefs/?q=corridors+or+pipelines"))) == [
        "gas",
        "grain",
    ]
    assert slugs(get_json(client, f"{API}/briefs/?q=-pipelines+corridors")) == ["grain"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("country=atlantis", "country"),
        ("country=no%20spaces", "country"),
        ("region=nowhere", "region"),
        ("theme=unused", "theme"),
        ("year=abc", "year"),
        ("year=99999", "year"),
        ("year=1999", "year"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=MTIzNDU2", "cursor"),
        ("q=%00", "q"),
        ("q=" + "word+" * 60, "q"),
        ("q=-alone", "q"),
    ],
)
def test_bad_parameters_answer_400_with_a_reason(client, query, parameter):
    """A parameter the API will not run answers 400, naming it, in JSON."""
    BriefFactory()
    body = get_json(client, f"{API}/briefs/?{query}", status=400)
    assert body["status"] == 400
    assert parameter in body["parameters"], body


def test_a_term_only_hidden_briefs_use_is_refused_like_an_unknown_one(client):
    """A theme of a draft answers exactly as a theme that does not exist: nothing leaks."""
    BriefFactory(draft=True, themes=["secret plans"])
    BriefFactory()
    hidden = client.get(f"{API}/briefs/?theme=secret-plans")
    unknown = client.get(f"{API}/briefs/?theme=nothing-here")
    assert hidden.status_code == unknown.status_code == 400
    assert hidden.json()["parameters"] == unknown.json()["parameters"]


def test_cursor_walks_every_brief_once_while_new_ones_are_published(client):
    """Following ``next`` lists each brief once in order, even when briefs are published
    between two pages (they are newer, so they belong before the cursor)."""
    for day in range(1, 8):
        BriefFactory(slug=f"day-{day}", publish_at=days_ago(day))
    page = get_json(client, f"{API}/briefs/?limit=3")
    seen = slugs(page)
    BriefFactory(slug="breaking", publish_at=timezone.now() - timedelta(minutes=1))
    while page["next"]:
        assert "limit=3" in page["next"]
        page = get_json(client, page["next"])
        seen += slugs(page)
    assert seen == [f"day-{day}" for day in range(1, 8)]


def test_cursor_orders_ties_by_id(client):
    """Briefs published at the same moment are paged by id, none lost or repeated."""
    moment = days_ago(2)
    made = [BriefFactory(publish_at=moment).slug for _ in range(5)]
    page, seen = get_json(client, f"{API}/briefs/?limit=2"), []
    seen += slugs(page)
    while page["next"]:
        page = get_json(client, page["next"])
        seen += slugs(page)
    assert sorted(seen) == sorted(made) and len(seen) == 5


def test_cursor_round_trip():
    """A cursor gives back the moment and id it was made from."""
    moment = timezone.now()
    assert cursors.decode(cursors.encode(moment, 42)) == (moment, 42)


def test_brief_detail_has_body_notes_figures_terms_series_and_pdfs(client, settings):
    """One brief: the body as readers get it, with its figure's renditions and footnotes."""
    editor = UserFactory(username="secret-editor", email="secret@example.org")
    image = library_image(uploaded_by=editor, caption="Exports by route")
    series = SeriesFactory(slug="corridor", title="The corridor")
    BriefFactory(slug="part-one", series=series, series_position=1, publish_at=days_ago(3))
    brief = BriefFactory(
        slug="part-two",
        series=series,
        series_position=2,
        created_by=editor,
        themes=["energy security", "neutrality"],
        body=(
            f'<h2>Context</h2><p>Text<span data-footnote="">A note.</span></p>'
            f'<figure data-image="{image.pk}"></figure>'
        ),
        notes="<p>Further reading.</p>",
        key_points="First point\nSecond point",
    )
    body = get_json(client, f"{API}/briefs/part-two/")
    assert body["title"] == brief.title
    assert body["url"] == "http://127.0.0.1:8000/briefs/part-two/"
    assert body["series"]["part"] == 2 and body["series"]["parts"] == 2
    assert [theme["slug"] for theme in body["themes"]] == ["energy-security", "neutrality"]
    assert body["key_points"] == ["First point", "Second point"]
    assert body["footnotes"] == [{"number": 1, "html": "A note."}]
    assert 'href="#fn-1"' in body["body_html"]
    assert "<picture>" in body["body_html"] and "Exports by route" in body["body_html"]
    assert body["contents"] == [] or body["contents"][0]["title"] == "Context"
    (figure,) = body["figures"]
    assert figure["caption"] == "Exports by route"
    assert figure["renditions"]["jpeg"][0]["url"].startswith("http://127.0.0.1:8000/")
    assert body["sources_html"] == "<p>Further reading.</p>"
    text = str(body)
    assert "secret-editor" not in text and "secret@example.org" not in text


def library_hero(data=None, by=None, **words):
    """A hero as the brief form adds one: an upload entering the library."""
    record = LibraryImage(
        image=files.upload(data or files.jpeg(1700, 850)),
        title=words.get("alt", "Tankers at Sangachal"),
        alt=words.pop("alt", "Tankers at Sangachal"),
        **words,
    )
    return uploads.add_to_library(record, by).image


def test_brief_detail_has_its_hero_with_the_library_images_words(client):
    """The hero is the library image's: its alt text, caption, credit and renditions, at
    absolute addresses; a figure at the top of the body then loads as the reader nears it."""
    hero = library_hero(caption="The terminal.", credit="Photo: BP")
    figure = library_image()
    BriefFactory(
        slug="with-hero", hero=hero, body=f'<figure data-image="{figure.pk}"></figure><p>Text</p>'
    )
    body = get_json(client, f"{API}/briefs/with-hero/")
    shown = body["hero_image"]
    assert set(shown) == {"alt", "caption", "credit", "renditions"}
    assert (shown["alt"], shown["caption"], shown["credit"]) == (
        "Tankers at Sangachal",
        "The terminal.",
        "Photo: BP",
    )
    assert set(shown["renditions"]) == {"webp", "jpeg"}
    widths = [item["width"] for item in shown["renditions"]["jpeg"]]
    assert widths == sorted(widths) and len(widths) == len(hero.renditions["jpeg"])
    for kind, items in shown["renditions"].items():
        for item, stored in zip(items, hero.renditions[kind], strict=True):
            assert item["url"] == f"http://127.0.0.1:8000{default_storage.url(stored['name'])}"
    assert 'loading="lazy"' in body["body_html"] and 'loading="eager"' not in body["body_html"]


def test_a_brief_without_a_hero_has_none_and_its_first_figure_loads_at_once(client):
    figure = library_image()
    BriefFactory(slug="no-hero", body=f'<figure data-image="{figure.pk}"></figure><p>Text</p>')
    body = get_json(client, f"{API}/briefs/no-hero/")
    assert body["hero_image"] is None
    assert 'loading="eager"' in body["body_html"]


def test_a_correction_in_the_library_shows_in_the_hero(client):
    """The words are the library image's: correcting them there corrects the API's hero;
    the same file uploaded again for another brief is the same image."""
    hero = library_hero(alt="Tankers at Sangachl")
    BriefFactory(slug="corrected", hero=hero)
    assert get_json(client, f"{API}/briefs/corrected/")["hero_image"]["alt"] == (
        "Tankers at Sangachl"
    )
    hero.alt = "Tankers at Sangachal"
    hero.save()
    assert get_json(client, f"{API}/briefs/corrected/")["hero_image"]["alt"] == (
        "Tankers at Sangachal"
    )
    again = library_hero(data=files.jpeg(1700, 850), alt="Another description")
    assert again == hero
    BriefFactory(slug="same-file", hero=again)
    assert get_json(client, f"{API}/briefs/same-file/")["hero_image"]["alt"] == (
        "Tankers at Sangachal"
    )


def test_hidden_brief_is_a_json_404(client):
    """A draft's API address answers 404 in JSON, like an address that never existed."""
    BriefFactory(slug="secret", draft=True)
    assert get_json(client, f"{API}/briefs/secret/", status=404)["status"] == 404
    assert get_json(client, f"{API}/briefs/never/", status=404)["status"] == 404
    assert get_json(client, f"{API}/nothing/here/", status=404)["status"] == 404


def test_a_slug_with_a_nul_character_is_a_404_not_a_500(client):
    """Characters no slug holds are refused before the database sees them."""
    assert client.get(f"{API}/briefs/a%00b/").status_code == 404


def test_a_former_slug_redirects_to_the_current_one(client):
    """A renamed public brief's old API address redirects permanently."""
    brief = BriefFactory(slug="new-name")
    OldSlug.objects.create(slug="old-name", brief=brief)
    response = client.get(f"{API}/briefs/old-name/")
    assert response.status_code == 301
    assert response["Location"] == "http://127.0.0.1:8000/api/v1/briefs/new-name/"


def test_terms_list_only_terms_with_public_briefs(client):
    """Each taxonomy lists the terms public briefs use, with their counts, and no more."""
    shown, hidden = AuthorFactory(slug="shown"), AuthorFactory(slug="hidden-author")
    hidden.user = UserFactory(username="author-login", email="author@example.org")
    hidden.save()
    BriefFactory(authors=[shown], themes=["open"], countries=[Country.objects.get(code="GE")])
    BriefFactory(
        draft=True, authors=[hidden], themes=["closed"], series=SeriesFactory(), series_position=1
    )
    authors = get_json(client, f"{API}/authors/")["results"]
    assert [author["slug"] for author in authors] == ["shown"]
    assert "author-login" not in str(authors) and "author@example.org" not in str(authors)
    assert [t["slug"] for t in get_json(client, f"{API}/themes/")["results"]] == ["open"]
    assert get_json(client, f"{API}/series/")["results"] == []
    (georgia,) = get_json(client, f"{API}/countries/")["results"]
    assert (georgia["slug"], georgia["code"], georgia["briefs"]) == ("georgia", "GE", 1)
    assert georgia["briefs_api_url"] == "http://127.0.0.1:8000/api/v1/briefs/?country=georgia"
    (region,) = get_json(client, f"{API}/regions/")["results"]
    assert region["slug"] == georgia["region"] == "south-caucasus"


def test_answers_are_public_with_an_etag_and_a_304(client):
    """Answers are cacheable like pages, and a revalidation with the ETag answers 304."""
    BriefFactory(slug="tagged")
    response = client.get(f"{API}/briefs/tagged/")
    assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(f"{API}/briefs/tagged/", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_cors_is_open_for_the_api_only(client):
    """Any origin may read the API, without credentials; the pages are not shared."""
    BriefFactory()
    origin = {"Origin": "https://partner.example"}
    api = client.get(f"{API}/briefs/", headers=origin)
    assert api["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in api
    preflight = client.options(
        f"{API}/briefs/",
        headers={**origin, "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/briefs/", headers=origin)


def test_writes_are_refused(client):
    """The API is read-only: other methods are not allowed."""
    assert client.post(f"{API}/briefs/", {}).status_code in (403, 405)
    assert client.delete(f"{API}/briefs/").status_code == 405


def test_list_queries_do_not_grow_with_the_page(client):
    """A page of 50 briefs with many terms costs what a page of 1 does."""
    BriefFactory(themes=["one"])

    def add_rows():
        for n in range(60):
            BriefFactory(themes=[f"theme {n}", "one"], authors=[AuthorFactory(), AuthorFactory()])

    url = f"{API}/briefs/?limit=50&theme=one"
    client.get(url)
    assert_query_budget(lambda: client.get(url), add_rows, API_MAX_QUERIES)


def test_detail_queries_do_not_grow_with_its_terms(client):
    """A brief with many authors, countries, themes and figures, and a hero, costs what one
    with a figure and no hero does."""
    first = library_image()
    brief = BriefFactory(
        slug="counted",
        series=SeriesFactory(),
        series_position=1,
        body=f'<p>Text</p><figure data-image="{first.pk}"></figure>',
    )
    url = f"{API}/briefs/counted/"
    client.get(url)

    def add_rows():
        images = [library_image() for _ in range(3)]
        brief.body += "".join(f'<figure data-image="{image.pk}"></figure>' for image in images)
        brief.hero = library_hero()  # read with the brief, in no query of its own
        brief.save()
        brief.themes.set([f"theme {n}" for n in range(8)])
        brief.countries.set(Country.objects.all()[:10])
        for position in range(2, 6):
            brief.byline.create(author=AuthorFactory(), position=position)

    assert_query_budget(lambda: client.get(url), add_rows, API_MAX_QUERIES)


@pytest.mark.parametrize("kind", ["countries", "regions", "themes", "series", "authors"])
def test_term_list_queries_do_not_grow(client, kind):
    """A taxonomy of 30 terms costs what one of 1 does."""
    BriefFactory(series=SeriesFactory(), series_position=1, themes=["first"])
    countries = list(Country.objects.all()[:30])

    def add_rows():
        for n, country in enumerate(countries):
            BriefFactory(
                countries=[country],
                themes=[f"theme {n}"],
                series=SeriesFactory(),
                series_position=1,
            )

    client.get(f"{API}/{kind}/")
    assert_query_budget(lambda: client.get(f"{API}/{kind}/"), add_rows, API_MAX_QUERIES)


def test_openapi_schema_and_docs_page(client):
    """The schema lists every address; the docs page is drawn from it, with no outside asset."""
    schema = get_json(client, f"{API}/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/v1/briefs/",
        "/api/v1/briefs/{slug}/",
        "/api/v1/countries/",
        "/api/v1/regions/",
        "/api/v1/themes/",
        "/api/v1/series/",
        "/api/v1/authors/",
    }
    response = client.get(f"{API}/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/briefs/{slug}/" in html and "BriefDetail" in html
    assert "cdn" not in html.lower()
    assert "<script" not in html or 'src="/static/' in html


def test_published_between_requests_is_listed(client):
    """A brief published after a first request shows on the next one (no stale memo)."""
    draft = BriefFactory(slug="soon", draft=True)
    assert slugs(get_json(client, f"{API}/briefs/")) == []
    draft.status, draft.publish_at = Brief.Status.PUBLISHED, timezone.now()
    draft.save()
    assert slugs(get_json(client, f"{API}/briefs/")) == ["soon"]


def test_head_answers_like_get(client):
    """HEAD is answered as GET is (monitors and CDNs ask it), with no body."""
    BriefFactory(slug="headed")
    for url in (f"{API}/briefs/", f"{API}/briefs/headed/", f"{API}/themes/"):
        response = client.head(url)
        assert response.status_code == 200, url
        assert response.content == b""
        assert response["Content-Type"].startswith("application/json")
