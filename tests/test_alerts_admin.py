"""Administrators see alert subscribers and counts per topic, export them as CSV, and
delete one on request with everything kept about them; editors see none of it."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from briefs.alerts import throttle
from briefs.models import AlertDelivery, AlertRequest, Subscriber, Subscription
from countries.models import Country
from tests.alerting import WEEKLY, subscribed
from tests.factories import BriefFactory, UserFactory

pytestmark = pytest.mark.django_db

SUBSCRIBERS = reverse("admin:briefs_subscriber_changelist")
COUNTS = reverse("admin:briefs_subscription_counts")


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True))
    return client


@pytest.fixture
def readers(db):
    georgia = Country.objects.get(code="GE")
    first = subscribed("first@example.net", georgia, "country")
    subscribed("first@example.net", frequency=WEEKLY)
    second = subscribed("=cmd@example.net", georgia, "country", frequency=WEEKLY)
    return first, second


def test_counts_per_topic(admin_client, readers):
    """Georgia: one at once and one weekly; every brief: one weekly."""
    response = admin_client.get(COUNTS)
    assert response.status_code == 200
    rows = [(r["description"], r["immediate"], r["weekly"]) for r in response.context["rows"]]
    assert rows == [("the country Georgia", 1, 1), ("every new brief", 0, 1)]
    assert response.context["subscribers"] == 2
    assert b"Subscribers per topic" in admin_client.get(SUBSCRIBERS).content


def test_csv_export_one_row_per_alert(admin_client, readers):
    """The export names each alert's topic, and a formula-like address stays text."""
    data = {
        "action": "export_csv",
        "_selected_action": [reader.pk for reader in readers],
    }
    response = admin_client.post(SUBSCRIBERS, data)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["email", "subscribed", "topic", "term", "frequency", "confirmed"]
    assert sorted((row[0], row[3], row[4]) for row in rows[1:]) == [
        ("'=cmd@example.net", "the country Georgia", "weekly"),
        ("first@example.net", "every new brief", "weekly"),
        ("first@example.net", "the country Georgia", "immediate"),
    ]


def test_deleting_a_subscriber_deletes_everything_kept_about_them(admin_client, readers):
    """Alerts, the record of each brief sent and the rate-limit counts: all gone; the
    other subscriber's stay."""
    first, second = readers
    brief = BriefFactory()
    for reader in readers:
        AlertDelivery.objects.create(subscriber=reader, brief=brief, state="sent")
        AlertRequest.objects.create(
            bucket=throttle.bucket("email", reader.email), at=brief.publish_at
        )
    url = reverse("admin:briefs_subscriber_delete", args=[first.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert list(Subscriber.objects.all()) == [second]
    assert list(Subscription.objects.values_list("subscriber", flat=True)) == [second.pk]
    assert list(AlertDelivery.objects.values_list("subscriber", flat=True)) == [second.pk]
    assert list(AlertRequest.objects.values_list("bucket", flat=True)) == [
        throttle.bucket("email", second.email)
    ]


def test_the_delete_action_forgets_each_selected_subscriber(admin_client, readers):
    for reader in readers:
        AlertRequest.objects.create(
            bucket=throttle.bucket("email", reader.email), at=reader.created_at
        )
    data = {"action": "delete_selected", "_selected_action": [r.pk for r in readers], "post": "yes"}
    assert admin_client.post(SUBSCRIBERS, data).status_code == 302
    assert not Subscriber.objects.exists() and not AlertRequest.objects.exists()


def test_editors_see_no_subscriber(client, readers):
    """Addresses are the administrators' to see: an editor gets 403 everywhere here."""
    client.force_login(UserFactory(username="ed", group="Editors"))
    for url in (SUBSCRIBERS, COUNTS, reverse("admin:briefs_subscription_changelist")):
        assert client.get(url).status_code == 403, url


def test_the_subscriber_page_lists_their_alerts(admin_client, readers):
    first, _ = readers
    response = admin_client.get(reverse("admin:briefs_subscriber_change", args=[first.pk]))
    assert response.status_code == 200
    assert b"the country Georgia" in response.content
