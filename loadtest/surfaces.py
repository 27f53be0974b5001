"""Every public address that shows a brief, and which answers still show it.

After a brief is unpublished, none of its surfaces may show it once the documented bound
has passed (``GENERATION_CHECK_SECONDS``, see docs/production.md), whatever the cache went
through. The load test's ``unpublish-during-outage`` fault and the fault tests check this
through real app servers.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

from django.urls import reverse

from loadtest.client import fetch


def surfaces_of(brief):
    """The addresses that show ``brief`` while it is public: its page, the lists it heads
    (if it is the newest), its countries' pages, the feed, the sitemap, and a search for
    the longest word of its title."""
    search_word = max(re.findall(r"\w+", brief.title), key=len)
    return [
        brief.get_absolute_url(),
        reverse("briefs:home"),
        reverse("briefs:brief-list"),
        *(
            reverse("briefs:country-detail", args=[country.slug])
            for country in brief.countries.all()
        ),
        reverse("briefs:site-feed-rss"),
        reverse("sitemap-section", args=["briefs"]),
        f"{reverse('briefs:search')}?{urlencode({'q': search_word})}",
    ]


def shows(response, brief_path):
    """Whether a public answer shows the brief at ``brief_path`` (its page, or a link to it)."""
    return response.status == 200 and brief_path.encode() in response.body


def kept_in(cache, base_url, path):
    """Whether ``cache`` holds the page at ``path`` of the app server at ``base_url`` under
    the current public generation: readers are being served it from the cache (as
    ``fetch`` asks for it, not gzipped)."""
    # Imported here: the load test sets Django up only once it has read its arguments.
    from briefs.caching.page_cache import kept_page_key

    address = f"https://{urlsplit(base_url).netloc}{path}"  # as the server sees it
    return cache.has_key(kept_page_key(address, gzipped=False))


def fetch_all(requests, concurrency=8, timeout=30):
    """Answers to ``(base_url, path, headers)`` requests, made ``concurrency`` at a time."""

    def answer(request):
        base_url, path, headers = request
        return fetch(base_url, path, headers=headers, timeout=timeout)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(answer, requests))


def showing(servers, paths, brief_path, repeat=1):
    """The (server, path, status) of every answer that still shows the brief, asking each
    server for each path ``repeat`` times."""
    requests = [(server, path, None) for server in servers for path in paths] * repeat
    answers = fetch_all(requests)
    return [
        (server, path, answer.status)
        for (server, path, _), answer in zip(requests, answers, strict=True)
        if shows(answer, brief_path)
    ]
