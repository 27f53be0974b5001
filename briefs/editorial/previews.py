"""Previews of briefs that readers cannot see yet: for staff, and through share links.

A preview renders the public brief template, so it shows the brief exactly as readers
will. Every preview response is marked ``noindex`` and ``private, no-store``: no search
engine indexes it and no shared cache (CDN, page cache) keeps it.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.cache import never_cache

from briefs.editorial import sharing
from briefs.editorial.local_time import format_local
from briefs.listings.navigation import navigation_for


def keep_private(response):
    """Mark a response as for this viewer only, never to be indexed or cached."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def state_label(brief):
    """What a reader would see right now: "Draft", "Scheduled for ...", "Published",
    "Taken down ...", and when a published brief comes down, if it will."""
    if brief.is_taken_down:
        return take_down_label(brief)
    if brief.is_scheduled:
        state = f"Scheduled for {format_local(brief.publish_at)}"
    else:
        state = brief.get_status_display()
    if brief.status == brief.Status.PUBLISHED and brief.take_down_at is not None:
        return f"{state}; comes down at {format_local(brief.take_down_at)}"
    return state


def take_down_label(brief):
    """ "Taken down <time>" once a brief's take-down time has passed, "Comes down at <time>"
    before."""
    when = format_local(brief.take_down_at)
    return f"Taken down {when}" if brief.is_taken_down else f"Comes down at {when}"


def render_preview(request, brief, shared=False):
    response = TemplateResponse(
        request,
        "briefs/brief_preview.html",
        {
            "brief": brief,
            "navigation": navigation_for(brief),
            "preview_state": state_label(brief),
            "shared_preview": shared,
        },
    )
    return keep_private(response)


@never_cache
def shared_preview(request, token):
    """Open a share link: the brief while unpublished, its public page once it is public."""
    link = sharing.link_from_token(token)
    if link is None:
        raise Http404("This preview link is not valid.")
    if link.brief.is_public:
        return keep_private(redirect(link.brief))
    return render_preview(request, link.brief, shared=True)
