"""Time uncached public pages in one process, without a server: ms per request per page.

Steadier than the load test on a busy machine, for comparing a change before and after.
Run with the benchmark's environment (``DATABASE_URL``, ``DEBUG=0``, ``SECURE_SSL_REDIRECT=0``,
``SECRET_KEY``, ``ALLOWED_HOSTS``, ``SITE_URL``, ``PAGE_CACHE_SECONDS=0``)::

    python bench/inprocess.py [requests per page] [page name to profile]

With a page name, that page is also profiled with pyinstrument.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from briefs.models import Brief  # noqa: E402
from countries.models import Country  # noqa: E402


def pages():
    public = Brief.objects.published().newest_first()
    country = Country.objects.annotate(n=Count("briefs")).order_by("-n", "code").first()
    return {
        "healthz": "/healthz",
        "home": "/",
        "brief in a series": public.filter(series__isnull=False).first().get_absolute_url(),
        "standalone brief": public.filter(series__isnull=True)[500].get_absolute_url(),
        "country page": country.get_absolute_url(),
        "archive page 1": "/briefs/",
        "archive page 2000": "/briefs/?page=2000",
        "search common word": "/search/?q=energy",
        "search rare word": "/search/?q=ophiolite",
        "search filtered": f"/search/?q=energy&country={country.slug}",
        "site feed": "/feed/",
    }


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    profiled = sys.argv[2] if len(sys.argv) > 2 else None
    client = Client()
    for name, path in pages().items():
        assert client.get(path).status_code == 200, path
        started = time.perf_counter()
        for _ in range(count):
            client.get(path)
        print(f"{name:<20}{(time.perf_counter() - started) * 1000 / count:8.1f} ms  {path}")
        if name == profiled:
            from pyinstrument import Profiler

            with Profiler(interval=0.0005) as profiler:
                for _ in range(count):
                    client.get(path)
            profiler.print(show_all=False)


if __name__ == "__main__":
    main()
