"""E-mail sent by a background task: once per key, and tried again on temporary errors.

django-tasks has no retries of its own, so a failed attempt that is worth repeating (the
server was unreachable, hung up, or answered with a 4xx code) queues the next attempt
itself, later each time, up to ``MAX_ATTEMPTS``. Each failure is logged with what the
caller said the e-mail is ``about``; the last one also marks the task failed.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from .models import SentEmail

logger = logging.getLogger(__name__)

# Seconds to wait before the 2nd, 3rd... attempt: about two and a half hours in all.
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 60 * 60)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def is_temporary(error):
    """Would the same e-mail go through later? Unreachable, hung up or 4xx: yes."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(error, smtplib.SMTPException):
        return False
    return isinstance(error, OSError)  # refused, reset, timed out, host not found


@task()
def send_email(key, subject, body, recipients, about=None, attempt=1):
    """Send one e-mail unless the e-mail ``key`` names was sent already; True if sent now."""
    about = about or {}
    if SentEmail.objects.filter(key=key).exists():
        logger.info("E-mail “%s” was sent already", key, extra=about)
        return False
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception as error:
        if not (is_temporary(error) and attempt < MAX_ATTEMPTS):
            logger.error(
                "E-mail “%s” not sent (attempt %d of %d): %r",
                key,
                attempt,
                MAX_ATTEMPTS,
                error,
                extra={**about, "attempt": attempt},
            )
            raise
        delay = RETRY_DELAYS[attempt - 1]
        logger.warning(
            "E-mail “%s” not sent (attempt %d of %d), trying again in %d s: %r",
            key,
            attempt,
            MAX_ATTEMPTS,
            delay,
            error,
            extra={**about, "attempt": attempt},
        )
        _later(delay).enqueue(key, subject, body, recipients, about, attempt + 1)
        return False
    SentEmail.objects.get_or_create(key=key)
    return True


def _later(delay):
    """The task, set to wait ``delay`` seconds where its back end can wait (not in tests)."""
    if not send_email.get_backend().supports_defer:
        return send_email
    return send_email.using(run_after=timezone.now() + timedelta(seconds=delay))
