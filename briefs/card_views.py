"""The social card address. Like every public surface it goes through ``published()``."""

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .images.cards import card_file
from .models import Brief


@require_safe
@cache_control(public=True, max_age=24 * 60 * 60)
def brief_card(request, slug):
    """The brief's 1200 × 630 PNG card; a 404 for a draft, scheduled or missing brief."""
    brief = get_object_or_404(
        Brief.objects.published().select_related("series").prefetch_related("countries"),
        slug=slug,
    )
    return FileResponse(default_storage.open(card_file(brief)), content_type="image/png")
