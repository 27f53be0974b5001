"""Form media under the Content Security Policy: inline tags (import maps) get the nonce."""

from django import template
from js_asset import Media

register = template.Library()


@register.filter
def with_csp_nonce(media, request):
    """``media`` whose script and style tags carry ``request.csp_nonce``."""
    return Media.from_media(media, nonce=request.csp_nonce)
