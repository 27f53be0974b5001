"""Admin logins: repeated failures lock out that address and user name for a while."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.processes import BIN, production_env, run

LOGIN = "/admin/login/"
GOOD = {"username": "editor", "password": "correct-horse-battery"}
BAD = {"username": "editor", "password": "not-the-password"}


def attempt(client, credentials, address="203.0.113.7"):
    return client.post(LOGIN, credentials, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_lockout_after_repeated_failures_is_logged(client, editor, settings, caplog):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, BAD).status_code == 200
    with caplog.at_level("WARNING", logger="axes"):
        assert attempt(client, BAD).status_code == 429
    lockouts = [
        record.getMessage() for record in caplog.records if "Locking out" in record.getMessage()
    ]
    assert len(lockouts) == 1
    assert "editor" in lockouts[0] and "203.0.113.7" in lockouts[0]
    assert attempt(client, GOOD).status_code == 429, "the right password waits out the lock"


@pytest.mark.django_db
def test_lockout_is_per_address_and_user_name(client, editor, settings):
    """Failures from elsewhere cannot lock an editor out of their own desk."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, BAD, address="198.51.100.9")
    assert attempt(client, GOOD, address="203.0.113.7").status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, BAD)
    assert attempt(client, GOOD).status_code == 429
    with time_machine.travel(timedelta(minutes=16)):
        assert attempt(client, GOOD).status_code == 302


@pytest.mark.django_db
def test_successful_login_resets_the_failure_count(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, BAD)
    assert attempt(client, GOOD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, BAD).status_code == 200
    assert attempt(client, GOOD).status_code == 302


@pytest.mark.django_db
def test_the_test_clients_login_still_works(client, editor):
    """Tests elsewhere may sign in with client.login(); throttling must not break them."""
    assert client.login(username="editor", password="correct-horse-battery")
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "password", ["short-pass1", "password1234", "382947561029", "editor-editor"]
)
def test_weak_passwords_are_refused(password, django_user_model):
    user = django_user_model(username="editor-editor", email="editor@example.org")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_unusual_password_is_accepted(django_user_model):
    validate_password("tangerine-orbit-lantern-42", django_user_model(username="editor"))


def test_admin_address_comes_from_the_environment():
    script = (
        "import django; django.setup(); "
        "from django.urls import reverse; print(reverse('admin:index'))"
    )
    result = run([BIN / "python", "-c", script], production_env(ADMIN_URL="/back-office/"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "/back-office/"
