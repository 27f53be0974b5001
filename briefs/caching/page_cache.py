"""The one caching API: every kept page, fragment and value goes through here.

Nothing else builds a cache key or a lifetime. Every key carries the language the request
is answered in (a page, a fragment or a value may hold its words and its addresses) and
the public generation (``briefs.caching.generation``), which the database keeps, so a kept
copy is read back only while the content it was drawn from is what readers may see; a lost
or late cache write can keep nothing public. Lifetimes come in three kinds (``LIFETIMES``),
each a setting, and none reaches past the next scheduled publish or take-down time (only to
free memory: the generation already moves at that moment).

- ``remember(name, compute, kind)``: a value shared by all requests (counts, ids, feeds).
- ``Fragment`` and the ``{% keep %}`` template tag: a piece of HTML.
- ``AnonymousPageCacheMiddleware`` and ``public_page``: whole pages for anonymous readers,
  and the ``Cache-Control`` that tells a CDN how long it may keep them.
- ``PublicPageGZipMiddleware``: those pages gzipped for readers whose browser accepts it.

ETags and 304s are Django's ``ConditionalGetMiddleware``, placed above both (settings), so
it sees the bytes actually sent (gzipped or not) and answers a revalidation of a kept page
from the cache, without rendering it.

Only anonymous GET/HEAD requests without a session or messages cookie are answered from
the cache, and only public responses (``is_public_response``: a view marked them
``Cache-Control: public``, status 200, no cookie set) are stored or compressed. Staff,
preview, share-link and form-bearing responses are therefore never stored, nor compressed.
"""

import math
from hashlib import md5

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.urls import reverse
from django.utils.cache import has_vary_header, patch_cache_control
from django.utils.translation import get_language

from briefs.caching import generation

# What each kind of kept thing may live for, at most (seconds; 0 keeps nothing).
LIFETIMES = {
    "page": "PAGE_CACHE_SECONDS",
    "aggregate": "AGGREGATE_CACHE_SECONDS",
    "search": "SEARCH_CACHE_SECONDS",
    "editorial": "EDITORIAL_CACHE_SECONDS",
}
NO_STORE_DIRECTIVES = ("private", "no-store", "no-cache")


def fingerprint(text):
    """A short, cache-safe name for ``text`` (a query string, a reader's search words)."""
    return md5(str(text).encode()).hexdigest()


def lifetime(kind="aggregate"):
    """Seconds a ``kind`` of kept thing may live now; 0 when it may not be kept at all."""
    seconds = getattr(settings, LIFETIMES[kind])
    if kind == "search":  # nothing of a search is kept when the archive's counts are not
        seconds = min(seconds, settings.AGGREGATE_CACHE_SECONDS)
    if seconds <= 0:
        return 0
    until_change = generation.current().seconds_until_next_change()
    if until_change is not None:
        seconds = min(seconds, math.floor(until_change))
    return max(0, seconds)


def key(name, *parts):
    """The cache key of ``name`` and ``parts`` under the current public generation, in the
    active language: whatever is kept may hold interface words and addresses of it."""
    described = ":".join(str(part) for part in parts)
    return f"kept:{name}:{generation.current()}:{get_language()}:{fingerprint(described)}"


def remember(name, compute, kind="aggregate"):
    """``compute()``'s value, shared by all requests while the public content is unchanged.

    For aggregates over the whole archive (counts per series, per country...) that would
    otherwise cost a scan of every public brief on each uncached request.
    """
    seconds = lifetime(kind)
    if not seconds:
        return compute()
    kept_under = key(name)
    stored = cache.get(kept_under)
    if stored is not None:
        return stored[0]
    value = compute()
    cache.set(kept_under, (value,), timeout=seconds)
    return value


class Fragment:
    """A piece of HTML kept under ``name`` and ``parts``: give one to ``{% keep %}``.

    A view that needs to know whether its fragments are kept (to skip loading what only
    they show) asks ``all_kept()`` with the same fragments it hands the template.
    """

    def __init__(self, name, *parts, kind="aggregate"):
        self.name, self.parts, self.kind = name, parts, kind

    @property
    def key(self):
        return key(f"fragment:{self.name}", *self.parts)

    def get(self):
        return cache.get(self.key) if lifetime(self.kind) else None

    def set(self, html):
        seconds = lifetime(self.kind)
        if seconds:
            cache.set(self.key, html, timeout=seconds)


