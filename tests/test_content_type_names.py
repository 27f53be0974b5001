"""Content types are named in each site language, like the other terms: a Russian reader
reads "Записка" on cards, pages, the type facet and feeds; English stays "Brief"."""

import re

import feedparser
import pytest

from briefs.models import BriefKind
from tests.factories import BriefFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def russian_commentary():
    """A Russian commentary (its type named in Russian by migration 0035) and an English
    brief."""
    BriefFactory(slug="hedging", title="Hedging in Tbilisi")
    return BriefFactory(
        slug="kolebaniya",
        title="Колебания Тбилиси",
        language="ru",
        kind=BriefKind.objects.get(slug="commentary"),
    )


def text_of(response):
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_first_types_have_russian_names():
    names = {kind.slug: (kind.names, kind.plural_names) for kind in BriefKind.objects.all()}
    assert names["brief"] == ({"ru": "Записка"}, {"ru": "Записки"})
    assert names["commentary"] == ({"ru": "Комментарий"}, {"ru": "Комментарии"})
    assert names["report"] == ({"ru": "Доклад"}, {"ru": "Доклады"})


def test_pages_cards_and_the_facet_name_the_type_in_the_pages_language(client, russian_commentary):
    page = text_of(client.get("/ru/commentary/kolebaniya/"))
    assert '<span class="brief__type">Комментарий</span>' in page
    archive = text_of(client.get("/ru/briefs/"))
    assert '<span class="card__type">Комментарий</span>' in archive
    assert "Комментарии" in archive  # the type facet's option
    everything = text_of(client.get("/ru/briefs/", {"language": "all"}))
    assert '<span class="card__type">Записка</span>' in everything
    english = text_of(client.get("/briefs/", {"language": "all"}))
    assert '<span class="card__type">Commentary</span>' in english
    assert '<span class="card__type">Brief</span>' in english
    assert "Комментарий" not in english


def test_the_russian_feed_names_the_type_in_russian(client, russian_commentary):
    feed = feedparser.parse(client.get("/ru/feed/").content)
    assert [tag.term for tag in feed.entries[0].tags][0] == "Комментарий"
    english = feedparser.parse(client.get("/feed/").content)
    assert [tag.term for tag in english.entries[0].tags][0] == "Brief"


def test_an_administrator_names_a_type_in_each_language(client):
    """The type's admin has an input per other language under each name; empty falls back."""
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    kind = BriefKind.objects.get(slug="report")
    form = client.get(f"/admin/briefs/briefkind/{kind.pk}/change/").content.decode()
    assert 'name="name_ru"' in form and 'name="plural_name_ru"' in form
    data = {
        "name": "Report",
        "name_ru": "Исследование",
        "plural_name": "Reports",
        "plural_name_ru": "",
        "slug": "report",
        "schema_type": "Report",
        "prefix": "reports",
        "order": kind.order,
    }
    response = client.post(f"/admin/briefs/briefkind/{kind.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    kind.refresh_from_db()
    assert kind.names == {"ru": "Исследование"}
    assert kind.plural_names == {}
