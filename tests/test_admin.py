"""Editors build briefs through the admin, and what they save reaches readers."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from briefs.models import Brief
from countries.models import Country
from tests.factories import AuthorFactory, BriefFactory, RegionFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def brief_form(**overrides):
    """The POST the admin add form sends, with one author inline."""
    data = {
        "title": "Georgia's two voices",
        "slug": "georgias-two-voices",
        "dek": "A cautious state and a sympathetic public.",
        "body": "<h2>Context</h2><p>Analysis.</p>",
        "notes": "",
        "themes": "neutrality, eu integration",
        "status": "published",
        "publish_at_0": "",
        "publish_at_1": "",
        "seo_title": "",
        "seo_description": "",
    }
    data.update(overrides)
    return data


def with_authors(data, *authors):
    data["byline"] = [str(author.pk) for author in authors]
    return data


def test_editor_creates_a_brief_that_then_appears_publicly(client, editor_client):
    """A real POST of the add form: countries, themes, ordered authors, series."""
    first, second = AuthorFactory(name="Nino Beridze"), AuthorFactory(name="Leyla Hasanova")
    series = SeriesFactory()
    georgia, russia = Country.objects.get(code="GE"), Country.objects.get(code="RU")
    data = with_authors(
        brief_form(countries=[georgia.pk, russia.pk], series=series.pk, series_position="1"),
        second,
        first,
    )
    response = editor_client.post(reverse("admin:briefs_brief_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    brief = Brief.objects.get(slug="georgias-two-voices")
    assert brief.is_public
    assert brief.ordered_authors == [second, first]
    assert set(brief.countries.all()) == {georgia, russia}
    assert sorted(brief.themes.names()) == ["eu integration", "neutrality"]
    assert (brief.series, brief.series_position) == (series, 1)

    client.logout()
    html = client.get(brief.get_absolute_url()).content.decode()
    assert 'By <a href="/authors/' in html and html.index("Leyla") < html.index("Nino")
    assert "Part 1 of 1 in" in html
    assert brief.title.replace("'", "&#x27;") in client.get(reverse("briefs:home")).content.decode()


def test_a_brief_needs_an_author_and_a_country(editor_client):
    """The form refuses a brief with no author or no country, and keeps the typed text."""
    response = editor_client.post(reverse("admin:briefs_brief_add"), brief_form())
    assert response.status_code == 200
    assert not Brief.objects.exists()
    assert "This field is required." in response.content.decode()
    assert "Georgia&#x27;s two voices" in response.content.decode()


def test_position_in_series_must_be_unique(editor_client):
    """Two briefs cannot both be part 1 of the same series; the error names the first."""
    series = SeriesFactory(title="Energy")
    BriefFactory(series=series, series_position=1, title="Pipelines")
    data = with_authors(
        brief_form(
            countries=[Country.objects.get(code="GE").pk], series=series.pk, series_position="1"
        ),
        AuthorFactory(),
    )
    response = editor_client.post(reverse("admin:briefs_brief_add"), data)
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["series_position"]
    assert strip_tags(error) == (
        "Part 1 of “Energy” is already “Pipelines”: choose another position, or tick "
        "“Insert here and shift the later parts”."
    )


def body_stored_from(editor_client, body):
    """The body the database holds after an editor adds a brief with ``body``."""
    countries = [Country.objects.get(code="GE").pk]
    data = with_authors(brief_form(countries=countries, body=body), AuthorFactory())
    editor_client.post(reverse("admin:briefs_brief_add"), data)
    return Brief.objects.get().body


def test_admin_body_is_sanitized_on_save(editor_client):
    """Script and event handlers sent in the body never reach the database."""
    body = '<p onclick="steal()">Hi<script>alert(1)</script></p>'
    assert body_stored_from(editor_client, body) == "<p>Hi</p>"


def test_admin_body_pasted_as_plain_text_is_stored_as_paragraphs(editor_client):
    """A body sent as plain text with blank lines is stored one paragraph per block."""
    body = "Tbilisi hedges.\r\nIt always has.\r\n\r\nMoscow notices."
    assert body_stored_from(editor_client, body) == (
        "<p>Tbilisi hedges.\nIt always has.</p>\n\n<p>Moscow notices.</p>"
    )


def test_change_list_filters_and_searches(editor_client):
    """The change list filters by status, region, country, series, theme and author."""
    BriefFactory(
        title="Public one", themes=["energy security"], series=SeriesFactory(), series_position=1
    )
    BriefFactory(title="Draft one", draft=True)
    url = reverse("admin:briefs_brief_changelist")
    response = editor_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("status", "region", "countries", "series", "themes", "author"):
        assert f"By {heading}" in html, heading
    assert editor_client.get(url, {"status__exact": "draft"}).context["cl"].result_count == 1
    assert editor_client.get(url, {"q": "Public"}).context["cl"].result_count == 1


def test_view_on_site_only_for_public_briefs(editor_client):
    """'View on site' links a public brief, never a draft."""
    public, draft = BriefFactory(), BriefFactory(draft=True)
    public_page = editor_client.get(reverse("admin:briefs_brief_change", args=[public.pk]))
    draft_page = editor_client.get(reverse("admin:briefs_brief_change", args=[draft.pk]))
    assert "View on site" in public_page.content.decode()
    assert "View on site" not in draft_page.content.decode()


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name", "factory", "name_field"),
    [
        ("briefs", "brief", "series", SeriesFactory, "title"),
        ("briefs", "briefauthor", "author", AuthorFactory, "name"),
        ("countries", "country", "region", RegionFactory, "name"),
    ],
)
def test_autocomplete_pages_list_every_record_once_in_order(
    editor_client, app_label, model_name, field_name, factory, name_field
):
    """The pickers page through 25 series, authors or regions alphabetically, each once."""
    names = [f"Record {n:02}" for n in range(25)]
    for name in reversed(names):
        factory(**{name_field: name})
    shown = []
    for page in (1, 2):
        response = editor_client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": app_label,
                "model_name": model_name,
                "field_name": field_name,
                "term": "Record",
                "page": page,
            },
        )
        shown += [result["text"] for result in response.json()["results"]]
    assert shown == names
