"""``/api/v1/``: the endpoints, their OpenAPI schema and its docs page, and a JSON 404 for
any other address under it."""

from functools import wraps

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, re_path

from briefs.api.docs import operations, shapes
from briefs.api.endpoints import api
from briefs.caching.page_cache import public_page


def answering_head(view):
    """``view`` answering HEAD as GET, as Django's class-based views do (the server sends
    no body): django-ninja answers only the methods an operation names."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            return view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"

    return wrapped


def _endpoints():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = answering_head(pattern.callback)
    return patterns, app_name, namespace


def openapi_json(request):
    """The OpenAPI schema of this version of the API."""
    return JsonResponse(api.get_openapi_schema(), json_dumps_params={"ensure_ascii": False})


def docs_page(request):
    """The API's documentation, drawn on the server from the schema: it needs no script."""
    schema = api.get_openapi_schema()
    context = {
        "schema": schema,
        "operations": operations(schema, request),
        "shapes": shapes(schema),
    }
    return TemplateResponse(request, "api/docs.html", context)


def not_found(request, rest=""):
    body = {"status": 404, "error": "No such address in this API.", "parameters": {}}
    return JsonResponse(body, status=404)


urlpatterns = [
    path("api/v1/", _endpoints()),
    path("api/v1/openapi.json", public_page(openapi_json), name="api-openapi"),
    path("api/v1/docs/", public_page(docs_page), name="api-docs"),
    re_path(r"^api/(?P<rest>.*)$", not_found),
]
