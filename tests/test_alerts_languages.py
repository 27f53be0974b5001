"""Alert e-mails speak the language of the page the reader subscribed on, and link its pages."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from briefs.alerts import delivery
from briefs.models import Subscription
from countries.models import Country
from tests.alerting import WEEKLY, subscribed
from tests.factories import BriefFactory

pytestmark = pytest.mark.django_db

SITE = "https://briefs.example.org"


@pytest.fixture
def georgia():
    return Country.objects.get(code="GE")


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def subscribe_and_confirm(client, prefix, georgia):
    """Subscribe on a page under ``prefix`` and press the confirmation link's button."""
    response = client.post(
        f"{prefix}/alerts/subscribe/",
        {"email": "reader@example.net", "topic": f"country:{georgia.pk}", "frequency": "weekly"},
    )
    assert response.status_code == 200
    message = mail.outbox[-1]
    link = re.search(r"https?://\S+/alerts/confirm/\S+/", message.body).group(0)
    assert client.post(link.removeprefix(SITE)).status_code == 302
    return message, link


def test_subscribing_under_ru_confirms_in_russian_and_keeps_the_language(client, georgia):
    """The confirmation e-mail is Russian and links /ru/; the alert is kept as Russian."""
    message, link = subscribe_and_confirm(client, "/ru", georgia)
    assert message.subject.startswith("Подтвердите подписку: ")
    assert "Чтобы подтвердить подписку" in message.body
    assert "еженедельной подборкой" in message.body
    assert "Ссылка действует 48 часов." in message.body
    assert link.startswith(f"{SITE}/ru/alerts/confirm/")
    assert Subscription.objects.get().language == "ru"


def test_subscribing_on_an_english_page_stays_english(client, georgia):
    """No prefix: the e-mail and the kept alert are in the default language."""
    message, link = subscribe_and_confirm(client, "", georgia)
    assert message.subject.startswith("Confirm your alert: ")
    assert link.startswith(f"{SITE}/alerts/confirm/")
    assert Subscription.objects.get().language == "en-gb"


def test_confirming_again_in_another_language_moves_the_alert_to_it(client, georgia):
    """The latest confirmation says which language the reader reads the alert in."""
    subscribe_and_confirm(client, "", georgia)
    subscribe_and_confirm(client, "/ru", georgia)
    assert list(Subscription.objects.values_list("language", flat=True)) == ["ru"]


def test_a_russian_alert_is_written_in_russian_with_russian_dates_and_links(georgia):
    """Subject, words, dates, manage and unsubscribe links are Russian's; the brief keeps
    its own address (an English brief at /briefs/…), whatever language the sender runs in."""
    since = datetime(2026, 3, 1, tzinfo=UTC)
    subscribed("reader@example.net", georgia, "country", since=since, language="ru")
    brief = BriefFactory(
        countries=[georgia],
        title="Gas through Georgia",
        publish_at=datetime(2026, 3, 14, 12, tzinfo=UTC),
    )
    with translation.override("en-gb"):
        delivery.announce(brief.pk, now=brief.publish_at + timedelta(hours=1))
    [message] = mail.outbox
    assert message.subject == "Новая записка: Gas through Georgia"
    text = message.body
    html = message.alternatives[0][0]
    assert "Новая записка" in text and "Настроить рассылки" in text
    assert "14 марта 2026" in text and "14 марта 2026" in html
    assert f"{SITE}/briefs/{brief.slug}/" in text
    assert f"{SITE}/ru/alerts/manage/" in text and f"{SITE}/ru/alerts/manage/" in html
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{SITE}/ru/alerts/unsubscribe/")
    assert '<html lang="ru">' in html


def test_an_english_alert_stays_english_when_the_sender_runs_in_russian(georgia):
    """The worker's own language never leaks into an English reader's e-mail."""
    subscribed("reader@example.net", georgia, "country")
    brief = BriefFactory(countries=[georgia], title="Gas through Georgia")
    with translation.override("ru"):
        delivery.announce(brief.pk)
    [message] = mail.outbox
    assert message.subject == "New brief: Gas through Georgia"
    assert f"{SITE}/alerts/manage/" in message.body


def test_a_digest_for_alerts_in_two_languages_speaks_the_latest_confirmed(georgia):
    """One e-mail per reader: the alert they confirmed last says its language."""
    now = timezone.now()
    subscribed("reader@example.net", georgia, "country", WEEKLY, now - timedelta(days=3))
    reader = subscribed(
        "reader@example.net", None, None, WEEKLY, now - timedelta(days=2), language="ru"
    )
    BriefFactory(countries=[georgia])
    BriefFactory(countries=[georgia])
    assert delivery.queue_digests(reader.digest_due_at + timedelta(minutes=1)) == 1
    [message] = mail.outbox
    assert message.subject == "На этой неделе: 2 новые записки"


def test_an_alert_in_a_language_since_removed_speaks_the_default(georgia, settings):
    """A language taken off the site's list leaves no e-mail with dead /xx/ links."""
    subscribed("reader@example.net", georgia, "country", language="kk")
    brief = BriefFactory(countries=[georgia], title="Gas through Georgia")
    delivery.announce(brief.pk)
    [message] = mail.outbox
    assert message.subject == "New brief: Gas through Georgia"
    assert f"{SITE}/alerts/manage/" in message.body and "/kk/" not in message.body
