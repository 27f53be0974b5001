"""BibTeX and RIS files of a public brief, for reference managers (Zotero, Mendeley...)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from briefs.content.slugs import in_own_language
from briefs.models import Brief
from briefs.public import citations

FORMATS = {
    "bib": (citations.bibtex, "application/x-bibtex"),
    "ris": (citations.ris, "application/x-research-info-systems"),
}


@require_GET
def citation_file(request, slug, extension):
    """The brief's citation as a download named after it, e.g. ``hedging.ris``, in the
    brief's language (a redirect there under another language's prefix)."""
    brief = get_object_or_404(
        Brief.objects.published().for_listing().prefetch_related("themes"), slug=slug
    )
    elsewhere = in_own_language(request, brief)
    if elsewhere is not None:
        return elsewhere
    formatter, content_type = FORMATS[extension]
    response = HttpResponse(
        formatter(citations.Citation.of(brief, request)),
        content_type=f"{content_type}; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{brief.slug}.{extension}"'
    return response
