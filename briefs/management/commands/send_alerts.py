"""Announce public briefs and send due weekly digests: ``manage.py send_alerts``.

Run it every few minutes in production (``--every 300`` keeps it running; or cron). Safe
when run twice, by two machines at once, or late: every e-mail is recorded per subscriber
and brief before it is sent, and only one task can claim it (briefs/alerts/delivery.py).
"""

import time

from django.core.management.base import BaseCommand

from briefs.alerts import delivery


class Command(BaseCommand):
    help = "Queue the alerts of briefs that became public and the weekly digests now due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, sweeping every SECONDS (at least 10); by default, sweep once.",
        )

    def handle(self, *args, every=0, **options):
        if every and every < 10:
            every = 10
        while True:
            queued = delivery.sweep()
            if options["verbosity"]:
                self.stdout.write(
                    f"Queued {queued['immediate']} alert e-mails and {queued['digests']} digests."
                )
            if not every:
                return
            time.sleep(every)
