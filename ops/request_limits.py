"""Refuse a request body larger than an upload can be, before a byte of it is read.

Django caps the form fields it keeps in memory (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but not
files: without this, an upload of any size would be written to a temporary file before
the form could refuse it. A body of unknown length (``Transfer-Encoding: chunked``, no
``Content-Length``) is refused as well: Django would read none of it, so the form would
silently see no file at all. The refusal comes before the language middleware, so it
finds its language as that middleware would (``ops.languages.request_language``).
"""

from django.conf import settings
from django.http import HttpResponse
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from ops.languages import request_language


class RequestSizeLimitMiddleware:
    """411 for a body of unknown length; 413 for one declared over ``REQUEST_MAX_BYTES``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_TRANSFER_ENCODING" in request.META:
            with translation.override(request_language(request)):
                return refusal(
                    411,
                    _("Length required"),
                    _(
                        "Send the request with a Content-Length header; bodies of unknown "
                        "length are not accepted."
                    ),
                )
        if declared_length(request) > settings.REQUEST_MAX_BYTES:
            with translation.override(request_language(request)):
                return refusal(
                    413,
                    _("The upload is too large"),
                    _(
                        "This site accepts requests of up to %(request_limit)s, and an image "
                        "may be at most %(image_limit)s. Go back and choose a smaller file."
                    )
                    % {
                        "request_limit": filesizeformat(settings.REQUEST_MAX_BYTES),
                        "image_limit": filesizeformat(settings.IMAGE_UPLOAD_MAX_BYTES),
                    },
                )
        return self.get_response(request)


def declared_length(request):
    """The body length the client announced; 0 when none or unreadable, as Django reads it."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def refusal(status, heading, message):
    page = loader.render_to_string(
        "plain_error.html",
        {"heading": heading, "message": message, "site_name": settings.SITE_NAME},
    )
    response = HttpResponse(page, status=status)
    response.headers["Content-Language"] = translation.get_language()
    return response
