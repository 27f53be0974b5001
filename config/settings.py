"""Settings for the policy briefs CMS, read from the environment only.

The embedded default (no environment at all apart from ``DEBUG=1``) is SQLite and the
local-memory cache. Production sets ``DEBUG=0`` (or leaves it unset), a real ``SECRET_KEY``,
``ALLOWED_HOSTS`` and ``SITE_URL``; the process refuses to start without them.
"""

import os
from datetime import timedelta
from pathlib import Path

import csp.constants as csp
import dj_database_url
from js_asset import static_lazy

from briefs.content import editor_extensions, figures, footnotes, language_direction
from briefs.content.slug_urls import slug_url
from config.safety import refuse_conflicting_email_encryption, refuse_unsafe_production
from ops.cache import redis_cache

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_VALUES = {"1", "true", "yes", "on"}
INSECURE_KEY_PREFIX = "insecure-"


def env(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    value = env(name)
    return value.lower() in TRUE_VALUES if value else default


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public address absolute links are built from (e-mails, feeds, sitemaps, cards);
# unset under DEBUG, each request's own address (briefs.content.addresses.site_root).
SITE_URL = env("SITE_URL").rstrip("/")

if DEBUG:
    SECRET_KEY = SECRET_KEY or INSECURE_KEY_PREFIX + "local-development-only"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    refuse_unsafe_production(SECRET_KEY, ALLOWED_HOSTS, SITE_URL)

SITE_NAME = env("SITE_NAME", "Caspian & Black Sea Policy Briefs")

INSTALLED_APPS = [
    "config.apps.EditorialAdminConfig",  # django.contrib.admin with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # its sitemap.xml templates
    "taggit",
    "reversion",
    "django_prose_editor",
    "countries",
    "briefs",
    "csp",
    "axes",
    "ops",
    "accounts",
    "django_tasks",
    "django_tasks_db",
    "corsheaders",
]

MIDDLEWARE = [
    # Request ids and security headers come before WhiteNoise so static files get them too.
    "ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above the page cache, so a kept API answer gets its CORS headers too, and preflights
    # are answered before anything else runs (CORS_* below).
    "corsheaders.middleware.CorsMiddleware",
    "ops.csp.ContentSecurityPolicyMiddleware",
    "ops.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Before anything that reads a body: too large a request is refused unread.
    "ops.request_limits.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags and 304s, above the page cache (a kept page is revalidated without rendering)
    # and the gzip below it (the ETag is of the bytes sent; see briefs/page_cache.py).
    "django.middleware.http.ConditionalGetMiddleware",
    # Above the page cache, whose keys carry the language: a public page's language is in
    # its address only (/ru/...), never the browser's or a cookie's; the admin's is the
    # editor's choice (ops/languages.py, docs/languages.md).
    "ops.languages.LanguageFromAddressMiddleware",
    # Above sessions and auth: a cached page costs no session, user or database work.
    "briefs.caching.page_cache.AnonymousPageCacheMiddleware",
    # Below the page cache, which keeps the gzipped and the plain page apart.
    "briefs.caching.page_cache.PublicPageGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ops.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last: it redirects the imported posts' old addresses, asked only about 404s and /?p=.
    "briefs.imports.redirects.OldAddressMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "briefs.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for SQLite's one write lock instead of failing at once: each
    # transaction takes it at BEGIN and waits up to SQLITE_BUSY_TIMEOUT seconds for it
    # (a busy save that still fails shows its form again). WAL lets pages be read meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": float(env("SQLITE_BUSY_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Every query of the site is short. PostgreSQL's JIT compiles a query whose plan only
    # estimates a high cost: at 100,000 briefs it spent 240 ms compiling the archive's 2 ms
    # count query (its take-down corrections were estimated at 28,000 rows, found 0).
    DATABASES["default"]["OPTIONS"] = {
        "options": "-c jit=off",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A Redis call that takes longer fails (a hung Redis costs a request this, once); then
# the cache is skipped for CACHE_RETRY_SECONDS and pages come from the database.
REDIS_TIMEOUT_SECONDS = float(env("REDIS_TIMEOUT_SECONDS", "0.25"))
CACHE_RETRY_SECONDS = float(env("CACHE_RETRY_SECONDS", "5"))
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # django-redis, with a circuit breaker that skips Redis for a while when it fails.
    CACHES = {
        "default": redis_cache(
            REDIS_URL, REDIS_TIMEOUT_SECONDS, key_prefix=env("CACHE_KEY_PREFIX", "briefs")
        )
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface's languages (docs/languages.md). The default keeps today's addresses and
# British English formats; every other language lives under its own prefix (/ru/...). The
# default's code is LANGUAGE_CODE itself, so that it is the one without a prefix.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Exports uploaded for import in the admin (briefs/imports/runs.py) hold drafts and the old
# site's e-mail addresses: they are kept here, outside MEDIA_ROOT, where no address serves
# them. Several app servers and task workers must share this folder (docs/importing.md).
PRIVATE_ROOT = Path(env("PRIVATE_ROOT", str(BASE_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Files of the administrators' background work (exports written, exports uploaded for
    # import): drafts and e-mail addresses are in them, so never under MEDIA_ROOT, never served.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The rich-text editor's own extensions, each a script for the editor and the tags it adds
# to the sanitizer's allow-list: paragraphs and quotations keep their language and writing
# direction (briefs/content/language_direction.py); figures show images of the image
# library by id (briefs/content/figures.py); footnotes, abbreviations and table captions
# (briefs/content/footnotes.py, briefs/content/editor_extensions.py).
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/language-direction.js")],
        "extensions": {
            language_direction.EXTENSION: language_direction.allow_language_and_direction
        },
    },
    {
        "js": [static_lazy("js/figure.js")],
        "extensions": {figures.EXTENSION: figures.allow_figures},
    },
    {
        "js": [static_lazy("js/footnote.js")],
        "extensions": {footnotes.EXTENSION: footnotes.allow_footnotes},
    },
    {
        "js": [static_lazy("js/abbreviation.js")],
        "extensions": {editor_extensions.ABBREVIATION: editor_extensions.allow_abbreviations},
    },
    {
        "js": [static_lazy("js/table-caption.js")],
        "extensions": {editor_extensions.TABLE_CAPTION: editor_extensions.allow_table_captions},
    },
]

# --- Uploads: the largest image, and the largest request (docs/production.md) ---
# briefs/images/validation.py refuses a larger image with a form error.
IMAGE_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
# The largest export an administrator may upload for import in the admin; larger exports
# go through manage.py import_wxr (docs/importing.md). Larger is a form error.
WXR_UPLOAD_MAX_BYTES = int(env("WXR_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
# The most characters of HTML a brief's body or notes (or one paste into them) may hold;
# real briefs stay far below (docs/images-and-rich-text.md). Longer is a form error.
RICH_TEXT_MAX_LENGTH = int(env("RICH_TEXT_MAX_LENGTH", "1000000"))
# The text fields of one brief form, which Django keeps in memory: body and notes at their
# longest in four-byte characters (the form is multipart, which sends UTF-8 as it is), and
# a megabyte for the rest. So an over-long body gets its form error, not a 400 page.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 4 * RICH_TEXT_MAX_LENGTH + 1024 * 1024
# ops/request_limits.py answers 413, unread, to any larger request: room for the largest
# image or export, the text fields and the multipart framing, so an image a little over its limit
# still gets the form's explanation. The proxy in front should accept the same (nginx:
# client_max_body_size 30m with the defaults).
REQUEST_MAX_BYTES = (
    max(IMAGE_UPLOAD_MAX_BYTES, WXR_UPLOAD_MAX_BYTES) + DATA_UPLOAD_MAX_MEMORY_SIZE + 1024 * 1024
)
# The brief form posts what is typed and not saved yet every AUTOSAVE_SECONDS while it
# changes (briefs/editorial/autosaves.py, docs/workflow.md). A larger post than a brief form
# may hold (JSON escapes each quote of the HTML: twice the form's fields) is refused (413).
AUTOSAVE_SECONDS = int(env("AUTOSAVE_SECONDS", "5"))
AUTOSAVE_MAX_BYTES = 2 * DATA_UPLOAD_MAX_MEMORY_SIZE

# Review notifications are e-mailed in the background (see TASKS below); without
# EMAIL_HOST they are printed on the console. Naming a relay in EMAIL_HOST switches to SMTP,
# encrypted by default: STARTTLS on port 587, or implicit TLS on port 465 with EMAIL_USE_SSL=1;
# EMAIL_USE_TLS=0 sends in clear on port 25 (a relay on a trusted network). Both on is refused
# at start-up (docs/production.md "E-mail").
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", bool(env("EMAIL_HOST")) and not EMAIL_USE_SSL)
refuse_conflicting_email_encryption(EMAIL_USE_TLS, EMAIL_USE_SSL)
EMAIL_PORT = int(env("EMAIL_PORT", "465" if EMAIL_USE_SSL else "587" if EMAIL_USE_TLS else "25"))
# A mail server that accepts the connection and never answers must not hold the worker:
# the attempt times out and is tried again later (ops/mail.py).
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "30"))
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "briefs@localhost")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Background work (django-tasks): a task waits in the database until `manage.py
# db_worker` runs it; `make run` starts one beside the development server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# PDFs of public briefs, made by the task worker after each save (briefs/printing, needs
# Pango: docs/production.md "PDFs"); 0 makes none, and the admin says so.
BRIEF_PDFS = env_bool("BRIEF_PDFS", True)

# Social cards of public briefs are drawn by the task worker after each save (briefs/social),
# so that link previews find them ready; the card view draws a card whose task has not run.
SOCIAL_CARDS_AHEAD = True
# E-mail alerts (briefs/alerts, docs/alerts.md). A confirmation link works this long; the
# links in each alert (manage, unsubscribe) this long after it was sent.
ALERTS_CONFIRM_MAX_AGE = int(env("ALERTS_CONFIRM_MAX_AGE", str(2 * 24 * 60 * 60)))
ALERTS_LINK_MAX_AGE = int(env("ALERTS_LINK_MAX_AGE", str(365 * 24 * 60 * 60)))
# Subscribe requests per hour: from one client address, and for one e-mail address.
ALERTS_REQUESTS_PER_IP = int(env("ALERTS_REQUESTS_PER_IP", "10"))
ALERTS_REQUESTS_PER_EMAIL = int(env("ALERTS_REQUESTS_PER_EMAIL", "3"))
# E-mails one task sends over one SMTP connection, and the most sent per minute: batches
# are queued that far apart.
ALERTS_BATCH_SIZE = int(env("ALERTS_BATCH_SIZE", "50"))
ALERTS_PER_MINUTE = int(env("ALERTS_PER_MINUTE", "300"))
# A brief is announced only within this many hours of its publish time (a worker that was
# down catches up; a brief back-dated or republished long after is not mailed).
ALERTS_LATE_HOURS = int(env("ALERTS_LATE_HOURS", "72"))

# Share links of unpublished briefs.
BRIEF_SHARE_LINK_MAX_AGE = int(env("BRIEF_SHARE_LINK_MAX_AGE", str(7 * 24 * 60 * 60)))  # seconds

# Countries and regions know nothing of briefs; their public pages are briefs listings.
ABSOLUTE_URL_OVERRIDES = {
    "countries.country": lambda country: slug_url("briefs:country-detail", country.slug),
    "countries.region": lambda region: slug_url("briefs:region-detail", region.slug),
}

TAGGIT_CASE_INSENSITIVE = True
# One theme per comma-separated entry, shown back in the editor's order and spelling.
TAGGIT_TAGS_FROM_STRING = "briefs.content.themes.themes_from_text"
TAGGIT_STRING_FROM_TAGS = "briefs.content.themes.themes_to_text"

BRIEFS_PER_PAGE = 20

# --- Search: how many of the newest matches a search ranks and counts (docs/search.md) ---
SEARCH_CANDIDATES = int(env("SEARCH_CANDIDATES", "1000"))
# PostgreSQL's text-search configuration of each language's briefs (stemming, stop words); a
# language without one here is searched with "simple" (words as written, lower-cased).
SEARCH_CONFIGS = {"en-gb": "english", "ru": "russian"}

# --- Production: TLS proxy, headers, logins, storage and logs (docs/production.md) ---

ADMIN_URL = env("ADMIN_URL", "admin").strip("/") + "/"

# The documented deployment sits behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe the app servers directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Media on S3-compatible object storage when a bucket is named (pip install '.[s3]').
# Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by boto3 itself.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
MEDIA_ORIGINS = []
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": env("AWS_LOCATION"),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
        },
    }
    MEDIA_ORIGINS = [
        f"https://{env('AWS_S3_CUSTOM_DOMAIN')}"
        if env("AWS_S3_CUSTOM_DOMAIN")
        else env("AWS_S3_ENDPOINT_URL") or "https://*.amazonaws.com"
    ]

# Content Security Policy (django-csp). Public pages run no inline script (the JSON-LD block
# is data, never run, and needs no nonce); a template that needs one writes
# <script nonce="{{ request.csp_nonce }}">.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}

# The public API (/api/v1/, docs/api.md) may be read from any origin, without credentials;
# nothing else on the site is shared across origins.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag"]
CORS_PREFLIGHT_MAX_AGE = 86400

# The admin's login is the site's only one: a login without a safe `next` opens the admin.
LOGIN_REDIRECT_URL = "admin:index"

# Login throttling (django-axes, see ops/login_throttle.py): per address and user name, the
# first LOGIN_SLOW_AFTER failures are free, each further one starts a short growing wait, and
# the AXES_FAILURE_LIMITth is a lockout; per user name from any address, the first
# ACCOUNT_SLOW_AFTER are free, then growing waits capped at ACCOUNT_MAX_WAIT_SECONDS, so nobody
# can lock an editor out for long.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "8"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_HANDLER = "ops.login_throttle.ThrottlingHandler"
AXES_LOCKOUT_CALLABLE = "ops.login_throttle.wait_page"
# Attempts refused while waiting are not counted: they never reached the password check.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
LOGIN_SLOW_AFTER = int(env("LOGIN_SLOW_AFTER", "3"))
LOGIN_SLOW_SECONDS = int(env("LOGIN_SLOW_SECONDS", "10"))
ACCOUNT_SLOW_AFTER = int(env("ACCOUNT_SLOW_AFTER", "10"))
ACCOUNT_MAX_WAIT_SECONDS = int(env("ACCOUNT_MAX_WAIT_SECONDS", "120"))
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
# The lockout log names the account and address (never the password) for whoever responds.
AXES_SENSITIVE_PARAMETERS = []
# The reader's address, which failures are counted by: django-axes asks django-ipware.
# Behind TRUSTED_PROXY_COUNT proxies, each appending the address it was reached from to
# X-Forwarded-For, it is the TRUSTED_PROXY_COUNT-th entry from the right (ipware counts the
# proxies named in the header: all but the last, whose address is REMOTE_ADDR); entries
# further left were written by the client and are ignored. With no proxy, only REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT else ("REMOTE_ADDR",)
)
AXES_IPWARE_PROXY_COUNT = max(TRUSTED_PROXY_COUNT - 1, 0)
# At least that many proxies, not exactly: entries a client wrote are skipped, not a reason
# to distrust the proxies'. ipware's 7.x algorithm splits the header at every comma, as
# proxies write it; its newer one honours quotes, so a client's unbalanced quote hid the
# proxy's entry and let it choose its address (tests/test_client_address.py).
IPWARE_ALGORITHM = "legacy"
IPWARE_STRICT = False

# One JSON object a line on stdout, each carrying the request id it belongs to; plain
# lines instead with LOG_FORMAT=text (the default when DEBUG is on, as for `make run`).
LOG_FORMAT = env("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ops.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "ops.logging.JsonFormatter"},
        "text": {"()": "ops.logging.TextFormatter"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "text" if LOG_FORMAT == "text" else "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes.apps": {"level": "WARNING"},
        # WeasyPrint (PDFs of briefs) warns of every screen-only CSS property of site.css;
        # its errors (an image it could not read) stay. With a handler of its own here, it
        # keeps this level when it is imported.
        "weasyprint": {"level": "ERROR", "handlers": ["stdout"], "propagate": False},
    },
}
# --- Speed at scale: the one caching API (see docs/performance.md) ---
# How long a public page may stay in the page cache; 0 turns the page cache off. Any change
# to public content retires stored pages (the database keeps the public generation), and
# no entry outlives the next scheduled publish time.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
# How long a shared cache in front of the site (a CDN) may keep a public page (s-maxage):
# also the longest a CDN may show a page after the change that retired it
# (docs/production.md "A CDN in front").
CDN_CACHE_SECONDS = int(env("CDN_CACHE_SECONDS", "10"))
# Archive-wide aggregates (counts per series, country...) shared by uncached pages, under
# the same rules; 0 turns them off.
AGGREGATE_CACHE_SECONDS = int(env("AGGREGATE_CACHE_SECONDS", "3600"))
# A search's ranked results, facet counts and cards, under the same rules; shorter, since
# readers can ask for any number of different searches (docs/search.md).
SEARCH_CACHE_SECONDS = int(env("SEARCH_CACHE_SECONDS", "600"))
# Each process reads the public generation from the database at most this often: the
# longest a change made by another process (an app server, a restore) takes to show.
GENERATION_CHECK_SECONDS = float(env("GENERATION_CHECK_SECONDS", "2"))
# The admin's sidebar filters remember the terms in use this long (a term that only a new
# draft uses appears there within it); public changes refresh them at once.
EDITORIAL_CACHE_SECONDS = int(env("EDITORIAL_CACHE_SECONDS", "60"))
