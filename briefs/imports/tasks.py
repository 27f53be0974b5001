"""The import of an export uploaded in the admin, run by the task worker.

The importer writes the progress as it goes (``progress``: one small UPDATE per post, so
the admin's progress page reads "N of M posts" from the record, and nobody counts the
file a second time); the report is kept on the record for download. A task run twice does
nothing the second time: only a queued run is taken.
"""

from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from briefs.imports.importer import Importer
from briefs.imports.media import MediaSource
from briefs.imports.runs import local_copy, mapping_of
from briefs.imports.terms import MappingError
from briefs.imports.wxr import Export, WxrError
from briefs.models import ImportRun
from ops.task_records import delete_files_with_records, mark_failed


def progress(run_id):
    """The importer's callback: counts the posts done on the record ``run_id``."""
    runs = ImportRun.objects.filter(pk=run_id)
    done = 0

    def advance(item):
        nonlocal done
        if item.post_type == "post":
            done += 1
            runs.update(posts_done=done)

    return advance


@task()
def run_import(run_id):
    """Import the export of the queued run ``run_id``; nothing if it is gone or taken."""
    runs = ImportRun.objects.filter(pk=run_id)
    if not runs.filter(state=ImportRun.State.QUEUED).update(state=ImportRun.State.IMPORTING):
        return None
    run = runs.get()
    try:
        with local_copy(run.file_name) as path:
            export = Export(path)
            export.scan()
            runs.update(posts_total=sum(export.post_statuses.values()), posts_done=0)
            importer = Importer(
                export,
                source=MediaSource(site=export.site, fetch=run.fetch_media),
                mapping=mapping_of(run),
            )
            importer.report.export = run.original_name
            report = importer.run(progress=progress(run_id))
    except (WxrError, MappingError) as error:
        mark_failed(ImportRun, run_id, error, why=str(error))
        return None
    except Exception as error:  # recorded for the administrator; the worker logs it too
        mark_failed(ImportRun, run_id, error)
        return None
    runs.update(
        state=ImportRun.State.DONE,
        summary="\n".join(report.summary()),
        report="\n".join(report.lines()) + "\n",
        finished_at=timezone.now(),
    )
    return run_id


def start(run, *, mapping, fetch_media, user):
    """Queue the import of ``run`` with ``mapping`` (a choice per term), once: a run that
    was started already is left as it is. Whether this call started it."""
    with transaction.atomic():
        started = ImportRun.objects.filter(pk=run.pk, state=ImportRun.State.UPLOADED).update(
            state=ImportRun.State.QUEUED,
            mapping=mapping,
            fetch_media=fetch_media,
            started_by=user,
            started_at=timezone.now(),
        )
        if started:
            transaction.on_commit(partial(run_import.enqueue, run.pk))
    return bool(started)


def connect():
    delete_files_with_records(ImportRun)
