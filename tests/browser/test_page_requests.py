"""A brief page costs two requests, the page and its one stylesheet, plus its images, and
none fails."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.urls import reverse

from tests.public_pages import SERIES_BRIEF

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_brief_page_loads_in_two_requests_with_no_failure(live_server, page):
    """The page and site.css, whose print styles come with it; the declared icon loads.

    The demo brief shows two figures: the browser fetches one WebP rendition of each it
    has reached (below the first screen they load lazily), and no JPEG besides."""
    call_command("load_demo", stdout=StringIO())
    answered = []
    page.on("response", lambda response: answered.append(response))
    page.goto(live_server.url + reverse("briefs:brief-detail", args=[SERIES_BRIEF]))
    page.wait_for_load_state("networkidle")
    icon = page.evaluate("document.querySelector('link[rel=icon]').href")
    assert page.request.get(icon).ok
    assert [response.status for response in answered if not response.ok] == []
    paths = [response.url.removeprefix(live_server.url) for response in answered]
    favicon = static("img/favicon.svg")
    figures = [path for path in paths if path.startswith("/media/renditions/library/")]
    assert len(figures) <= 2 and all(path.endswith(".webp") for path in figures)
    assert [path for path in paths if path != favicon and path not in figures] == [
        reverse("briefs:brief-detail", args=[SERIES_BRIEF]),
        static("css/site.css"),
    ]
