"""A brief's PDF: ``/briefs/<slug>/<slug>.pdf`` (A4) and ``<slug>-letter.pdf`` (US Letter).

Like every public surface it asks ``published()`` on each request, so an unpublished or
deleted brief's PDF answers 404 at once, whatever files remain in storage. A brief whose
PDF is not made yet answers 404 too (its page offers no link until it is). The address
stays the same when a PDF is made again, so browsers revalidate (ETag) and a CDN keeps it
no longer than a page. Like the brief's page, its PDF is at its language's addresses; under
another language's prefix it redirects there.
"""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from briefs.caching.page_cache import shared_cache_seconds
from briefs.content.slugs import in_own_language
from briefs.models import Brief, BriefPdf

# What serving a copy reads: the file, its fingerprint and time, and its brief's language.
PDF_FIELDS = ("file_name", "source", "made_at", "paper", "brief_id")
FILE_SUFFIX = {BriefPdf.Paper.A4: "", BriefPdf.Paper.LETTER: "-letter"}


@require_safe
def brief_pdf(request, slug, paper):
    public = Brief.objects.published().filter(slug=slug)
    copies = BriefPdf.objects.filter(brief__in=public, paper=paper).select_related("brief")
    copy = get_object_or_404(copies.only(*PDF_FIELDS, "brief__language"))
    elsewhere = in_own_language(request, copy.brief)
    if elsewhere is not None:
        return elsewhere
    # Set here, not by ConditionalGetMiddleware: it hashes only non-streaming bodies, and
    # the PDF's fingerprint answers a revalidation without opening the file at all.
    etag, last_modified = f'"{copy.source}"', int(copy.made_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        try:
            handle = default_storage.open(copy.file_name)
        except OSError:  # the file is gone from storage: as if it were not made yet
            raise Http404("No PDF of this brief") from None
        filename = f"{slug}{FILE_SUFFIX[paper]}.pdf"
        response = FileResponse(handle, content_type="application/pdf", filename=filename)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=0, s_maxage=shared_cache_seconds())
    return response
