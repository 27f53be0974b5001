"""Helpers for the alert tests: a confirmed subscriber, and a real SMTP server on loopback."""

import email
import email.policy
import socket
from datetime import timedelta

from aiosmtpd.controller import Controller
from django.utils import timezone

from briefs.alerts import subscriptions, topics
from briefs.models import Subscription

IMMEDIATE, WEEKLY = Subscription.Frequency.IMMEDIATE, Subscription.Frequency.WEEKLY


def subscribed(address, term=None, topic=None, frequency=IMMEDIATE, since=None, language="en-gb"):
    """A subscriber confirmed for ``term`` (every brief when None) on a page in ``language``,
    ``since`` two days ago unless told, so the briefs the factories publish (a day ago) are
    theirs to receive."""
    choice = topics.Choice(topic or Subscription.Topic.ALL, term)
    since = since or timezone.now() - timedelta(days=2)
    return subscriptions.confirm(address, choice, frequency, language, now=since)


class SMTPRecorder:
    """An aiosmtpd handler that keeps what it accepts, answers "try later" (451) to the
    first ``busy_answers`` messages, and "no such user" (550) to ``refused`` recipients."""

    def __init__(self):
        self.busy_answers = 0
        self.refused = set()
        self.messages = []
        self.sessions = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.busy_answers:
            self.busy_answers -= 1
            return "451 Requested action aborted: try again later"
        self.messages.append(envelope.content)
        return "250 Message accepted for delivery"

    def parsed(self):
        """The messages received, as ``email.message.EmailMessage`` objects."""
        return [email.message_from_bytes(raw, policy=email.policy.default) for raw in self.messages]


def start_smtp_server(settings):
    """Start a recorder on a free loopback port and point Django's SMTP back end at it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    recorder = SMTPRecorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return recorder, controller
