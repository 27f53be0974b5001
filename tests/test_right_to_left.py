"""A right-to-left language an administrator adds lays its pages out right to left.

The tests add Arabic to ``LANGUAGES``; there is no Arabic catalog, so the interface's own
words stay English (Django's are Arabic), but the page is ``dir="rtl"``.
"""

import pytest

from tests.factories import BriefFactory

pytestmark = pytest.mark.django_db

ARABIC = ("ar", "العربية")


@pytest.fixture
def arabic(settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ARABIC]
    original = BriefFactory(slug="hedging", title="Hedging in Tbilisi")
    return BriefFactory(
        slug="hedging-ar", title="تبليسي بين نارين", language="ar", translation_of=original
    )


def test_an_arabic_brief_is_laid_out_right_to_left(client, arabic):
    """<html lang="ar" dir="rtl"> at /ar/briefs/…/, with its English original named."""
    response = client.get("/ar/briefs/hedging-ar/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<link rel="alternate" hreflang="en-GB"' in html
    assert 'hreflang="ar"' in client.get("/briefs/hedging/").content.decode()


@pytest.mark.parametrize("address", ["/briefs/hedging/", "/ru/", "/ar/no-such-page/"])
def test_other_pages_keep_their_direction(client, arabic, address):
    """English and Russian pages have no dir (left to right); an Arabic 404 is rtl."""
    html = client.get(address).content.decode()
    assert ('dir="rtl"' in html.split(">", 2)[1]) == address.startswith("/ar/")


def test_an_english_brief_under_ar_redirects_to_its_own_address(client, arabic):
    """As under /ru/: a brief's page is in its own language."""
    response = client.get("/ar/briefs/hedging/")
    assert response.status_code == 301
    assert response["Location"] == "/briefs/hedging/"
