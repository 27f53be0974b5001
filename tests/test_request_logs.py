"""Request ids, JSON request logs, and plain error pages with the details kept server-side."""

import io
import json
import logging
from unittest import mock

import pytest
from django.db import OperationalError

from ops.logging import JsonFormatter, RequestIdFilter, TextFormatter

HOME_CONTEXT = "briefs.public.views.HomeView.get_context_data"


@pytest.fixture
def log_lines():
    """What the project's log handler writes, as parsed JSON objects."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_a_proxys_request_id_is_kept_and_returned(client, log_lines):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"})
    assert response["X-Request-ID"] == "lb-7f3a.42"
    [line] = [line for line in log_lines() if line["logger"] == "ops.requests"]
    assert line["request_id"] == "lb-7f3a.42"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert line["duration_ms"] >= 0


def test_a_malformed_request_id_is_replaced(client):
    response = client.get("/healthz", headers={"X-Request-ID": "bad id\u2028<script>"})
    assert response["X-Request-ID"] != "bad id\u2028<script>"
    assert len(response["X-Request-ID"]) == 32


def test_each_request_gets_its_own_id(client):
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


@pytest.mark.django_db
def test_an_error_is_a_plain_500_page_with_the_traceback_logged(client, log_lines):
    client.raise_request_exception = False
    with mock.patch(HOME_CONTEXT, side_effect=RuntimeError("secret internals")):
        response = client.get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    assert "secret internals" not in page and "Traceback" not in page
    [error] = [line for line in log_lines() if line["level"] == "ERROR"]
    assert error["request_id"] == response["X-Request-ID"]
    assert "RuntimeError: secret internals" in error["traceback"]


@pytest.mark.django_db
def test_database_down_is_a_plain_503_page(client, log_lines):
    client.raise_request_exception = False
    refused = OperationalError("connection to server at 127.0.0.1 refused")
    with mock.patch(HOME_CONTEXT, side_effect=refused):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-cache" in response["Cache-Control"]
    page = response.content.decode()
    assert "Temporarily unavailable" in page
    assert "127.0.0.1" not in page
    [error] = [line for line in log_lines() if line["logger"] == "ops.middleware"]
    assert error["level"] == "ERROR"
    assert error["request_id"] == response["X-Request-ID"]
    assert error["message"].startswith("Database unavailable")
    assert "OperationalError" in error["traceback"]


def test_a_developers_terminal_gets_plain_lines_with_the_request_id():
    """With DEBUG on (``make run``) a request's log line reads as text, id included."""
    record = logging.makeLogRecord(
        {
            "name": "ops.requests",
            "levelname": "INFO",
            "msg": "GET /briefs/ 200",
            "request_id": "ab12",
        }
    )
    assert TextFormatter().format(record).endswith(" INFO ops.requests: GET /briefs/ 200 [ab12]")
    without_request = logging.makeLogRecord({"name": "briefs", "levelname": "WARNING", "msg": "x"})
    assert TextFormatter().format(without_request).endswith(" WARNING briefs: x")
