"""A public brief's PDFs: printed from the page's own article, kept in storage, replaced
when what they show changes.

What a PDF shows is the print page's HTML plus the stylesheets, so their fingerprint is
the PDF's ``source``: printing again is cheap when nothing changed (the HTML is rendered
and compared, WeasyPrint does not run) and cannot miss a change, whatever caused it.
While a new PDF is made, readers get the previous one; a hidden brief's PDF is never
served (the PDF view asks ``published()``), whatever files remain.
"""

import hashlib
import logging
import uuid
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone, translation

from briefs.caching import generation
from briefs.content.addresses import absolute_url, site_root
from briefs.content.querysets import listing_prefetches
from briefs.listings.navigation import navigation_for
from briefs.models import Brief, BriefPdf, ContentGeneration
from briefs.printing import engine

logger = logging.getLogger(__name__)

FOLDER = "pdfs"
TEMPLATE = "briefs/brief_printed.html"
# Links in a PDF need a host; without SITE_URL (development) it is `make run`'s.
DEVELOPMENT_ORIGIN = "http://127.0.0.1:8000"


def printed_html(brief):
    """The HTML that is printed: the brief's article, as a public page shows it, in the
    brief's language (labels, dates, page numbers, citations) whoever prints it: the task
    worker has no request, so no language of its own."""
    prefetch_related_objects([brief], *listing_prefetches(Brief), "themes", "corrections")
    with translation.override(brief.page_language):
        return render_to_string(
            TEMPLATE,
            {
                "brief": brief,
                "navigation": navigation_for(brief),
                "site_name": settings.SITE_NAME,
                "address": absolute_url(brief.get_absolute_url()),
                "request": None,
            },
        )


def fingerprint(html, paper):
    digest = hashlib.sha256(f"{paper}\n{html}".encode())
    for name in engine.stylesheet_files():
        with open(name, "rb") as stylesheet:
            digest.update(stylesheet.read())
    return digest.hexdigest()


def make_pdfs(brief):
    """Make each paper size's PDF of the public ``brief`` whose source changed.

    Returns the papers made. The first PDF of a brief changes its page (a link appears),
    so the public generation is renewed and kept pages are drawn again.
    """
    html = printed_html(brief)
    base_url = (site_root() or DEVELOPMENT_ORIGIN) + "/"
    current = {copy.paper: copy.source for copy in brief.pdfs.all()}
    made = []
    for paper in BriefPdf.Paper:
        source = fingerprint(html, paper.value)
        if current.get(paper.value) == source:
            continue
        content, pages = engine.write_pdf(html, base_url, paper)
        _keep(brief, paper, content, pages, source)
        made.append(paper)
    if made and not current:
        ContentGeneration.bump()
        generation.forget()
    return made


def file_deleted_with_record(sender, instance, **kwargs):
    """A deleted brief takes its PDFs' files with it, once the deletion has committed."""
    transaction.on_commit(partial(default_storage.delete, instance.file_name))


def _keep(brief, paper, content, pages, source):
    """Store the new file, point the brief's record at it, then delete the old file."""
    name = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.pdf", ContentFile(content))
    with transaction.atomic():
        old = BriefPdf.objects.select_for_update().filter(brief=brief, paper=paper).first()
        BriefPdf.objects.update_or_create(
            brief=brief,
            paper=paper,
            defaults={
                "file_name": name,
                "pages": pages,
                "size": len(content),
                "source": source,
                "made_at": timezone.now(),
            },
        )
        if old is not None:
            transaction.on_commit(partial(default_storage.delete, old.file_name))
    logger.info(
        "PDF of brief %s made on %s paper: %d pages, %d bytes",
        brief.pk,
        paper.label,
        pages,
        len(content),
        extra={"brief_id": brief.pk},
    )
