"""The old site's addresses of imported briefs, kept working as permanent redirects.

Each imported post leaves its old addresses in ``OldAddress`` (editable in the admin):
its permalink's path (``/2022/05/03/slug/``, Squarespace's ``/blog/slug``) and its
WordPress short link ``/?p=123``. ``OldAddressMiddleware`` answers them:

- a path is looked up only when the site itself has nothing there (a 404), so an old
  address can never shadow a page of this site, and costs other pages nothing;
- ``/?p=123`` is the home page's address with a query, which the home page would answer
  (and redirect middlewares ignore queries): the middleware answers it before the view,
  with a redirect when the number is a public imported brief and a 404 otherwise, so no
  number tells a hidden brief from none.

A brief that is not public (draft, in review, scheduled, unpublished) is never the target:
its old addresses answer 404 until it is public (``Brief.objects.published()``).
"""

import re
from urllib.parse import unquote, urlsplit

from django.http import Http404, HttpResponsePermanentRedirect

from briefs.models import Brief, OldAddress

POST_NUMBER = re.compile(r"[1-9][0-9]{0,18}")
MAX_PATH = OldAddress._meta.get_field("path").max_length


def short_link(post_id):
    return f"/?p={post_id}"


def old_paths(link, post_id):
    """The old addresses of a post: its permalink's path, and ``/?p=<id>``."""
    paths = []
    if link:
        parts = urlsplit(link)
        path = unquote(parts.path) or "/"
        number = dict(
            pair.split("=", 1) for pair in parts.query.split("&") if pair.count("=") == 1
        ).get("p")
        if path == "/" and number:
            paths.append(short_link(number))
        elif path != "/":
            paths.append(path)
    if post_id:
        paths.append(short_link(post_id))
    return [path for path in dict.fromkeys(paths) if len(path) <= MAX_PATH]


def remember(brief, paths):
    """File ``paths`` as old addresses of ``brief``; returns (made, taken by another brief)."""
    made, taken = [], []
    existing = dict(OldAddress.objects.filter(path__in=paths).values_list("path", "brief_id"))
    for path in paths:
        if path not in existing:
            OldAddress.objects.create(path=path, brief=brief)
            made.append(path)
        elif existing[path] != brief.pk:
            taken.append(path)
    return made, taken


def target(paths):
    """The public brief filed under the first of ``paths`` that is an old address, or None."""
    return (
        Brief.objects.published()
        .select_related("kind")
        .filter(old_addresses__path__in=paths)
        .first()
    )


def _variants(path):
    """``path`` with and without its final slash: links are found written both ways."""
    trimmed = path.rstrip("/")
    return [path, trimmed or "/", f"{trimmed}/"]


class OldAddressMiddleware:
    """Redirects the old site's addresses (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and "p" in request.GET and request.method in ("GET", "HEAD"):
            number = request.GET["p"]
            brief = target([short_link(number)]) if POST_NUMBER.fullmatch(number) else None
            if brief is None:
                raise Http404("No public brief has this old address.")
            return HttpResponsePermanentRedirect(brief.get_absolute_url())
        response = self.get_response(request)
        # A NUL can be in no stored address, and PostgreSQL refuses it in a query.
        if (
            response.status_code == 404
            and request.method in ("GET", "HEAD")
            and "\x00" not in request.path
        ):
            brief = target(_variants(request.path))
            if brief is not None:
                return HttpResponsePermanentRedirect(brief.get_absolute_url())
        return response
