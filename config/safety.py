"""The start-up refusal: production never runs on a guessable key, without host names or
without the public address that links in e-mails, feeds and sitemaps are built from; no
process runs with e-mail settings that contradict each other."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_CHARACTERS = 5
# Keys that appear in documentation, templates and generated projects: never secret.
KNOWN_DEFAULT_PREFIXES = ("django-insecure", "insecure-", "test-suite-secret-key")
KNOWN_DEFAULT_KEYS = {"changeme", "change-me", "secret", "secret-key", "your-secret-key"}


class UnsafeConfiguration(ImproperlyConfigured):
    """Raised while loading settings; manage.py and gunicorn print it as one line and stop."""


def secret_key_problem(secret_key):
    """Why ``secret_key`` is unfit for production, or an empty string if it is fit."""
    if not secret_key:
        return "SECRET_KEY is missing"
    if secret_key.lower() in KNOWN_DEFAULT_KEYS or secret_key.startswith(KNOWN_DEFAULT_PREFIXES):
        return "SECRET_KEY is a published default"
    if len(secret_key) < MIN_SECRET_KEY_LENGTH:
        return f"SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters"
    if len(set(secret_key)) < MIN_SECRET_KEY_CHARACTERS:
        return f"SECRET_KEY uses fewer than {MIN_SECRET_KEY_CHARACTERS} distinct characters"
    return ""


def site_url_problem(site_url):
    """Why ``site_url`` cannot be the site's public address, or an empty string if it can."""
    if not site_url:
        return "SITE_URL is missing"
    parts = urlsplit(site_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return "SITE_URL is not a full address with http:// or https://"
    return ""


def refuse_unsafe_production(secret_key, allowed_hosts, site_url):
    """Raise ``UnsafeConfiguration`` unless a DEBUG-off process is safe to start."""
    problem = secret_key_problem(secret_key)
    if problem:
        raise UnsafeConfiguration(
            f"{problem}: set SECRET_KEY to a long random value, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'` "
            "(or DEBUG=1 on a development machine)."
        )
    if not allowed_hosts:
        raise UnsafeConfiguration(
            "ALLOWED_HOSTS is empty: set it to the site's host names, comma-separated."
        )
    problem = site_url_problem(site_url)
    if problem:
        raise UnsafeConfiguration(
            f"{problem}: set it to the site's public address, e.g. https://briefs.example.org; "
            "links in e-mails, feeds, sitemaps and shared cards are built from it."
        )


def refuse_conflicting_email_encryption(use_tls, use_ssl):
    """Raise ``UnsafeConfiguration`` when both SMTP encryptions are on, in any mode.

    Django would only fail when the first e-mail is sent, in a background worker.
    """
    if use_tls and use_ssl:
        raise UnsafeConfiguration(
            "EMAIL_USE_TLS and EMAIL_USE_SSL are both on: choose one, EMAIL_USE_TLS=1 for "
            "STARTTLS (port 587, the default) or EMAIL_USE_SSL=1 for implicit TLS (port 465)."
        )
