"""gunicorn settings for `make serve`: `gunicorn -c config/gunicorn.py config.wsgi`.

Every value can be overridden from the environment (see docs/production.md).
"""

import multiprocessing
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from config.safety import UnsafeConfiguration  # noqa: E402

# Refuse before forking workers: one line on stderr instead of a traceback per worker.
try:
    from django.conf import settings  # noqa: E402

    settings.SECRET_KEY  # noqa: B018 (loading the settings is the check)
except UnsafeConfiguration as error:
    sys.exit(f"Refusing to start: {error}")

wsgi_app = "config.wsgi:application"
bind = os.environ.get(
    "GUNICORN_BIND", f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
)
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Headers such as X-Forwarded-Proto are trusted from these proxy addresses only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "request_id": "%({x-request-id}o)s", '
    '"method": "%(m)s", "path": "%(U)s", "status": "%(s)s", "bytes": "%(B)s", '
    '"duration_ms": "%(M)s", "remote": "%(h)s"}'
)
# Several servers on one machine (tests, benchmarks) would share one control socket path.
control_socket_disable = True
