"""On SQLite (``make run``), saves wait their turn for the write lock, and a save that waited
too long comes back with every word typed and a message, never a 503.

The saves run in a process of their own (``tests/sqlite_file_editors.py``) on a migrated
database file, with a short busy timeout: half a second where another connection holds the
lock for longer, five seconds where the first save holds it for one.
"""

import json
import shutil
import sys

import pytest

from tests.processes import run

SHORT_TIMEOUT, LONG_TIMEOUT = 0.5, 5
BUSY_MESSAGE = "The database was busy; nothing was saved. Your text is still here: save again."


def child_env(database, busy_timeout=SHORT_TIMEOUT):
    """Only what the child needs: no DATABASE_URL, REDIS_URL or DEBUG of the caller's."""
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "SQLITE_BUSY_TIMEOUT": str(busy_timeout),
        "LOG_LEVEL": "ERROR",
    }


@pytest.fixture(scope="module")
def migrated_file(tmp_path_factory):
    database = tmp_path_factory.mktemp("sqlite") / "migrated.sqlite3"
    done = run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], env=child_env(database)
    )
    assert done.returncode == 0, done.stderr
    return database


@pytest.fixture
def editors_on_a_file(migrated_file, tmp_path):
    """Run one scenario of ``tests/sqlite_file_editors.py`` on a fresh copy; what it saw."""

    def scenario(name, busy_timeout=SHORT_TIMEOUT):
        database, result = tmp_path / "db.sqlite3", tmp_path / "result.json"
        shutil.copy(migrated_file, database)
        done = run(
            [sys.executable, "-m", "tests.sqlite_file_editors", name, str(result)],
            env=child_env(database, busy_timeout),
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(result.read_text())

    return scenario


def test_a_change_saved_while_the_database_stays_busy_keeps_the_text(editors_on_a_file):
    """The form comes back with the message and the typed title and summary; saving it again
    once the lock is free stores them."""
    seen = editors_on_a_file("busy-change")
    assert seen["busy"]["status"] == 200
    html = seen["busy"]["html"]
    assert BUSY_MESSAGE in html
    assert "Anna&#x27;s new title" in html and "Anna&#x27;s summary." in html
    assert seen["stored_meanwhile"] == "Original title"
    assert seen["again"]["status"] == 302
    assert seen["stored_after"] == "Anna's new title"


def test_a_new_brief_added_while_the_database_stays_busy_keeps_the_text(editors_on_a_file):
    """The add form comes back filled in, with the message, and nothing half-saved."""
    seen = editors_on_a_file("busy-add")
    assert seen["busy"]["status"] == 200
    html = seen["busy"]["html"]
    assert BUSY_MESSAGE in html
    assert "Every word of this summary must survive." in html
    assert "Two pages of careful analysis." in html
    assert seen["stored"] is False


def test_two_saves_at_once_both_succeed_the_second_after_waiting(editors_on_a_file):
    """The second save starts while the first holds the lock, waits for it, and is stored."""
    seen = editors_on_a_file("two-saves", busy_timeout=LONG_TIMEOUT)
    assert {name: save["status"] for name, save in seen["saves"].items()} == {
        "anna": 302,
        "ben": 302,
    }
    assert seen["saves"]["ben"]["seconds"] > SHORT_TIMEOUT
    assert seen["stored"] == ["anna saved", "ben saved"]
