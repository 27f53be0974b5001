"""Admin logins: repeated failures slow an address and user name down, then lock it out."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.processes import BIN, production_env, run

LOGIN = "/admin/login/"
GOOD = {"username": "editor", "password": "correct-horse-battery"}
BAD = {"username": "editor", "password": "not-the-password"}
HOME = "203.0.113.7"


@pytest.fixture(autouse=True)
def policy(settings):
    """The numbers these tests speak of, whatever the environment configures."""
    settings.LOGIN_SLOW_AFTER = 3
    settings.LOGIN_SLOW_SECONDS = 10
    settings.AXES_FAILURE_LIMIT = 8
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.ACCOUNT_SLOW_AFTER = 10
    settings.ACCOUNT_MAX_WAIT_SECONDS = 120


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def attempt(client, credentials, address=HOME):
    return client.post(LOGIN, credentials, REMOTE_ADDR=address)


def fail_repeatedly(client, clock, times, address=HOME, credentials=BAD):
    """Fail the password check `times` times, waiting out each slow-down before the next try."""
    response = None
    for _ in range(times):
        if response is not None and response.status_code == 429:
            clock.shift(int(response["Retry-After"]))
        response = attempt(client, credentials, address)
    return response


def messages(caplog, text):
    return [record for record in caplog.records if text in record.getMessage()]


@pytest.mark.django_db
def test_failures_slow_down_then_lock_out_and_both_are_logged(
    client, editor, settings, clock, caplog
):
    for _ in range(settings.LOGIN_SLOW_AFTER):
        assert attempt(client, BAD).status_code == 200
    with caplog.at_level("WARNING"):
        slowed = attempt(client, BAD)
        assert slowed.status_code == 429
        assert "about 10 seconds" in slowed.text
        assert attempt(client, GOOD).status_code == 429, "the right password waits too"
        clock.shift(10)
        assert "about 20 seconds" in attempt(client, BAD).text, "each failure doubles the wait"
        clock.shift(20)
        steps_left = settings.AXES_FAILURE_LIMIT - settings.LOGIN_SLOW_AFTER - 2
        locked = fail_repeatedly(client, clock, steps_left)
    assert "about 15 minutes" in locked.text
    slow_downs = messages(caplog, "Slowing down logins")
    assert len(slow_downs) == settings.AXES_FAILURE_LIMIT - settings.LOGIN_SLOW_AFTER - 1
    assert "'editor'" in slow_downs[0].getMessage() and HOME in slow_downs[0].getMessage()
    assert slow_downs[0].failures_from_address == settings.LOGIN_SLOW_AFTER + 1
    lockouts = messages(caplog, "Locking out")
    assert len(lockouts) == 1
    assert "editor" in lockouts[0].getMessage() and HOME in lockouts[0].getMessage()
    clock.shift(timedelta(minutes=14))
    assert attempt(client, GOOD).status_code == 429


@pytest.mark.django_db
def test_the_first_failures_are_free(client, editor, settings, clock):
    """After exactly LOGIN_SLOW_AFTER failures the right password still gets in at once."""
    for number in range(1, settings.LOGIN_SLOW_AFTER + 1):
        assert attempt(client, BAD).status_code == 200, f"failure {number} is free"
    assert attempt(client, GOOD).status_code == 302


@pytest.mark.django_db
def test_the_failure_after_the_free_ones_starts_a_wait(client, editor, settings, clock):
    """Failure LOGIN_SLOW_AFTER + 1 is answered with the wait page, and so is the next try."""
    fail_repeatedly(client, clock, settings.LOGIN_SLOW_AFTER)
    slowed = attempt(client, BAD)
    assert (slowed.status_code, slowed["Retry-After"]) == (429, "10")
    assert attempt(client, GOOD).status_code == 429


@pytest.mark.django_db
def test_time_passing_lifts_a_slow_down(client, editor, settings, clock):
    fail_repeatedly(client, clock, settings.LOGIN_SLOW_AFTER)
    assert attempt(client, BAD).status_code == 429
    clock.shift(5)
    assert attempt(client, GOOD).status_code == 429
    clock.shift(5)
    assert attempt(client, GOOD).status_code == 302


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(client, editor, settings, clock):
    fail_repeatedly(client, clock, settings.AXES_FAILURE_LIMIT)
    assert attempt(client, GOOD).status_code == 429
    clock.shift(timedelta(minutes=15))
    assert attempt(client, GOOD).status_code == 302


@pytest.mark.django_db
def test_lockout_is_per_address_and_user_name(client, editor, settings, clock):
    """Failures from elsewhere cannot lock an editor out of their own desk."""
    fail_repeatedly(client, clock, settings.AXES_FAILURE_LIMIT, address="198.51.100.9")
    assert attempt(client, GOOD, address=HOME).status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_new_x_forwarded_for_on_each_try_escapes_no_slow_down(client, editor, settings):
    """With no proxy in front, what a client says its address is counts for nothing."""
    for number in range(settings.LOGIN_SLOW_AFTER + 1):
        spoofed = {"X-Forwarded-For": f"198.51.100.{number}"}
        response = client.post(LOGIN, BAD, REMOTE_ADDR=HOME, headers=spoofed)
    assert response.status_code == 429


@pytest.mark.django_db
def test_logins_that_bypassed_the_proxies_are_slowed_down_together(client, editor, settings):
    """Behind two proxies, requests that did not come through them (too few entries in
    X-Forwarded-For) have no address anyone vouches for: they share one count."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 1  # as config/settings.py sets it for two proxies
    for number in range(settings.LOGIN_SLOW_AFTER):
        assert attempt(client, BAD, address=f"198.51.100.{number}").status_code == 200
    assert attempt(client, BAD, address="198.51.100.99").status_code == 429


