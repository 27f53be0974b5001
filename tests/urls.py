"""The site's URLs plus one that fails, so tests see the 500 page as readers would."""

from django.urls import path

from config.urls import handler404, handler500, urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def fail(request):
    raise RuntimeError("A deliberate failure: the tests look at the 500 page.")


urlpatterns = [*urlpatterns, path("test-server-error/", fail, name="test-server-error")]
