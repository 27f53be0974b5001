"""Printing in the background: a published or changed brief's PDFs are made by a task.

A save of a published brief queues ``print_brief`` once the save has committed (a brief
scheduled for later is queued for its publish time, where the back end can wait), and
queues the other public parts of its series too, whose "Part 2 of 3" may have changed.
The task prints only a brief that is public when it runs, and only what changed, so a
task run twice or late does no harm. Nothing here can fail or undo the editor's save: a
failure to queue is logged, and a failed task is recorded by the task back end. A PDF record
that is deleted (with its brief) takes its file with it.
"""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django_tasks import task

from briefs.models import Brief, BriefPdf
from briefs.printing import engine
from briefs.printing.copies import file_deleted_with_record, make_pdfs

logger = logging.getLogger(__name__)


@task()
def print_brief(brief_id):
    """Make the PDFs of the brief ``brief_id`` if it is public; the papers made."""
    reason = engine.unavailable_reason()
    if reason:
        logger.warning("No PDF of brief %s: %s", brief_id, reason, extra={"brief_id": brief_id})
        return []
    brief = Brief.objects.published().select_related("series", "hero").filter(pk=brief_id).first()
    if brief is None:
        return []
    return [str(paper) for paper in make_pdfs(brief)]


def brief_saved(sender, instance, **kwargs):
    if settings.BRIEF_PDFS and instance.status == Brief.Status.PUBLISHED:
        transaction.on_commit(partial(queue, instance.pk))


def queue(brief_id):
    """Queue the prints a change of the brief ``brief_id`` calls for."""
    try:
        brief = Brief.objects.filter(pk=brief_id, status=Brief.Status.PUBLISHED).first()
        if brief is None:
            return
        backend = print_brief.get_backend()
        if brief.is_scheduled and backend.supports_defer:
            print_brief.using(run_after=brief.publish_at).enqueue(brief.pk)
        elif not brief.is_scheduled:
            print_brief.enqueue(brief.pk)
        if brief.series_id is not None:
            parts = Brief.objects.published().filter(series_id=brief.series_id)
            for part_id in parts.exclude(pk=brief.pk).values_list("pk", flat=True):
                print_brief.enqueue(part_id)
    except Exception:  # the save is committed; a lost print must not fail the request
        logger.exception("The PDFs of brief %s were not queued", brief_id)


def connect():
    post_save.connect(brief_saved, sender=Brief, dispatch_uid="print-brief-on-save")
    post_delete.connect(file_deleted_with_record, sender=BriefPdf, dispatch_uid="pdf-file-delete")