@pytest.mark.django_db
def test_successful_login_resets_the_failure_count(client, editor, settings, clock):
    fail_repeatedly(client, clock, settings.LOGIN_SLOW_AFTER + 1)
    clock.shift(10)
    assert attempt(client, GOOD).status_code == 302
    client.logout()
    for _ in range(settings.LOGIN_SLOW_AFTER):
        assert attempt(client, BAD).status_code == 200
    assert attempt(client, GOOD).status_code == 302


@pytest.mark.django_db
def test_failures_for_one_account_from_many_addresses_slow_it_down(
    client, editor, settings, clock, caplog
):
    for number in range(1, settings.ACCOUNT_SLOW_AFTER + 1):
        assert attempt(client, BAD, address=f"198.51.100.{number}").status_code == 200
    with caplog.at_level("WARNING"):
        assert attempt(client, BAD, address="198.51.100.200").status_code == 429
    slow_down = messages(caplog, "Slowing down logins")[0]
    assert slow_down.failures_for_account == settings.ACCOUNT_SLOW_AFTER + 1
    assert slow_down.failures_from_address == 1
    assert attempt(client, GOOD, address=HOME).status_code == 429, "the account waits"
    clock.shift(10)
    assert attempt(client, GOOD, address=HOME).status_code == 302


@pytest.mark.django_db
def test_an_attacked_account_never_waits_long(client, editor, settings, clock):
    """Spraying one user name from many addresses cannot keep its editor out for long."""
    response = None
    for number in range(1, settings.ACCOUNT_SLOW_AFTER + 8):
        if response is not None and response.status_code == 429:
            clock.shift(int(response["Retry-After"]))
        response = attempt(client, BAD, address=f"198.51.100.{number}")
    assert "about 2 minutes" in response.text
    clock.shift(settings.ACCOUNT_MAX_WAIT_SECONDS)
    assert attempt(client, GOOD, address=HOME).status_code == 302


@pytest.mark.django_db
def test_the_wait_page_is_a_clear_admin_page(client, settings, clock):
    tried = {"username": "margarethe.lindqvist", "password": "not-the-password"}
    response = fail_repeatedly(client, clock, settings.LOGIN_SLOW_AFTER + 1, credentials=tried)
    assert response.status_code == 429
    assert response["Retry-After"] == "10"
    assert response["Content-Type"].startswith("text/html")
    assert "Please wait before trying again" in response.text
    assert "Too many failed sign-in attempts" in response.text
    assert "Please wait about 10 seconds" in response.text
    assert 'id="header"' in response.text, "it wears the admin's look"
    assert f'href="{LOGIN}"' in response.text
    assert "Traceback" not in response.text
    assert "lindqvist" not in response.text


@pytest.mark.django_db
def test_the_wait_page_does_not_tell_whether_the_account_exists(client, editor, settings, clock):
    real = fail_repeatedly(client, clock, settings.LOGIN_SLOW_AFTER + 1)
    unknown = {"username": "nobody-here", "password": "not-the-password"}
    made_up = fail_repeatedly(client, clock, settings.LOGIN_SLOW_AFTER + 1, credentials=unknown)
    assert (real.status_code, real["Retry-After"]) == (made_up.status_code, made_up["Retry-After"])
    assert real.content == made_up.content


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
