"""Public pages go out gzipped to readers who accept it; nothing else is compressed."""

import gzip

import pytest
from django.urls import reverse

from tests.caching import caches_on
from tests.factories import BriefFactory
from tests.public_pages import ARCHIVE_BODY

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls")]

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def brief():
    return BriefFactory(title="Ferries, not pipelines", body=ARCHIVE_BODY * 4)


def vary(response):
    return {value.strip().lower() for value in response.get("Vary", "").split(",")}


def test_a_public_page_is_sent_gzipped(client, brief):
    """A reader whose browser accepts gzip gets the page compressed, and caches are told
    that the answer depends on Accept-Encoding."""
    plain = client.get(brief.get_absolute_url())
    packed = client.get(brief.get_absolute_url(), **GZIP)
    assert packed["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(packed)
    assert int(packed["Content-Length"]) == len(packed.content)
    page = gzip.decompress(packed.content)
    assert b"Ferries, not pipelines" in page
    assert len(packed.content) < len(page) / 3
    assert abs(len(page) - len(plain.content)) < 100  # the same page, but for its CSP nonce


def test_a_reader_who_does_not_accept_gzip_gets_the_page_as_it_is(client, brief):
    response = client.get(brief.get_absolute_url())
    assert not response.has_header("Content-Encoding")
    assert "accept-encoding" in vary(response)
    assert b"Ferries, not pipelines" in response.content


def test_a_kept_page_is_sent_compressed_only_to_readers_who_accept_it(settings, client, brief):
    """The page cache keeps the compressed and the plain page apart: whichever reader came
    first, the next one gets the encoding they asked for."""
    with caches_on(settings):
        url = brief.get_absolute_url()
        for headers in (GZIP, {}, GZIP, {}):
            response = client.get(url, **headers)
            assert response.has_header("Content-Encoding") == bool(headers)
            assert response.status_code == 200


def test_a_logged_in_editor_gets_the_page_uncompressed(editor_client, brief):
    """Pages for someone logged in are private and may carry a CSRF token (BREACH)."""
    response = editor_client.get(brief.get_absolute_url(), **GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_a_page_that_carries_a_csrf_token_is_not_compressed(client):
    """Even a view marked public is sent as it is when it hands out a CSRF token."""
    response = client.get(reverse("test-public-form"), **GZIP)
    assert b"csrfmiddlewaretoken" in response.content
    assert not response.has_header("Content-Encoding")


def test_the_admin_login_page_is_not_compressed(client):
    response = client.get(reverse("admin:login"), **GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
