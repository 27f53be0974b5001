"""Requests larger than an upload can be are refused before a byte of their body is read."""

import socket

import pytest
from django.urls import reverse

from briefs.models import Brief
from countries.models import Country
from loadtest.server import app_server, collect_static
from tests import image_files as files
from tests.app_servers import free_port
from tests.factories import AuthorFactory
from tests.processes import production_env
from tests.test_admin import brief_form, with_authors

pytestmark = pytest.mark.django_db


class UnreadableBody:
    """A ``wsgi.input`` that fails the test as soon as anything reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def post_without_body(client, **environ):
    """An admin form post whose body cannot be read, with only the given length headers."""
    return client.generic(
        "POST",
        reverse("admin:briefs_brief_add"),
        CONTENT_TYPE="multipart/form-data; boundary=----limit",
        **{"wsgi.input": UnreadableBody(), **environ},
    )


def add_form_with_hero(data):
    return with_authors(
        brief_form(
            countries=[Country.objects.get(code="GE").pk],
            hero_image=files.upload(data),
            hero_alt="Traffic on Rustaveli Avenue",
        ),
        AuthorFactory(),
    )


def test_an_oversized_request_is_refused_with_413_before_its_body_is_read(editor_client, settings):
    """A declared length over the limit is answered 413 with a page saying what fits."""
    response = post_without_body(editor_client, CONTENT_LENGTH=str(settings.REQUEST_MAX_BYTES + 1))
    assert response.status_code == 413
    assert "The upload is too large" in response.text
    assert "an image may be at most 20.0\xa0MB" in response.text


def test_a_body_of_unknown_length_is_refused_with_411(editor_client):
    """A chunked body (no Content-Length) cannot slip past the limit: 411, unread."""
    response = post_without_body(editor_client, HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411
    assert "Content-Length" in response.text


def test_a_normal_upload_still_works(editor_client):
    """An image within the limits is posted, stored and the brief created."""
    response = editor_client.post(
        reverse("admin:briefs_brief_add"), add_form_with_hero(files.jpeg(1200, 600))
    )
    assert response.status_code == 302
    assert Brief.objects.get().hero.image


def test_an_image_just_over_its_limit_gets_the_form_explanation(editor_client, settings):
    """The request limit leaves room for the largest image, so the form can say why."""
    data = b"\xff\xd8\xff" + b"\0" * settings.IMAGE_UPLOAD_MAX_BYTES
    response = editor_client.post(reverse("admin:briefs_brief_add"), add_form_with_hero(data))
    assert response.status_code == 200
    assert "the limit is 20.0\xa0MB" in response.text


def test_the_request_limit_covers_an_image_and_the_rest_of_its_form(settings):
    """The largest image plus the most text Django accepts still fits in one request, and
    Django accepts a body and notes at their longest, in any script."""
    largest_form = settings.IMAGE_UPLOAD_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert largest_form < settings.REQUEST_MAX_BYTES
    longest_texts = 2 * len("😀".encode()) * settings.RICH_TEXT_MAX_LENGTH
    assert longest_texts < settings.DATA_UPLOAD_MAX_MEMORY_SIZE


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """The production server, as `make serve` starts it, on the port it yields; these
    requests need no database."""
    root = tmp_path_factory.mktemp("request-limits")
    env = production_env(
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(root / "static"),
        DATABASE_URL=f"sqlite:///{root / 'unused.sqlite3'}",
    )
    collect_static(env, root / "static")
    port = free_port()
    with app_server(port, env, root / "gunicorn.log"):
        yield port


def status_of(port, head, body=b""):
    """The status line gunicorn answers to a raw request, sent with ``body`` and no more."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        return connection.recv(4096).split(b"\r\n", 1)[0].decode()


def test_gunicorn_answers_413_without_waiting_for_the_body(gunicorn):
    """Only the headers of a 1 GB upload are sent; the refusal comes back at once.

    The CSRF cookie makes Django look for the form's token in the body: without the
    limit, the server would sit waiting for the gigabyte.
    """
    head = (
        "POST /admin/briefs/brief/add/ HTTP/1.1\nHost: 127.0.0.1\n"
        f"Cookie: csrftoken={'a' * 32}\n"
        "Content-Type: multipart/form-data; boundary=x\nContent-Length: 1000000000\n"
    )
    assert status_of(gunicorn, head) == "HTTP/1.1 413 Request Entity Too Large"


def test_gunicorn_refuses_a_chunked_body_with_411(gunicorn):
    """gunicorn passes Transfer-Encoding on, so a chunked upload cannot slip past the limit."""
    head = (
        "POST /admin/briefs/brief/add/ HTTP/1.1\nHost: 127.0.0.1\n"
        "Content-Type: multipart/form-data; boundary=x\nTransfer-Encoding: chunked\n"
    )
    assert status_of(gunicorn, head, b"5\r\nhello\r\n0\r\n\r\n") == "HTTP/1.1 411 Length Required"


def test_a_too_large_post_under_ru_is_refused_in_russian(client, settings):
    """The 413 comes before the language middleware, yet a /ru/ address gets Russian."""
    response = client.generic(
        "POST",
        "/ru/alerts/subscribe/",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(settings.REQUEST_MAX_BYTES + 1),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert '<html lang="ru">' in response.text
    assert "Слишком большой файл" in response.text
    assert response.headers["Content-Language"] == "ru"
    assert 'href="/ru/"' in response.text


def test_an_editor_who_chose_russian_gets_the_413_in_russian(editor_client, settings):
    """In the admin the refusal follows the editor's choice, as the admin's pages do."""
    editor_client.cookies["django_language"] = "ru"
    response = post_without_body(editor_client, CONTENT_LENGTH=str(settings.REQUEST_MAX_BYTES + 1))
    assert response.status_code == 413
    assert "Слишком большой файл" in response.text


def test_an_english_address_keeps_the_english_413(client, settings):
    """No prefix, no cookie consulted: the refusal stays in the default language."""
    client.cookies["django_language"] = "ru"
    response = client.generic(
        "POST",
        "/alerts/subscribe/",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(settings.REQUEST_MAX_BYTES + 1),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert "The upload is too large" in response.text
