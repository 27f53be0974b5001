"""The social card address. Like every public surface it goes through ``published()``.

The card is drawn by a background task when the brief is published or changed
(``briefs.social.tasks``); a card whose task has not run yet is drawn on the request that
asks for it, never answered with an error or a stand-in (the task module says why).
"""

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from briefs.caching.page_cache import shared_cache_seconds
from briefs.content.slugs import in_own_language
from briefs.models import Brief
from briefs.social.tasks import card_on_request

# A reader's browser may keep a card for a day: its address changes with what it shows.
BROWSER_CACHE_SECONDS = 24 * 60 * 60


@require_safe
def brief_card(request, slug):
    """The brief's 1200 × 630 PNG card; a 404 for a draft, scheduled or missing brief, a
    redirect under another language's prefix than the brief's.

    A CDN keeps it no longer than a public page, so an unpublished brief's card leaves
    the CDN within the same bound as its page (docs/caching.md).
    """
    brief = get_object_or_404(
        Brief.objects.published().select_related("series", "hero").prefetch_related("countries"),
        slug=slug,
    )
    elsewhere = in_own_language(request, brief)
    if elsewhere is not None:
        return elsewhere
    response = FileResponse(default_storage.open(card_on_request(brief)), content_type="image/png")
    patch_cache_control(
        response, public=True, max_age=BROWSER_CACHE_SECONDS, s_maxage=shared_cache_seconds()
    )
    return response
