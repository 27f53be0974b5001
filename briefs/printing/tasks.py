"""Printing in the background: a published or changed brief's PDFs are made by a task.

A save of a published brief queues ``print_brief`` once the save has committed (a brief
scheduled for later is queued for its publish time, where the back end can wait), and
queues the other public parts of its series too, whose "Part 2 of 3" may have changed.
The task prints only a brief that is public when it runs, and only what changed, so a
task run twice or late does no harm. Nothing here can fail or undo the editor's save: a
failure to queue is logged, and a failed task is recorded by the task back end. A PDF record
that is deleted (with its brief) takes its file with it.

A PDF also prints fields of other records: its authors' names and roles, its series' title,
its countries, its figures' alt text, captions and credits. When one of those changes
(``briefs.content.related_changes``), the save queues one task, ``reprint_showing``,
whatever the number of briefs concerned; the worker finds the public briefs that show
the record and queues their prints in batches of ``BATCH`` (``print_briefs``).
"""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django_tasks import task

from briefs.content import related_changes
from briefs.models import Author, Brief, BriefPdf, LibraryImage, Series
from briefs.printing import engine
from briefs.printing.copies import file_deleted_with_record, make_pdfs
from countries.models import Country

logger = logging.getLogger(__name__)

# What a PDF prints of the records around a brief (templates/includes/brief_article.html).
PRINTED_FIELDS = {
    Author: ["name", "slug", "role"],
    Series: ["title", "slug"],
    LibraryImage: ["alt", "caption", "credit", "renditions"],
    Country: ["name", "slug"],
}
BATCH = 50  # briefs printed by one task when a shared record changed


@task()
def print_brief(brief_id):
    """Make the PDFs of the brief ``brief_id`` if it is public; the papers made."""
    reason = engine.unavailable_reason()
    if reason:
        logger.warning("No PDF of brief %s: %s", brief_id, reason, extra={"brief_id": brief_id})
        return []
    brief = (
        Brief.objects.published()
        .select_related("series", "hero", "kind")
        .filter(pk=brief_id)
        .first()
    )
    if brief is None:
        return []
    return [str(paper) for paper in make_pdfs(brief)]


@task()
def print_briefs(brief_ids):
    """Print each of ``brief_ids`` as ``print_brief`` does; how many had PDFs made. One
    that fails does not keep the others from printing (``related_changes.redo_each``)."""
    return related_changes.redo_each(brief_ids, print_brief.call, "PDFs")


@task()
def reprint_showing(model_label, pk):
    """Queue the prints of the public briefs that show the record ``pk`` of ``model_label``
    (one of ``PRINTED_FIELDS``), in batches; how many briefs."""
    batches = related_changes.showing_in_batches(model_label, pk, BATCH)
    for batch in batches:
        print_briefs.enqueue(batch)
    return sum(map(len, batches))


def shown_record_changed(model, pk):
    """A printed field of a record changed (committed): queue the one fan-out task."""
    if not settings.BRIEF_PDFS:
        return
    try:
        reprint_showing.enqueue(model._meta.label, pk)
    except Exception:  # the save is committed; a lost reprint must not fail the request
        logger.exception("The PDFs showing %s %s were not queued", model._meta.label, pk)


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
    for model, fields in PRINTED_FIELDS.items():
        related_changes.watch(model, fields, shown_record_changed, f"print-{model._meta.label}")
    post_delete.connect(file_deleted_with_record, sender=BriefPdf, dispatch_uid="pdf-file-delete")
