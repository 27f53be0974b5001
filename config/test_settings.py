"""Settings for the test suite: the real settings, read from an environment of its own.

Only where the suite finds its services (``DATABASE_URL``, ``REDIS_URL``,
``CACHE_KEY_PREFIX``) comes from the caller's shell. Everything else the settings read is
what this module gives them, so a developer's ``DEBUG=1``, ``SITE_URL`` or ``EMAIL_HOST``
cannot change what the tests check (tests/test_test_settings.py proves it).
"""

import os
from unittest import mock

from django.core.management.utils import get_random_secret_key

callers_services = ["DATABASE_URL", "REDIS_URL", "CACHE_KEY_PREFIX"]
test_environment = {
    # A fresh key each run: no test key exists that could be copied into production.
    "SECRET_KEY": get_random_secret_key(),
    "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
    "SITE_URL": "http://127.0.0.1:8000",
    # The test client speaks plain HTTP; tests of the HTTPS redirect turn it back on.
    "SECURE_SSL_REDIRECT": "0",
}

services = {name: os.environ[name] for name in callers_services if name in os.environ}
# The caller's environment is set aside while the settings read theirs, then given back
# (subprocesses and tools still need PATH, HOME and the rest).
with mock.patch.dict(os.environ, {**services, **test_environment}, clear=True):
    from config.settings import *  # noqa: F403
    from config.settings import STORAGES

# Throttling stays on; only the test client's request-less client.login() skips it.
AUTHENTICATION_BACKENDS = [
    "tests.auth_backends.RequestOptionalAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The manifest storage needs collectstatic; tests and live-server browser tests serve
# the source files directly.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Nothing is collected in tests; WhiteNoise serves from the finders instead of STATIC_ROOT.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Pages are not cached unless a test turns the page cache on: the cache outlives each
# test's database transaction. tests/test_page_cache.py covers it.
PAGE_CACHE_SECONDS = 0
AGGREGATE_CACHE_SECONDS = 0
# Background tasks run at once, in the request that queues them (after its commit);
# tests/test_notification_delivery.py also runs them through the database and its worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A PDF costs WeasyPrint seconds, and every published brief a test saves would make one:
# tests/test_pdfs.py and the visibility walk turn them on.
BRIEF_PDFS = False
# A card costs Pillow a fifth of a second: tests/test_social_card_tasks.py turns them on.
SOCIAL_CARDS_AHEAD = False
