"""Settings for the test suite: the real settings with test-only secrets and fast hashing."""

import os

from django.core.management.utils import get_random_secret_key

# A fresh key each run: no test key exists that could be copied into production.
os.environ.setdefault("SECRET_KEY", get_random_secret_key())
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Pinned, not defaulted: absolute links in tests must not follow the caller's shell.
os.environ["SITE_URL"] = "http://127.0.0.1:8000"
# The test client speaks plain HTTP; tests of the HTTPS redirect turn it back on.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# The caches' lifetimes and bounds and the text limit, pinned to their defaults: what the
# tests check must not follow the caller's shell (tests that need others set them).
os.environ.update(
    SEARCH_CACHE_SECONDS="600",
    EDITORIAL_CACHE_SECONDS="60",
    CDN_CACHE_SECONDS="10",
    GENERATION_CHECK_SECONDS="2",
    REDIS_TIMEOUT_SECONDS="0.25",
    CACHE_RETRY_SECONDS="5",
    RICH_TEXT_MAX_LENGTH="1000000",
)

from config.settings import *  # noqa: E402, F403
from config.settings import STORAGES  # noqa: E402

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
