"""The brief form suggests the next part of a series in the brief's own language: the
language chosen on the form is sent with the series (``static/js/series-part.js``)."""

import pytest
from playwright.sync_api import expect

from tests.browser.admin_session import log_in
from tests.browser.test_publishing_steps import Editor, newsroom
from tests.factories import BriefFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("patient_expectations"),
]


def test_a_russian_brief_is_offered_the_next_russian_part(live_server, page):
    """English parts 1 and 2, Russian part 1: a new Russian brief is offered part 2."""
    *_rest, first, _second = newsroom()
    BriefFactory(translation_of=first, language="ru", series=first.series, series_position=1)
    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/admin/briefs/brief/add/")
    page.get_by_label("Language:").select_option("ru")
    Editor(page).choose("Series:", "Caspian energy")
    expect(page.get_by_role("spinbutton", name="Series position:")).to_have_value("2")
