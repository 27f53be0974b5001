"""A reader with JavaScript off follows a country by e-mail from its page and confirms."""

import re

import pytest
from django.core import mail

from briefs.models import Subscription
from countries.models import Country
from tests.factories import BriefFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_reader_subscribes_from_a_country_page_and_confirms(live_server, browser):
    """The page's own form posts from the page's origin; the link's button confirms."""
    georgia = Country.objects.get(code="GE")
    BriefFactory(countries=[georgia])
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + georgia.get_absolute_url())
    form = page.get_by_role("form", name="Alerts by e-mail")
    form.get_by_label("E-mail address").fill("reader@example.net")
    form.get_by_label("A weekly digest").check()
    form.get_by_role("button", name="Subscribe").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your inbox"

    [message] = mail.outbox
    link = re.search(r"https?://\S+/(alerts/confirm/\S+/)", message.body).group(1)
    page.goto(f"{live_server.url}/{link}")
    page.get_by_role("button", name="Confirm").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your alerts"
    [alert] = Subscription.objects.all()
    assert (alert.topic, alert.term_id, alert.frequency) == ("country", georgia.pk, "weekly")
    context.close()
