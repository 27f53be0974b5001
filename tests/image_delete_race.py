"""An editor deletes a library image at the moment another saves a brief that shows it.

Two interleavings, each run through the admin by two editors in two threads (two database
connections), on PostgreSQL by ``tests/test_image_delete_race.py`` and on a SQLite file by
``tests/sqlite_file_editors.py``:

- ``delete_during_save``: the save has recorded the figure's use and not committed yet
  when the delete runs.
- ``save_during_delete``: the delete has decided to delete (Django's ``pre_delete``) and
  not committed yet when the save runs.

The side that went first waits ``PAUSE`` seconds, inside its transaction, for the other
to finish; a side that has to wait for the first one's lock finishes after it.
"""

import threading

from django.contrib.messages import get_messages
from django.db import connection
from django.db.models.signals import pre_delete
from django.urls import reverse

from briefs.models import Brief, LibraryImage
from tests.forms import form_data

PAUSE = 1.0
BODY = '<p>Exports by route, before and after.</p><figure data-image="{}"></figure>'


def seen(response):
    """Status, messages and page of a response followed to its end; or the exception."""
    if response is None:
        return {"status": None}  # never ran: the other side never reached its pause
    if isinstance(response, Exception):
        return {"status": 500, "error": repr(response)}
    return {
        "status": response.status_code,
        "messages": [str(message) for message in get_messages(response.wsgi_request)],
        "html": response.content.decode(),
    }


def _in_thread(action):
    """Run ``action`` in a thread of its own, with its own connection."""
    result = {}

    def run():
        try:
            result["response"] = action()
        except Exception as error:  # a 500: the test client raises the view's exception
            result["response"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def _typed_save(client, brief, image):
    """The change form of ``brief`` as its editor submits it, now showing ``image``."""
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = {**form_data(client.get(url)), "body": BODY.format(image.pk)}
    return lambda: client.post(url, data, follow=True)


def _delete(client, image):
    url = reverse("admin:briefs_libraryimage_delete", args=[image.pk])
    client.get(url)  # the confirmation page, opened before the race
    return lambda: client.post(url, {"post": "yes"}, follow=True)


def _finished(other):
    if "thread" not in other:
        return None
    other["thread"].join(30)
    return other["result"].get("response")


def _outcome(image, brief, saved, deleted):
    brief = Brief.objects.get(pk=brief.pk)
    return {
        "saved": seen(saved),
        "deleted": seen(deleted),
        "image_exists": LibraryImage.objects.filter(pk=image.pk).exists(),
        "stored_body": brief.body,
        "uses": list(brief.figure_uses.values_list("image_id", flat=True)),
    }


def delete_during_save(saver, deleter, brief, image):
    """The save pauses after recording the figure's use; the delete runs meanwhile."""
    save, delete = _typed_save(saver, brief, image), _delete(deleter, image)
    record_figures, other = Brief.record_figures, {}

    def record_then_let_the_delete_run(self, adding=False):
        record_figures(self, adding)
        if not other:
            other["thread"], other["result"] = _in_thread(delete)
            other["thread"].join(PAUSE)

    Brief.record_figures = record_then_let_the_delete_run
    try:
        saved = save()
    except Exception as error:
        saved = error
    finally:
        Brief.record_figures = record_figures
    return _outcome(image, brief, saved, _finished(other))


def save_during_delete(saver, deleter, brief, image):
    """The delete pauses once it has decided to delete; the save runs meanwhile."""
    save, delete = _typed_save(saver, brief, image), _delete(deleter, image)
    other = {}

    def let_the_save_run(sender, instance, **kwargs):
        if instance.pk == image.pk and not other:
            other["thread"], other["result"] = _in_thread(save)
            other["thread"].join(PAUSE)

    pre_delete.connect(let_the_save_run, sender=LibraryImage, dispatch_uid="race-save")
    try:
        deleted = delete()
    except Exception as error:
        deleted = error
    finally:
        pre_delete.disconnect(sender=LibraryImage, dispatch_uid="race-save")
    return _outcome(image, brief, _finished(other), deleted)
