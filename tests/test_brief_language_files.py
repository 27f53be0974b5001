"""A brief's citations, PDF and card are in the brief's language, at its language's addresses."""

from datetime import datetime

import pytest
from django.utils import timezone, translation

from briefs.models import BriefPdf
from briefs.printing.copies import printed_html
from briefs.public import citations
from tests.factories import AuthorFactory, BriefFactory

pytestmark = pytest.mark.django_db

PUBLISHED = timezone.make_aware(datetime(2025, 3, 14, 9, 0))


@pytest.fixture
def russian():
    original = BriefFactory(slug="hedging", publish_at=PUBLISHED)
    return BriefFactory(
        title="Тбилиси между двух огней",
        slug="hedging-ru",
        language="ru",
        translation_of=original,
        publish_at=PUBLISHED,
        key_points="Первый вывод.\nВторой вывод.",
        body="<h2>Контекст</h2><p>Анализ.</p><h2>Риски</h2><p>Риски.</p><h2>Выводы</h2><p>Итог.</p>",
        authors=[AuthorFactory(name="Nino Beridze"), AuthorFactory(name="Anar Mammadov")],
    )


def make_pdf(brief):
    return BriefPdf.objects.create(
        brief=brief,
        paper=BriefPdf.Paper.A4,
        file_name=f"pdfs/{brief.slug}.pdf",
        pages=4,
        size=37_000,
        source="a4",
        made_at=timezone.now(),
    )


def test_a_russian_briefs_files_are_under_ru(russian):
    """Its card, PDF and citation files are at /ru/ addresses whatever language is active."""
    with translation.override("en-gb"):
        assert russian.social_card_url().startswith("/ru/briefs/hedging-ru/card.png?v=")
        assert make_pdf(russian).get_absolute_url() == "/ru/briefs/hedging-ru/hedging-ru.pdf"


@pytest.mark.parametrize(
    ("asked", "own"),
    [
        ("/briefs/hedging-ru/cite.bib", "/ru/briefs/hedging-ru/cite.bib"),
        ("/briefs/hedging-ru/cite.ris?x=1", "/ru/briefs/hedging-ru/cite.ris?x=1"),
        ("/ru/briefs/hedging/cite.ris", "/briefs/hedging/cite.ris"),
        ("/briefs/hedging-ru/hedging-ru.pdf", "/ru/briefs/hedging-ru/hedging-ru.pdf"),
    ],
)
def test_a_file_under_another_languages_prefix_redirects_to_its_own(client, russian, asked, own):
    """Like the page: under another language's prefix, a 301 to the brief's own."""
    make_pdf(russian)
    response = client.get(asked)
    assert response.status_code == 301
    assert response["Location"] == own


@pytest.mark.parametrize(
    "address",
    [
        "/briefs/hedging-ru/cite.bib",
        "/ru/briefs/hedging-ru/cite.bib",
        "/briefs/hedging-ru/card.png",
        "/briefs/hedging-ru/hedging-ru.pdf",
    ],
)
def test_a_hidden_translations_files_are_404_under_every_prefix(client, russian, address):
    """A draft translation's files never redirect: that would reveal it."""
    make_pdf(russian)
    russian.status = "draft"
    russian.publish_at = None
    russian.save()
    assert client.get(address).status_code == 404


def test_citations_of_a_russian_brief_have_russian_labels(russian):
    """Type of work, months, date order and "and" are Russian, even with English active and
    no request (a PDF printed by the worker)."""
    with translation.override("en-gb"):
        citation = citations.Citation.of(russian)
        apa, chicago, mla = (str(text) for _style, text in citations.styles(citation))
        bibtex, ris = citations.bibtex(citation), citations.ris(citation)
    assert "(2025, 14 марта)." in apa
    assert "[Аналитическая записка]" in apa
    assert "Аналитическая записка." in chicago
    assert "Beridze, Nino и Anar Mammadov" in chicago
    assert "14 марта 2025." in chicago
    assert ", 14 марта 2025," in mla
    assert 'type = "Аналитическая записка"' in bibtex
    assert 'month = "марта"' in bibtex
    assert "M3  - Аналитическая записка" in ris
    assert "LA  - ru" in ris


def test_citations_of_an_english_brief_stay_english_on_a_russian_page(russian):
    """The active language never changes an English brief's citation."""
    with translation.override("ru"):
        citation = citations.Citation.of(russian.translation_of)
        apa = str(citations.apa(citation))
    assert "[Policy brief]" in apa
    assert "(2025, March 14)." in apa


def test_the_printed_html_of_a_russian_brief_is_russian(russian):
    """The PDF's HTML (labels, page numbers, dates, citation) is Russian, with no request."""
    with translation.override("en-gb"):
        html = printed_html(russian)
    assert '<html lang="ru">' in html
    assert 'content: "Страница " counter(page) " из " counter(pages) ""' in html
    assert "Основные выводы" in html
    assert "Содержание" in html
    assert "14 марта 2025" in html
    assert "Аналитическая записка" in html
    assert "Key points" not in html
    assert "Page " not in html
