"""Queue the PDFs of every public brief: after installing Pango, or on an existing archive."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from briefs.models import Brief
from briefs.printing.tasks import print_brief


class Command(BaseCommand):
    help = (
        "Queue a print task for every public brief; the task worker (manage.py db_worker) "
        "makes the PDFs that are missing or out of date and leaves the others. Safe to re-run."
    )

    def handle(self, *args, **options):
        ids = list(Brief.objects.published().order_by("pk").values_list("pk", flat=True))
        for brief_id in ids:
            print_brief.enqueue(brief_id)
        self.stdout.write(
            ngettext(
                "Queued the PDFs of %d public brief.",
                "Queued the PDFs of %d public briefs.",
                len(ids),
            )
            % len(ids)
        )
