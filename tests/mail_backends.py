"""An e-mail back end that fails when a test tells it to, and otherwise keeps the mail."""

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    """Raises the errors in ``failures``, one a send, then delivers to ``mail.outbox``."""

    failures = []
    attempts = 0

    def send_messages(self, messages):
        FlakyBackend.attempts += 1
        if FlakyBackend.failures:
            raise FlakyBackend.failures.pop(0)
        return super().send_messages(messages)
