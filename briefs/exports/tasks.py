"""Exports for the admin, written by the task worker into storage as one ZIP file.

The archive holds ``wordpress.xml`` (the WXR file) and ``wp-content/uploads/`` (the original
images). It is written to a temporary file first and stored under a random name once
complete, so a failed or interrupted export never leaves half a file behind; the record
says what happened. A task run twice does nothing the second time once the file is ready.
Deleting the record deletes the file.
"""

import shutil
import tempfile
import zipfile
from functools import partial

from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from briefs.exports.media import ZipMedia
from briefs.exports.writer import export
from briefs.images.naming import random_name
from briefs.models import WxrExport
from ops.task_records import PRIVATE_STORAGE, delete_files_with_records, mark_failed

FOLDER = "exports"
XML_NAME = "wordpress.xml"


def write_archive(out, site_url):
    """Write the ZIP of the whole site to the binary file ``out``; the export's ``Summary``."""
    with (
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        tempfile.TemporaryFile() as xml,
    ):
        # The images go into the archive as the XML is written; the XML follows them.
        summary = export(xml, site_url=site_url, media=ZipMedia(archive))
        xml.seek(0)
        with archive.open(XML_NAME, "w", force_zip64=True) as entry:
            shutil.copyfileobj(xml, entry)
    return summary


@task()
def make_export(export_id, site_url):
    """Write the export ``export_id`` unless it is gone or already written."""
    claimed = WxrExport.objects.filter(pk=export_id).exclude(state=WxrExport.State.READY)
    if not claimed.update(state=WxrExport.State.RUNNING, error=""):
        return None
    try:
        with tempfile.TemporaryFile() as out:
            summary = write_archive(out, site_url)
            size = out.tell()
            out.seek(0)
            name = storages[PRIVATE_STORAGE].save(
                f"{FOLDER}/{random_name('export.zip')}", File(out)
            )
    except Exception as error:  # recorded for the administrator; the worker logs it too
        mark_failed(WxrExport, export_id, error)
        return None
    if not WxrExport.objects.filter(pk=export_id).update(
        state=WxrExport.State.READY,
        file_name=name,
        size=size,
        briefs=summary.briefs,
        images=summary.media_files,
        missing_images=summary.media_missing,
        finished_at=timezone.now(),
    ):
        storages[PRIVATE_STORAGE].delete(name)  # the record was deleted while the file was written
    return name


def start(requested_by, site_url):
    """A new export record, its task queued once the record is committed."""
    record = WxrExport.objects.create(requested_by=requested_by)
    transaction.on_commit(partial(make_export.enqueue, record.pk, site_url))
    return record


def connect():
    delete_files_with_records(WxrExport)