def all_kept(fragments):
    """Whether every one of ``fragments`` can be served from the cache."""
    if not all(lifetime(fragment.kind) for fragment in fragments):
        return False
    keys = [fragment.key for fragment in fragments]
    return len(cache.get_many(keys)) == len(keys)


def public_page(view):
    """Mark a view's responses as public pages that caches may keep.

    Anonymous responses get ``Cache-Control: public, max-age=0, s-maxage=...`` for a CDN
    (``CDN_CACHE_SECONDS``, see docs/production.md); a response the view already made
    private (a staff preview) or any response to a logged-in user is left alone, so it is
    never stored.
    """

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if _may_be_public(request, response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=shared_cache_seconds())
        return response

    wrapped.__name__ = getattr(view, "__name__", type(view).__name__)
    wrapped.__doc__ = view.__doc__
    if hasattr(view, "view_class"):
        wrapped.view_class = view.view_class
    return wrapped


def shared_cache_seconds():
    """How long a shared cache in front of the site (a CDN) may keep a public page."""
    if not settings.PAGE_CACHE_SECONDS:
        return 0
    return min(settings.CDN_CACHE_SECONDS, lifetime("page"))


def _may_be_public(request, response):
    if response.status_code != 200 or getattr(request, "user", None) is None:
        return False
    control = response.get("Cache-Control", "")
    if any(directive in control for directive in NO_STORE_DIRECTIVES):
        return False
    return not request.user.is_authenticated


class AnonymousPageCacheMiddleware:
    """Answer anonymous GET/HEAD requests for public pages from the cache.

    Sits above the session and authentication middleware, so a hit costs one cache
    round trip and no session, user or database work at all (but a reading of the public
    generation every ``GENERATION_CHECK_SECONDS``). The whole request keeps the one
    generation it started with. Health probes pass straight through: they touch neither
    the cache nor the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.probes = {reverse("healthz"), reverse("readyz")}

    def __call__(self, request):
        if request.path in self.probes:
            return self.get_response(request)
        with generation.pinned():
            return self.respond(request)

    def respond(self, request):
        if not self._is_anonymous_read(request):
            return self.get_response(request)
        page_key = None
        if lifetime("page"):
            page_key = kept_page_key(request.build_absolute_uri(), accepts_gzip(request))
        stored = cache.get(page_key) if page_key else None
        if stored is not None:
            return _rebuild(stored)
        response = self.get_response(request)
        if page_key and is_public_response(response):
            cache.set(page_key, _freeze(response), timeout=lifetime("page"))
        return response

    @staticmethod
    def _is_anonymous_read(request):
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
        )


def is_public_response(response):
    """Whether ``response`` is a public page: the same for every anonymous reader.

    A page that hands out a CSRF token sets the CSRF cookie, so it never is one.
    """
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "public" in control
        and not any(directive in control for directive in NO_STORE_DIRECTIVES)
        and not has_vary_header(response, "Authorization")
    )


def kept_page_key(address, gzipped):
    """The cache key of the public page at ``address`` (absolute), as sent gzipped or not."""
    return key("page", address, gzipped)


def accepts_gzip(request):
    """Whether the reader's browser takes gzip: the page cache keeps both versions."""
    return bool(re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")))


class PublicPageGZipMiddleware(GZipMiddleware):
    """Django's gzip, for public pages only.

    Sits right below ``AnonymousPageCacheMiddleware``, which keeps the compressed and the
    plain page apart (``accepts_gzip``), so a kept page is compressed once, not per
    reader. A page with anything of one reader's (a session, a CSRF token) is never
    public, so BREACH has no secret to guess: the random padding Django adds against it
    is left out, so one page always compresses to the same bytes, and so to the same ETag
    (``ConditionalGetMiddleware``, above, hashes the compressed page: it is strong, and
    the gzipped and the plain page each have their own).
    """

    max_random_bytes = 0

    def process_response(self, request, response):
        if not is_public_response(response):
            return response
        return super().process_response(request, response)


def _freeze(response):
    return (response.status_code, response.content, list(response.items()))


def _rebuild(frozen):
    status, content, headers = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
