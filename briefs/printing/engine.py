"""WeasyPrint, loaded only when a PDF is made, and told where it may read from.

WeasyPrint needs Pango, a system library (Debian: ``libpango-1.0-0``, ``libpangoft2-1.0-0``,
``libharfbuzz-subset0``). Without it the import fails; the site still runs, makes no PDF,
and ``unavailable_reason()`` says why for the admin and the logs (as it does when the
``BRIEF_PDFS`` setting turns PDFs off).

The page it prints may only read the site's own media (images in the brief) through the
storage API: every other address, on the network or on disk, is refused, so a brief's body
cannot make the worker fetch anything.
"""

import importlib
from functools import cache
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from PIL import ImageFile

from briefs.models import BriefPdf

PAPER_CSS = {
    BriefPdf.Paper.A4: "@page { size: A4; }",
    BriefPdf.Paper.LETTER: "@page { size: letter; }",
}
# The page's own stylesheet (its print rules apply), then what only a PDF has.
STYLESHEETS = ("css/site.css", "css/printed.css")


@cache
def _load():
    """(the weasyprint module, None) or (None, why it cannot be loaded).

    Importing WeasyPrint sets Pillow's ``LOAD_TRUNCATED_IMAGES`` for the whole process,
    which would let a cut-short upload through ``briefs.images.validation`` in any process
    that has asked whether PDFs can be made (an app server drawing the admin): it is put
    back as it was.
    """
    truncated_allowed = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        return importlib.import_module("weasyprint"), None
    except (ImportError, OSError) as error:  # OSError: Pango or its friends are missing
        return None, f"{type(error).__name__}: {error}"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated_allowed


def unavailable_reason():
    """Why this server makes no PDFs, or "" when it makes them."""
    if not settings.BRIEF_PDFS:
        return "PDFs are turned off (BRIEF_PDFS=0)"
    return _load()[1] or ""


def stylesheet_files():
    return [finders.find(name) for name in STYLESHEETS]


@cache
def _stylesheets(paper):
    """The parsed stylesheets for ``paper``, once per process (parsing is a good part of
    the time a short brief takes)."""
    weasyprint, _ = _load()
    stylesheets = [weasyprint.CSS(filename=name) for name in stylesheet_files()]
    return [*stylesheets, weasyprint.CSS(string=PAPER_CSS[paper])]


def write_pdf(html, base_url, paper):
    """(PDF bytes, number of pages) of ``html`` on ``paper``; links resolve on ``base_url``.

    Only call when ``unavailable_reason()`` is empty.
    """
    weasyprint, _ = _load()
    fetcher = _media_fetcher(weasyprint, base_url)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=_stylesheets(paper)
    )
    return document.write_pdf(), len(document.pages)


def _media_fetcher(weasyprint, base_url):
    """A URL fetcher that reads the site's media from storage and refuses everything else."""
    media = urljoin(base_url, default_storage.url(""))

    def fetch(url):
        if not url.startswith(media):
            raise ValueError(f"Only the site's media is read: {url}")
        name = unquote(urlsplit(url[len(media) :]).path)
        with default_storage.open(name) as handle:
            return weasyprint.urls.URLFetcherResponse(url, body=handle.read())

    return fetch
