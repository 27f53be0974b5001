"""Time uncached public pages in one process, without a server: ms per request per page.

Steadier than the load test on a busy machine, for comparing a change before and after.
Run with the benchmark's environment (``DATABASE_URL``, ``DEBUG=0``, ``SECURE_SSL_REDIRECT=0``,
``SECRET_KEY``, ``ALLOWED_HOSTS``, ``SITE_URL``, ``PAGE_CACHE_SECONDS=0``)::

    python bench/inprocess.py [requests per page] [page name to profile] [--first-reader]

Each line gives the mean, the fastest and the median request. With a page name, that page
is also profiled with pyinstrument. With ``--first-reader`` (and the caches on, e.g.
``REDIS_URL`` set and ``PAGE_CACHE_SECONDS`` left alone), every request is the first after
a content change: the generation this process reads gets a new token before each request,
as a write's trigger would give it, so nothing kept before is used, and nothing is
written to the database.
"""

import dataclasses
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from briefs.api import cursors  # noqa: E402
from briefs.caching import generation  # noqa: E402
from briefs.models import Brief  # noqa: E402
from countries.models import Country  # noqa: E402


def pages():
    public = Brief.objects.published().newest_first()
    country = Country.objects.annotate(n=Count("briefs")).order_by("-n", "code").first()
    in_series = public.filter(series__isnull=False).first()
    deep = public[public.count() // 2]
    return {
        "healthz": "/healthz",
        "home": "/",
        "brief in a series": in_series.get_absolute_url(),
        "standalone brief": public.filter(series__isnull=True)[500].get_absolute_url(),
        "country page": country.get_absolute_url(),
        "archive page 1": "/briefs/",
        # Page 2,000 of the 100,000-brief archive; the middle page of a smaller one.
        "archive deep page": f"/briefs/?page={min(2000, max(1, public.count() // 40))}",
        "search common word": "/search/?q=energy",
        "search rare word": "/search/?q=ophiolite",
        "search filtered": f"/search/?q=energy&country={country.slug}",
        "site feed": "/feed/",
        "api list": "/api/v1/briefs/",
        "api list filtered": f"/api/v1/briefs/?country={country.slug}&q=energy",
        "api list deep": f"/api/v1/briefs/?cursor={cursors.encode(deep.publish_at, deep.pk)}",
        "api search": "/api/v1/briefs/?q=energy",
        "api brief": reverse("api-v1:brief-detail", args=[in_series.slug]),
        "api countries": "/api/v1/countries/",
    }


def first_reader_each_time():
    """Before each request, a generation with a token never seen: what a write would do."""
    read = generation.read
    generation.read = lambda: dataclasses.replace(read(), token=uuid.uuid4().hex)
    return generation.forget


def main():
    args = [arg for arg in sys.argv[1:] if arg != "--first-reader"]
    count = int(args[0]) if args else 20
    profiled = args[1] if len(args) > 1 else None
    before_each = first_reader_each_time() if "--first-reader" in sys.argv else lambda: None
    client = Client()
    for name, path in pages().items():
        before_each()
        assert client.get(path).status_code == 200, path
        times = []
        for _ in range(count):
            before_each()
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"{name:<20}{statistics.mean(times):8.1f} ms  fastest {min(times):6.1f}  "
            f"median {statistics.median(times):6.1f}  {path}"
        )
        if name == profiled:
            from pyinstrument import Profiler

            with Profiler(interval=0.0005) as profiler:
                for _ in range(count):
                    before_each()
                    client.get(path)
            profiler.print(show_all=False)


if __name__ == "__main__":
    main()
