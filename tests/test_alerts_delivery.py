"""Alerts reach a real SMTP server on loopback: once per subscriber and brief, only for
public briefs, retried after "try later", and never early for a scheduled brief."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from briefs.alerts import delivery
from briefs.models import AlertDelivery, Brief, Subscriber
from tests.alerting import WEEKLY, start_smtp_server, subscribed
from tests.factories import BriefFactory, CountryFactory, RegionFactory, SeriesFactory

pytestmark = pytest.mark.django_db

SITE = "https://briefs.example.org"


@pytest.fixture
def smtp(settings):
    """A real SMTP server (aiosmtpd) on a free loopback port, which Django's SMTP back end
    uses; links are built on an https site address, as in production."""
    settings.SITE_URL = SITE
    recorder, controller = start_smtp_server(settings)
    yield recorder
    controller.stop()


@pytest.fixture
def ruritania(db):
    return CountryFactory(name="Ruritania", slug="ruritania")


def publish(capture, **fields):
    """A brief saved published, with the save's on-commit work (the alert task) run."""
    with capture(execute=True):
        return BriefFactory(**fields)


def states():
    return sorted(AlertDelivery.objects.values_list("state", flat=True))


def test_a_new_brief_is_mailed_to_its_country_subscriber_once(
    smtp, ruritania, django_capture_on_commit_callbacks
):
    """Published: one e-mail, with the one-click unsubscribe headers, text and HTML."""
    subscribed("reader@example.net", ruritania, "country")
    subscribed("other@example.net", CountryFactory(), "country")
    brief = publish(
        django_capture_on_commit_callbacks, title="Gas through Ruritania", countries=[ruritania]
    )
    [message] = smtp.parsed()
    assert message["To"] == "reader@example.net"
    assert message["Subject"] == "New brief: Gas through Ruritania"
    unsubscribe = str(message["List-Unsubscribe"]).strip()
    assert re.fullmatch(rf"<{SITE}/alerts/unsubscribe/[^/>]+/>", unsubscribe)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert f"{SITE}/briefs/{brief.slug}/" in text and f'href="{SITE}/briefs/{brief.slug}/"' in html
    assert f"{SITE}/alerts/manage/" in text and f"{SITE}/alerts/manage/" in html
    assert "<img" not in html.lower()
    # No link goes anywhere but the site's own pages: nothing rewritten, nothing counted.
    assert {link.split("/")[2] for link in re.findall(r'href="([^"]+)"', html)} == {
        "briefs.example.org"
    }
    assert states() == ["sent"]


def test_a_temporary_failure_is_retried_and_delivered_once(
    smtp, ruritania, django_capture_on_commit_callbacks, caplog
):
    """The server answers 451 once: the next attempt delivers exactly one message."""
    smtp.busy_answers = 1
    subscribed("reader@example.net", ruritania, "country")
    publish(django_capture_on_commit_callbacks, countries=[ruritania])
    assert len(smtp.messages) == 1
    [row] = AlertDelivery.objects.all()
    assert (row.state, row.attempts) == ("sent", 2)
    assert any("trying again" in record.getMessage() for record in caplog.records)


def test_sending_again_duplicates_nothing(smtp, ruritania, django_capture_on_commit_callbacks):
    """A second announce, a sweep and a repeated batch task find the brief already sent."""
    subscribed("reader@example.net", ruritania, "country")
    brief = publish(django_capture_on_commit_callbacks, countries=[ruritania])
    [row] = AlertDelivery.objects.all()
    assert delivery.announce(brief.pk) == 0
    assert delivery.sweep() == {"immediate": 0, "digests": 0}
    assert delivery.send_batch.call([[row.pk]]) == {"dropped": 1}
    assert len(smtp.messages) == 1


def test_a_row_claimed_by_another_task_is_not_sent_again(smtp, ruritania):
    """Two tasks with the same rows: the claim lets only one of them send."""
    subscribed("reader@example.net", ruritania, "country")
    brief = BriefFactory(countries=[ruritania])
    row = AlertDelivery.objects.create(subscriber=Subscriber.objects.get(), brief=brief)
    AlertDelivery.objects.filter(pk=row.pk).update(state="sending", claimed_at=timezone.now())
    assert delivery.send_batch.call([[row.pk]]) == {"dropped": 1}
    assert smtp.messages == []


def test_a_permanent_refusal_is_not_retried(smtp, ruritania, django_capture_on_commit_callbacks):
    """550 for the address: the row is failed, and no later sweep sends it."""
    smtp.refused = {"gone@example.net"}
    subscribed("gone@example.net", ruritania, "country")
    publish(django_capture_on_commit_callbacks, countries=[ruritania])
    delivery.sweep()
    assert smtp.messages == [] and states() == ["failed"]


def test_a_draft_or_a_brief_in_review_is_never_mailed(
    smtp, ruritania, django_capture_on_commit_callbacks
):
    """Saved as draft or in review, swept, nothing goes out."""
    subscribed("reader@example.net", ruritania, "country")
    publish(django_capture_on_commit_callbacks, draft=True, countries=[ruritania])
    publish(django_capture_on_commit_callbacks, in_review=True, countries=[ruritania])
    assert delivery.sweep() == {"immediate": 0, "digests": 0}
    assert smtp.messages == [] and states() == []


def test_a_scheduled_brief_is_mailed_when_it_becomes_public_not_when_saved(
    smtp, ruritania, django_capture_on_commit_callbacks
):
    """Saved for tomorrow: nothing today; the first sweep after its time mails it, once."""
    subscribed("reader@example.net", ruritania, "country")
    brief = publish(django_capture_on_commit_callbacks, scheduled=True, countries=[ruritania])
    assert delivery.sweep()["immediate"] == 0 and smtp.messages == []
    with time_machine.travel(brief.publish_at - timedelta(seconds=1)):
        assert delivery.sweep()["immediate"] == 0
    with time_machine.travel(brief.publish_at + timedelta(minutes=5)):
        assert delivery.sweep()["immediate"] == 1
        assert delivery.sweep()["immediate"] == 0
    assert len(smtp.messages) == 1


