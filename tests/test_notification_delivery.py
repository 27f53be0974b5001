"""A failing e-mail never fails a save: notifications go out after commit, logged and retried."""

import logging
import signal
import smtplib
import socket
from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from briefs.editorial import notifications
from briefs.models import Brief
from ops import mail as background_mail
from tests.factories import BriefFactory, CountryFactory, UserFactory
from tests.forms import form_data
from tests.mail_backends import FlakyBackend

DISCONNECTED = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
REFUSED = ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.FlakyBackend"
    FlakyBackend.failures, FlakyBackend.attempts = [], 0
    yield FlakyBackend
    FlakyBackend.failures = []


@pytest.fixture
def writer(db):
    UserFactory(username="ed1", group="Editors")
    return UserFactory(username="writer", group="Contributors")


def submit_for_review(client, writer, brief):
    """The writer's "Submit for review" from the change form; the response."""
    client.force_login(writer)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    return client.post(url, {**form_data(client.get(url)), "status": "review"})


def mail_logs(caplog, level):
    return [r for r in caplog.records if r.name == "ops.mail" and r.levelno == level]


@pytest.mark.parametrize("error", [DISCONNECTED, REFUSED], ids=["disconnected", "refused"])
def test_the_save_stands_when_the_mail_server_is_down(
    client, writer, flaky_mail, caplog, django_capture_on_commit_callbacks, error
):
    """The brief is in review, the response a redirect; each failed attempt is logged."""
    flaky_mail.failures = [error] * background_mail.MAX_ATTEMPTS
    brief = BriefFactory(draft=True, created_by=writer)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_for_review(client, writer, brief)
    assert response.status_code == 302
    assert Brief.objects.get(pk=brief.pk).status == "review"
    assert mail.outbox == []
    assert flaky_mail.attempts == background_mail.MAX_ATTEMPTS
    retried = mail_logs(caplog, logging.WARNING)
    [given_up] = mail_logs(caplog, logging.ERROR)
    assert len(retried) == background_mail.MAX_ATTEMPTS - 1
    assert (given_up.brief_id, given_up.transition) == (brief.pk, "submit")
    assert f"brief {brief.pk}" in given_up.getMessage() and "submit" in given_up.getMessage()


def test_a_temporary_failure_is_retried_and_the_mail_arrives_once(
    client, writer, flaky_mail, caplog, django_capture_on_commit_callbacks
):
    """The server hangs up once; the second attempt delivers exactly one message."""
    flaky_mail.failures = [DISCONNECTED]
    brief = BriefFactory(draft=True, created_by=writer, title="Water and power")
    with django_capture_on_commit_callbacks(execute=True):
        assert submit_for_review(client, writer, brief).status_code == 302
    assert [message.subject for message in mail.outbox] == ["For review: Water and power"]
    [retried] = mail_logs(caplog, logging.WARNING)
    assert (retried.brief_id, retried.transition, retried.attempt) == (brief.pk, "submit", 1)


def test_a_permanent_refusal_is_not_retried(
    client, writer, flaky_mail, caplog, django_capture_on_commit_callbacks
):
    """A 5xx answer will not change by waiting: one attempt, logged as failed."""
    flaky_mail.failures = [smtplib.SMTPRecipientsRefused({"ed1@example.org": (550, b"No")})]
    brief = BriefFactory(draft=True, created_by=writer)
    with django_capture_on_commit_callbacks(execute=True):
        assert submit_for_review(client, writer, brief).status_code == 302
    assert flaky_mail.attempts == 1
    assert len(mail_logs(caplog, logging.ERROR)) == 1


