"""Shared fixtures. Under CI=true a missing service fails the run instead of skipping."""

import os
import shutil
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connections

from tests.factories import UserFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = "/usr/bin/chromium"


def require(condition, reason):
    """Skip on a developer's machine when a service is missing; fail under CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: nothing real may be skipped)", pytrace=False)
    pytest.skip(reason)


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    uses_transactions = bool(marker and marker.kwargs.get("transaction"))
    return uses_transactions or bool({"live_server", "transactional_db"} & set(item.fixturenames))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run transactional tests (browser tests among them) after all the others.

    They end by flushing the database, which empties the reference data that migrations
    loaded (countries, groups); later tests would then miss it.
    """
    items.sort(key=_is_transactional)


_REFERENCE_DATA = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keep the reference data that serialized rollback restores (countries, groups).

    Django keeps it on the connection object, and connections are per context: Playwright
    runs the browser tests in a context of its own, whose connection lacks it, so a flush
    there was followed by no restore once the database had been set up elsewhere.
    """
    for connection in connections.all(initialized_only=True):
        if hasattr(connection, "_test_serialized_contents"):
            _REFERENCE_DATA[connection.alias] = connection._test_serialized_contents


@pytest.fixture(autouse=True)
def _reference_data_for_serialized_rollback(request):
    if "live_server" in request.fixturenames:
        for alias, contents in _REFERENCE_DATA.items():
            connections[alias]._test_serialized_contents = contents


@pytest.fixture(autouse=True)
def _content_types_after_a_flush(request):
    """A transactional test may find the tables flushed by the one before it, content
    types included, and every brief needs one: they are made again as migration 0027 makes
    them. (After the fixture above, so that a serialized rollback restores them first.)"""
    if not _is_transactional(request.node):
        return
    request.getfixturevalue("transactional_db")
    import_module("briefs.migrations.0027_content_types").create_types(apps, None)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Files in tests land in throwaway folders: media, and the private files of exports
    and imports."""
    settings.MEDIA_ROOT = tmp_path / "media"
    private = {**settings.STORAGES["private"], "OPTIONS": {"location": tmp_path / "private"}}
    settings.STORAGES = {**settings.STORAGES, "private": private}


@pytest.fixture
def remembered(settings):
    """Values kept between requests, as in production: the archive's counts, kept
    fragments and searches, in local memory (whose expiry follows a travelling clock;
    Redis' follows the real one)."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.AGGREGATE_CACHE_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", group="Editors")


@pytest.fixture
def contributor(db):
    return UserFactory(username="contributor", group="Contributors")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(
        shutil.which("chromium") or os.path.exists(CHROMIUM), "Debian's chromium is not installed"
    )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }
