"""Production configuration: unsafe settings stop the process, safe ones pass check --deploy."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.processes import BIN, manage, production_env, run

UNSAFE = {
    "missing key": {"SECRET_KEY": None},
    "Django's generated default": {"SECRET_KEY": "django-insecure-" + "k" * 30 + "abcdefghij"},
    "the development default": {"SECRET_KEY": "insecure-local-development-only"},
    "the former test key": {"SECRET_KEY": "test-suite-secret-key-not-used-anywhere-else"},
    "changeme": {"SECRET_KEY": "changeme"},
    "short key": {"SECRET_KEY": "a-random-looking-but-short-key-9f8e7d"},
    "repetitive key": {"SECRET_KEY": "ab" * 30},
    "no allowed hosts": {"ALLOWED_HOSTS": ""},
    "no site address": {"SITE_URL": None},
    "a site address without its scheme": {"SITE_URL": "briefs.example.org"},
    "both e-mail encryptions": {"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"},
}


@pytest.mark.parametrize("overrides", UNSAFE.values(), ids=UNSAFE.keys())
def test_manage_py_refuses_unsafe_production_settings(overrides):
    """With DEBUG off, manage.py stops with one line saying what to fix."""
    result = manage("check", env=production_env(**overrides))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Refusing to start: ")
    assert next(iter(overrides)) in lines[0]


def test_gunicorn_refuses_unsafe_production_settings():
    """gunicorn stops before forking workers, with the same one-line explanation."""
    env = production_env(SECRET_KEY="changeme")
    result = run([BIN / "gunicorn", "-c", "config/gunicorn.py", "--check-config"], env=env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == result.stderr.strip().splitlines()[0]
    assert "Refusing to start: SECRET_KEY is a published default" in result.stderr


def test_gunicorn_config_loads_the_application_with_safe_settings():
    result = run([BIN / "gunicorn", "-c", "config/gunicorn.py", "--check-config"], production_env())
    assert result.returncode == 0, result.stderr


def test_debug_mode_starts_without_any_secret():
    """A developer's machine needs only DEBUG=1; no site address is set, so links follow
    the address each request came to (``addresses.site_root``), whatever the port."""
    env = production_env(DEBUG="1", SECRET_KEY=None, ALLOWED_HOSTS=None, SITE_URL=None)
    result = manage("check", env=env)
    assert result.returncode == 0, result.stderr
    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )
    result = run([BIN / "python", "-c", script], env)
    assert result.stdout.splitlines()[-1] == "", result.stderr


@pytest.mark.django_db
def test_demo_accounts_are_refused_with_debug_off(settings):
    """Their passwords are in the source: with DEBUG off, load_demo says so and creates none."""
    settings.DEBUG = False
    with pytest.raises(CommandError) as refusal:
        call_command("load_demo", "--with-accounts", stdout=StringIO())
    message = str(refusal.value)
    assert "passwords are published" in message and "createsuperuser" in message
    assert not get_user_model().objects.exists()


def test_check_deploy_passes_with_the_documented_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_s3_storage_is_configured_from_the_environment():
    """Naming a bucket moves media to django-storages' S3 back end; images may load from it."""
    script = (
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.STORAGES['default'], "
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))"
    )
    env = production_env(
        AWS_STORAGE_BUCKET_NAME="briefs-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
    )
    result = run([BIN / "python", "-c", f"import django; django.setup(); {script}"], env)
    assert result.returncode == 0, result.stderr
    storage, img_src = json.loads(result.stdout.splitlines()[-1])
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "briefs-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://objects.example.net"
    assert "https://media.example.org" in img_src


def email_settings(**environment):
    """The e-mail settings a production process starts with under ``environment``."""
    names = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "EMAIL_USE_SSL"]
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names}}}))"
    )
    result = run([BIN / "python", "-c", script], production_env(**environment))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


SMTP = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_SETUPS = {
    "a relay: STARTTLS on the submission port": (
        {"EMAIL_HOST": "smtp.example.org"},
        {"EMAIL_BACKEND": SMTP, "EMAIL_PORT": 587, "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False},
    ),
    "a relay with implicit TLS": (
        {"EMAIL_HOST": "smtp.example.org", "EMAIL_USE_SSL": "1"},
        {"EMAIL_BACKEND": SMTP, "EMAIL_PORT": 465, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": True},
    ),
    "a relay on a trusted network, in clear by choice": (
        {"EMAIL_HOST": "mail.internal", "EMAIL_USE_TLS": "0"},
        {"EMAIL_BACKEND": SMTP, "EMAIL_PORT": 25, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False},
    ),
    "a relay on its own port": (
        {"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "2525"},
        {"EMAIL_BACKEND": SMTP, "EMAIL_PORT": 2525, "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False},
    ),
    "no relay: the console": (
        {},
        {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
    ),
}


@pytest.mark.parametrize(("environment", "expected"), EMAIL_SETUPS.values(), ids=EMAIL_SETUPS)
def test_email_is_encrypted_by_default(environment, expected):
    """Naming a mail relay sends by SMTP with STARTTLS on port 587 unless told otherwise."""
    values = email_settings(**environment)
    assert {name: values[name] for name in expected} == expected


def test_both_email_encryptions_are_refused_on_a_developers_machine_too():
    """EMAIL_USE_TLS and EMAIL_USE_SSL contradict each other: no process starts with both."""
    env = production_env(DEBUG="1", EMAIL_USE_TLS="1", EMAIL_USE_SSL="1")
    result = manage("check", env=env)
    assert result.returncode != 0
    assert result.stderr.strip().startswith("Refusing to start: EMAIL_USE_TLS and EMAIL_USE_SSL")


@pytest.fixture
def behind_tls_proxy(settings):
    settings.SECURE_SSL_REDIRECT = True
    return {"HTTP_X_FORWARDED_PROTO": "https"}


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, behind_tls_proxy):
    response = client.get("/briefs/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/briefs/"


@pytest.mark.django_db
def test_https_through_the_proxy_is_served_with_hsts(client, behind_tls_proxy):
    response = client.get("/briefs/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


@pytest.mark.django_db
def test_probes_answer_plain_http_from_the_load_balancer(client, behind_tls_proxy):
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_cookies_are_secure_and_http_only(client, editor):
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name


def test_gunicorn_config_reads_the_environment():
    """make serve's gunicorn: workers and address from the environment, no control socket."""
    env = production_env(WEB_CONCURRENCY="3", GUNICORN_BIND="127.0.0.1:8190")
    result = run([BIN / "gunicorn", "-c", "config/gunicorn.py", "--print-config"], env)
    assert result.returncode == 0, result.stderr
    config = {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }
    assert config["wsgi_app"] == "config.wsgi:application"
    assert config["workers"] == "3"
    assert config["bind"] == "['127.0.0.1:8190']"
    assert config["control_socket_disable"] == "True"
    assert config["accesslog"] == "-"