def test_a_mail_server_that_never_answers_costs_one_timeout_an_attempt(
    client, writer, settings, caplog, django_capture_on_commit_callbacks
):
    """The connection is taken and no greeting comes: each attempt times out and is retried."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the kernel accepts connections; nobody ever answers them
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = silent.getsockname()
        settings.EMAIL_TIMEOUT = 0.2
        brief = BriefFactory(draft=True, created_by=writer)
        with django_capture_on_commit_callbacks(execute=True):
            assert submit_for_review(client, writer, brief).status_code == 302
    assert Brief.objects.get(pk=brief.pk).status == "review"
    retried = mail_logs(caplog, logging.WARNING)
    assert len(retried) == background_mail.MAX_ATTEMPTS - 1
    assert "timed out" in retried[0].getMessage()


@pytest.mark.parametrize(
    ("error", "temporary"),
    [
        (smtplib.SMTPDataError(451, b"Try later"), True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (452, b"Full")}), True),
        (TimeoutError("timed out"), True),
        (smtplib.SMTPAuthenticationError(535, b"Bad password"), False),
        (smtplib.SMTPNotSupportedError("No STARTTLS"), False),
        (ValueError("Header values can't contain newlines"), False),
    ],
)
def test_which_errors_are_worth_another_attempt(error, temporary):
    """Unreachable, hung up or 4xx: later. Refused for good (5xx, a bad message): never."""
    assert background_mail.is_temporary(error) is temporary


@pytest.mark.django_db
def test_running_the_same_e_mail_task_twice_sends_it_once(settings):
    """The task is idempotent: its key records the delivery, and a repeat sends nothing."""
    args = ("brief 1 version 2: submit", "For review: X", "Body", ["ed1@example.org"])
    assert background_mail.send_email.call(*args) is True
    assert background_mail.send_email.call(*args) is False
    assert len(mail.outbox) == 1


@pytest.fixture
def database_tasks(settings):
    """Tasks wait in the database, as in production, until ``run_worker`` runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    """``manage.py db_worker --batch``: run every task that is due, then stop."""
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_mail_and_retries_it_later(client, flaky_mail, database_tasks):
    """Saved with the database back end: queued on commit, sent by the worker, retried with a
    delay after a temporary failure, and delivered once."""
    # Committed for the worker to read. Flushed tables lose the reference data (groups,
    # countries), so this test makes its own: two superusers and a country.
    UserFactory(username="ed1", is_superuser=True)
    writer = UserFactory(username="writer", is_superuser=True)
    brief = BriefFactory(draft=True, created_by=writer, countries=[CountryFactory()])
    flaky_mail.failures = [REFUSED]
    assert submit_for_review(client, writer, brief).status_code == 302
    assert DBTaskResult.objects.ready().count() == 1 and mail.outbox == []

    run_worker()
    assert mail.outbox == []
    [retry] = DBTaskResult.objects.filter(status="READY")
    assert retry.run_after > timezone.now() + timedelta(seconds=30)

    with time_machine.travel(timezone.now() + timedelta(seconds=background_mail.RETRY_DELAYS[0])):
        run_worker()
    assert [message.to for message in mail.outbox] == [["ed1@example.org"]]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


class SMTPRecorder:
    """An aiosmtpd handler that keeps what it accepts and can answer "try later" first."""

    def __init__(self, busy_answers=0):
        self.busy_answers = busy_answers
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        if self.busy_answers:
            self.busy_answers -= 1
            return "451 Requested action aborted: try again later"
        self.messages.append(envelope.content.decode())
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free loopback port, which the project's SMTP back end uses."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    recorder = SMTPRecorder(busy_answers=1)
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield recorder
    controller.stop()


def test_a_real_smtp_server_that_says_try_later_gets_the_mail_on_the_next_attempt(
    client, writer, smtp_server, django_capture_on_commit_callbacks
):
    """Over SMTP: a 451 answer is retried, and the server then holds exactly one message."""
    brief = BriefFactory(draft=True, created_by=writer, title="Water and power")
    with django_capture_on_commit_callbacks(execute=True):
        assert submit_for_review(client, writer, brief).status_code == 302
    [message] = smtp_server.messages
    assert "Subject: For review: Water and power" in message
    assert "To: ed1@example.org" in message


def test_an_e_mail_that_cannot_be_queued_is_logged_and_the_save_stands(
    client, writer, caplog, monkeypatch, django_capture_on_commit_callbacks
):
    """Even the queue refusing the task (say, a locked database) leaves the move in place."""

    class LockedQueue:
        @staticmethod
        def enqueue(*args, **kwargs):
            raise OperationalError("database is locked")

    monkeypatch.setattr(notifications, "send_email", LockedQueue)
    brief = BriefFactory(draft=True, created_by=writer)
    with django_capture_on_commit_callbacks(execute=True):
        assert submit_for_review(client, writer, brief).status_code == 302
    assert Brief.objects.get(pk=brief.pk).status == "review"
    [logged] = [r for r in caplog.records if r.name == "briefs.editorial.notifications"]
    assert (logged.brief_id, logged.transition) == (brief.pk, "submit")
