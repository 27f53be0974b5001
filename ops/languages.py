"""Which language a request is answered in (docs/languages.md).

A public page's language is in its address alone: ``/ru/...`` is Russian, an address
without a language prefix is the default language. The browser's ``Accept-Language`` and
the language cookie never change a public page, so one address is always one page, which
the page cache and a CDN may keep. The admin is one editor's, never cached: it follows the
language the editor chose (the cookie Django's ``set_language`` view sets, from the
switcher in the admin's header), else the browser's.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageFromAddressMiddleware:
    """Answer each request in its language, then give the thread its language back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with translation.override(request_language(request)):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        if in_admin(request):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


def in_admin(request):
    return request.path_info.startswith("/" + settings.ADMIN_URL)


def request_language(request):
    """The language a request is answered in: the editor's in the admin, else the address's.

    Middleware that answers before ``LanguageFromAddressMiddleware`` runs (the 413 of a
    too-large upload) asks here too, so its page speaks the language the page behind it would.
    """
    if in_admin(request):
        language = translation.get_language_from_request(request)
    else:
        language = translation.get_language_from_path(request.path_info)
    return language or settings.LANGUAGE_CODE