def test_a_scheduled_brief_waits_in_the_queue_for_its_publish_time(
    settings, ruritania, django_capture_on_commit_callbacks
):
    """With the database task back end, the save queues the announcement for publish_at."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    subscribed("reader@example.net", ruritania, "country")
    brief = publish(django_capture_on_commit_callbacks, scheduled=True, countries=[ruritania])
    [queued] = DBTaskResult.objects.filter(task_path="briefs.alerts.delivery.announce_brief")
    assert queued.run_after == brief.publish_at


def test_a_brief_unpublished_before_sending_is_not_mailed(smtp, ruritania, monkeypatch):
    """Announced, then taken down before the batch ran: nothing is sent, and the rows go,
    so publishing it again announces it then."""
    subscribed("reader@example.net", ruritania, "country")
    brief = BriefFactory(countries=[ruritania])
    batches = []
    monkeypatch.setattr(delivery, "queue", lambda groups, now=None: batches.extend(groups))
    delivery.announce(brief.pk)
    Brief.objects.filter(pk=brief.pk).update(status=Brief.Status.DRAFT)
    monkeypatch.undo()
    assert delivery.send_batch.call(batches) == {"dropped": 1}
    assert smtp.messages == [] and states() == []
    Brief.objects.filter(pk=brief.pk).update(status=Brief.Status.PUBLISHED)
    delivery.sweep()
    assert len(smtp.messages) == 1


def test_an_old_brief_is_not_mailed_to_a_newer_subscriber(
    smtp, ruritania, django_capture_on_commit_callbacks
):
    """Briefs published before the subscriber confirmed are not theirs, even when edited."""
    brief = publish(django_capture_on_commit_callbacks, countries=[ruritania])
    subscribed("late@example.net", ruritania, "country", since=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        brief.dek = "Edited after the subscriber came."
        brief.save()
    delivery.sweep()
    assert smtp.messages == []


def test_a_brief_past_the_late_window_is_not_announced(smtp, settings, ruritania):
    """A sweep long after (a worker down for days, an old brief republished) mails nothing."""
    subscribed("reader@example.net", ruritania, "country", since=timezone.now() - timedelta(days=9))
    BriefFactory(countries=[ruritania], publish_at=timezone.now() - timedelta(days=4))
    settings.ALERTS_LATE_HOURS = 72
    assert delivery.sweep()["immediate"] == 0 and smtp.messages == []


def test_each_topic_reaches_its_subscribers(smtp, django_capture_on_commit_callbacks):
    """Every brief, a region through its countries, a theme, a series and an author."""
    region = RegionFactory()
    country = CountryFactory(region=region)
    series = SeriesFactory()
    brief = publish(
        django_capture_on_commit_callbacks,
        countries=[country],
        series=series,
        series_position=1,
        themes=["Energy security"],
    )
    theme = brief.themes.get()
    author = brief.ordered_authors[0]
    for address, term, topic in [
        ("all@example.net", None, None),
        ("region@example.net", region, "region"),
        ("theme@example.net", theme, "theme"),
        ("series@example.net", series, "series"),
        ("author@example.net", author, "author"),
        ("elsewhere@example.net", CountryFactory(), "country"),
    ]:
        subscribed(address, term, topic)
    delivery.sweep()
    received = sorted(message["To"] for message in smtp.parsed())
    assert received == [
        "all@example.net",
        "author@example.net",
        "region@example.net",
        "series@example.net",
        "theme@example.net",
    ]


def test_one_brief_matching_two_alerts_is_one_e_mail(smtp, ruritania):
    """A subscriber following both the country and every brief gets the brief once."""
    subscribed("reader@example.net", ruritania, "country")
    subscribed("reader@example.net")
    BriefFactory(countries=[ruritania])
    delivery.sweep()
    [message] = smtp.parsed()
    assert "every new brief" in message.get_body(("plain",)).get_content()


def test_batches_share_a_connection_and_are_spaced_in_time(settings, ruritania):
    """Five e-mails in batches of two: three tasks, each later by the throttle's spacing."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ALERTS_BATCH_SIZE, settings.ALERTS_PER_MINUTE = 2, 60
    for number in range(5):
        subscribed(f"reader{number}@example.net", ruritania, "country")
    brief = BriefFactory(countries=[ruritania])
    moment = timezone.now()
    with time_machine.travel(moment, tick=False):
        assert delivery.announce(brief.pk, moment) == 5
    batches = DBTaskResult.objects.filter(task_path="briefs.alerts.delivery.send_batch")
    # The back end stores "no wait" as the end of time.
    starts = {
        result.pk: moment if result.run_after.year == 9999 else result.run_after
        for result in batches
    }
    batches = sorted(batches, key=lambda result: starts[result.pk])
    assert [len(result.args_kwargs["args"][0]) for result in batches] == [2, 2, 1]
    starts = [starts[result.pk] for result in batches]
    assert starts == [moment, moment + timedelta(seconds=2), moment + timedelta(seconds=4)]


def test_a_batch_sends_over_one_smtp_session(smtp, settings, ruritania):
    """Three subscribers in one batch: one SMTP session carries the three messages."""
    for number in range(3):
        subscribed(f"reader{number}@example.net", ruritania, "country")
    BriefFactory(countries=[ruritania])
    delivery.sweep()
    assert (len(smtp.messages), smtp.sessions) == (3, 1)


def test_the_weekly_digest_gathers_the_week_once(smtp, ruritania):
    """Two briefs in a week: one digest after it, none on the next sweep; a brief already
    mailed to the same reader at once is not in it again."""
    reader = subscribed("weekly@example.net", ruritania, "country", frequency=WEEKLY)
    subscribed("weekly@example.net", None, None)  # every brief, at once
    other = CountryFactory()
    first = BriefFactory(countries=[ruritania], title="First of the week")
    delivery.sweep()  # "every brief" at once: the first brief goes now
    subscribed("weekly@example.net", None, None, frequency=WEEKLY)
    second = BriefFactory(countries=[other], title="Second of the week")
    assert [m["Subject"] for m in smtp.parsed()] == [f"New brief: {first.title}"]
    with time_machine.travel(reader.digest_due_at - timedelta(minutes=1)):
        assert delivery.sweep()["digests"] == 0
    with time_machine.travel(reader.digest_due_at + timedelta(minutes=1)):
        assert delivery.sweep()["digests"] == 1
        assert delivery.sweep()["digests"] == 0
    digest = smtp.parsed()[-1]
    assert digest["Subject"] == "This week: 1 new brief"
    text = digest.get_body(("plain",)).get_content()
    assert second.title in text and first.title not in text
    assert Subscriber.objects.get().digest_due_at > reader.digest_due_at
