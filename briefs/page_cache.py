"""The anonymous page cache and the one "generation" that invalidates it.

Every public page a reader sees is derived from briefs, series, authors, themes, countries
and regions. Instead of tracking which page shows what, the cache keeps one site-wide
generation token: every change to that content replaces the token (see ``signals.py``),
and a stored page is served only while its generation is current. Old entries are never
read again and expire by themselves.

A scheduled brief becomes public at its ``publish_at`` with no write to the database, so
no entry may outlive the next scheduled publish time: ``page_timeout()`` caps every
timeout there.

Only anonymous GET/HEAD requests without a session or messages cookie are answered from
the cache, and only responses a view marked public (``Cache-Control: public``), with
status 200 and no cookie set, are stored. Staff, preview, share-link and form-bearing
responses are therefore never stored.
"""

import math
import uuid
from hashlib import md5

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
    set_response_etag,
)

GENERATION_KEY = "pages:generation"
NEXT_PUBLISH_KEY = "pages:next-publish"
PAGE_KEY_PREFIX = "pages:page:"
NO_STORE_DIRECTIVES = ("private", "no-store", "no-cache")


def current_generation():
    """The generation token of the public content, created on first use."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION_KEY)
    return token


def invalidate():
    """Retire every stored page and every value memoized for the current generation.

    A fresh random token rather than a counter: if the cache ever evicts the key, a new
    counter could start again at a value that old entries still carry.
    """
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def seconds_until_next_publish(generation):
    """Seconds until the next scheduled brief becomes public, or None if none is scheduled."""
    stored = cache.get(NEXT_PUBLISH_KEY)
    if stored is not None and stored[0] == generation:
        next_at = stored[1]
    else:
        from .models import Brief

        next_at = (
            Brief.objects.scheduled()
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        cache.set(NEXT_PUBLISH_KEY, (generation, next_at), timeout=_seconds_until(next_at))
    if next_at is None:
        return None
    return (next_at - timezone.now()).total_seconds()


def _seconds_until(moment):
    if moment is None:
        return None
    return max(1, math.floor((moment - timezone.now()).total_seconds()))


def page_timeout(generation, timeout=None):
    """How long a public page (or ``timeout``-long value) may be stored now; 0: not at all."""
    if timeout is None:
        timeout = settings.PAGE_CACHE_SECONDS
    if timeout <= 0:
        return 0
    until_publish = seconds_until_next_publish(generation)
    if until_publish is not None:
        timeout = min(timeout, math.floor(until_publish))
    return max(0, timeout)


def fingerprint(text):
    """A short, cache-safe name for ``text`` (a query string, a reader's search words)."""
    return md5(text.encode()).hexdigest()


def memoize(name, compute, seconds=None):
    """``compute()``'s value, shared by all requests until the content changes.

    For aggregates over the whole archive (counts per series, per country...) that would
    otherwise cost a scan of every public brief on each uncached request. It is kept for
    ``seconds`` at most (``AGGREGATE_CACHE_SECONDS`` by default).
    """
    generation = current_generation()
    key = f"pages:memo:{name}"
    stored = cache.get(key)
    if stored is not None and stored[0] == generation:
        return stored[1]
    value = compute()
    timeout = page_timeout(
        generation, settings.AGGREGATE_CACHE_SECONDS if seconds is None else seconds
    )
    if timeout:
        cache.set(key, (generation, value), timeout=timeout)
    return value


def public_page(view):
    """Mark a view's responses as public pages that caches may keep.

    Anonymous responses get ``Cache-Control: public, s-maxage=..., stale-while-revalidate``
    for a CDN; a response the view already made private (a staff preview) or any response
    to a logged-in user is left alone, so it is never stored.
    """

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if _may_be_public(request, response):
            timeout = page_timeout(current_generation()) if settings.PAGE_CACHE_SECONDS else 0
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=timeout,
                stale_while_revalidate=settings.PAGE_STALE_SECONDS,
            )
        return response

    wrapped.__name__ = getattr(view, "__name__", type(view).__name__)
    wrapped.__doc__ = view.__doc__
    if hasattr(view, "view_class"):
        wrapped.view_class = view.view_class
    return wrapped


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
    round trip and no session, user or database work at all. Every public response also
    gets an ETag, and a matching ``If-None-Match`` is answered with 304.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._is_anonymous_read(request):
            return self.get_response(request)
        key = PAGE_KEY_PREFIX + md5(request.build_absolute_uri().encode()).hexdigest()
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            response = _rebuild(stored[1])
            return get_conditional_response(request, etag=response.get("ETag"), response=response)
        response = self.get_response(request)
        if not self._is_storable(response):
            return response
        set_response_etag(response)
        timeout = page_timeout(generation)
        if timeout:
            cache.set(key, (generation, _freeze(response)), timeout=timeout)
        return get_conditional_response(request, etag=response.get("ETag"), response=response)

    @staticmethod
    def _is_anonymous_read(request):
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
        )

    @staticmethod
    def _is_storable(response):
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "public" in control
            and not any(directive in control for directive in NO_STORE_DIRECTIVES)
            and not has_vary_header(response, "Authorization")
        )


def _freeze(response):
    return (response.status_code, response.content, list(response.items()))


def _rebuild(frozen):
    status, content, headers = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
