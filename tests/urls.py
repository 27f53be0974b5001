"""The site's URLs plus one that fails, so tests see the 500 page as readers would, and a
public page with a form, so they see what is done with a CSRF token."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from briefs.caching.page_cache import public_page
from config.urls import handler404, handler500, urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def fail(request):
    raise RuntimeError("A deliberate failure: the tests look at the 500 page.")


PUBLIC_FORM = engines["django"].from_string(
    '<form method="post">{% csrf_token %}<button>Send</button></form>' + "<p>Words.</p>" * 100
)


@public_page
def public_form(request):
    return HttpResponse(PUBLIC_FORM.render(request=request))


urlpatterns = [
    *urlpatterns,
    path("test-server-error/", fail, name="test-server-error"),
    path("test-public-form/", public_form, name="test-public-form"),
]
