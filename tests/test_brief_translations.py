"""A brief page names its public translations: hreflang, "Also in", the switcher, JSON-LD."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from briefs.content.addresses import absolute_url
from briefs.editorial import workflow
from briefs.models import Brief
from tests.caching import caches_on
from tests.factories import BriefFactory, UserFactory

pytestmark = pytest.mark.django_db

ORIGINAL = "/briefs/hedging/"
RUSSIAN = "/ru/briefs/hedging-ru/"


@pytest.fixture
def original():
    return BriefFactory(title="Hedging in Tbilisi", slug="hedging")


@pytest.fixture
def russian(original):
    return BriefFactory(
        title="Тбилиси между двух огней", slug="hedging-ru", language="ru", translation_of=original
    )


def alternates(html):
    """{hreflang: href} of the page's <link rel="alternate" hreflang>."""
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def also_in(html):
    """[(href, hreflang, lang, name)] of the "Also in" line's links; None without the line."""
    line = re.search(r'<p class="brief__also-in">(.*?)</p>', html, re.S)
    if line is None:
        return None
    link = r'<a href="([^"]*)"\s+hreflang="([^"]*)"\s+lang="([^"]*)">([^<]*)</a>'
    return re.findall(link, line[1])


def switcher(html):
    nav = re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)
    return dict(re.findall(r'<a href="([^"]*)"\s+hreflang="[^"]*"\s+lang="[^"]*">([^<]*)</a>', nav))


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])


def page(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


def test_an_original_names_its_translation(client, russian):
    """hreflang for itself and the translation, x-default at the original, "Also in"."""
    html = page(client, ORIGINAL)
    assert alternates(html) == {
        "en-GB": absolute_url(ORIGINAL),
        "ru": absolute_url(RUSSIAN),
        "x-default": absolute_url(ORIGINAL),
    }
    assert also_in(html) == [(RUSSIAN, "ru", "ru", "Русский")]
    assert "Also in:" in html
    assert '<html lang="en-GB">' in html
    assert '<meta property="og:locale" content="en_GB">' in html
    assert '<meta property="og:locale:alternate" content="ru">' in html


def test_a_translation_names_its_original_in_its_own_language(client, russian):
    """The Russian page is Russian throughout, and points x-default at the English original."""
    html = page(client, RUSSIAN)
    assert '<html lang="ru">' in html
    assert '<meta property="og:locale" content="ru">' in html
    assert "Также на других языках:" in html
    assert also_in(html) == [(ORIGINAL, "en-GB", "en-GB", "English")]
    assert alternates(html)["x-default"] == absolute_url(ORIGINAL)


def test_a_brief_without_translations_names_none(client, original):
    """No hreflang, no "Also in" line for a brief alone in its set."""
    html = page(client, ORIGINAL)
    assert alternates(html) == {}
    assert also_in(html) is None


@pytest.mark.parametrize("hidden", ["draft", "scheduled", "taken down"])
def test_a_hidden_translation_is_named_nowhere(client, original, russian, hidden):
    """A draft, scheduled or taken-down translation is in no hreflang, line, switcher or
    JSON-LD of its original."""
    now = timezone.now()
    changes = {
        "draft": {"status": Brief.Status.DRAFT, "publish_at": None},
        "scheduled": {"publish_at": now + timedelta(days=1)},
        "taken down": {"take_down_at": now - timedelta(minutes=1)},
    }[hidden]
    Brief.objects.filter(pk=russian.pk).update(**changes)
    html = page(client, ORIGINAL)
    assert "hedging-ru" not in html
    assert alternates(html) == {}
    assert also_in(html) is None
    assert switcher(html) == {"/ru/": "Русский"}
    assert "workTranslation" not in json_ld(html)


def test_a_translation_with_a_hidden_original_points_x_default_at_the_default_language(
    client, original, russian
):
    """x-default is the original when public, else the member in the default language."""
    third = BriefFactory(slug="hedging-en", translation_of=original)
    Brief.objects.filter(pk=original.pk).update(status=Brief.Status.DRAFT, publish_at=None)
    html = page(client, RUSSIAN)
    assert alternates(html)["x-default"] == absolute_url(third.get_absolute_url())
    assert "/briefs/hedging/" not in html
    assert "translationOfWork" not in json_ld(html)


def test_the_switcher_on_a_brief_leads_to_its_translation_or_home(client, original, russian):
    """The footer offers the brief's public translation, or the language's home page:
    never the same slug under another prefix, which would redirect back."""
    assert switcher(page(client, ORIGINAL)) == {RUSSIAN: "Русский"}
    assert switcher(page(client, RUSSIAN)) == {ORIGINAL: "English"}
    alone = BriefFactory(slug="alone")
    assert switcher(page(client, alone.get_absolute_url())) == {"/ru/": "Русский"}


def test_json_ld_says_the_language_and_the_translations(client, original, russian):
    """inLanguage in BCP 47; workTranslation on the original, translationOfWork on the
    translation, each with its type, address and language."""
    english = json_ld(page(client, ORIGINAL))
    assert english["inLanguage"] == "en-GB"
    assert english["workTranslation"] == [
        {"@type": "Report", "url": absolute_url(RUSSIAN), "inLanguage": "ru"}
    ]
    assert "translationOfWork" not in english
    translated = json_ld(page(client, RUSSIAN))
    assert translated["inLanguage"] == "ru"
    assert translated["translationOfWork"] == {
        "@type": "Report",
        "url": absolute_url(ORIGINAL),
        "inLanguage": "en-GB",
    }
    assert "workTranslation" not in translated


def test_the_translation_set_costs_one_query(client, original, django_assert_num_queries):
    """The page reads its set in one query, however many translations there are."""
    address = original.get_absolute_url()
    client.get(address)
    with CaptureQueriesContext(connection) as alone:
        client.get(address)
    BriefFactory(slug="hedging-ru", language="ru", translation_of=original)
    with django_assert_num_queries(len(alone.captured_queries)):
        html = client.get(address).content.decode()
    assert also_in(html) == [("/ru/briefs/hedging-ru/", "ru", "ru", "Русский")]


@pytest.mark.parametrize("backend", ["locmem", "redis"])
def test_unpublishing_a_translation_retires_the_originals_kept_page(
    client, settings, original, russian, backend
):
    """With every cache on, the original's kept page drops an unpublished translation at
    once, and names it again as soon as it is published again."""
    editor = UserFactory(username="editor", group="Editors")
    with caches_on(settings, backend):
        assert also_in(page(client, ORIGINAL))
        assert page(client, ORIGINAL) == page(client, ORIGINAL)  # now served kept
        workflow.move(russian, Brief.Status.DRAFT, by=editor)
        html = page(client, ORIGINAL)
        assert also_in(html) is None
        assert alternates(html) == {}
        assert switcher(html) == {"/ru/": "Русский"}
        workflow.move(russian, Brief.Status.PUBLISHED, by=editor)
        assert also_in(page(client, ORIGINAL)) == [(RUSSIAN, "ru", "ru", "Русский")]
