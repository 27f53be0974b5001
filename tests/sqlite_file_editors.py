"""Editors saving briefs on a file-based SQLite database, in a process of its own.

The test suite's SQLite database lives in memory, where SQLite's write lock and busy
timeout do not work as they do on a file. ``tests/test_sqlite_busy.py`` runs this module
with ``DATABASE_URL`` naming a migrated file and a short ``SQLITE_BUSY_TIMEOUT``:

    python -m tests.sqlite_file_editors SCENARIO RESULT_FILE

Each scenario acts as editors would through the admin and writes what it saw as JSON;
``tests/test_image_delete_race.py`` runs the image-delete ones (``tests/image_delete_race.py``).
"""

import json
import sqlite3
import sys
import threading
import time
from contextlib import contextmanager

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from briefs.editorial.admin.mixin import WorkflowAdminMixin  # noqa: E402
from briefs.models import Brief  # noqa: E402
from countries.models import Country  # noqa: E402
from tests import image_delete_race  # noqa: E402
from tests.factories import AuthorFactory, BriefFactory, UserFactory, library_image  # noqa: E402
from tests.forms import form_data  # noqa: E402


def editor_client(username):
    client = Client()
    client.force_login(UserFactory(username=username, group="Editors"))
    return client


@contextmanager
def write_lock_held_elsewhere():
    """Another connection to the same file holds SQLite's write lock until the block ends."""
    other = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def seen(response):
    return {"status": response.status_code, "html": response.content.decode()}


def busy_change():
    """An editor saves a brief while another connection holds the lock past the timeout,
    then saves the form as it came back."""
    client = editor_client("anna")
    brief = BriefFactory(draft=True, title="Original title")
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    typed = {**form_data(client.get(url)), "title": "Anna's new title", "dek": "Anna's summary."}
    with write_lock_held_elsewhere():
        busy = client.post(url, typed)
    stored_meanwhile = Brief.objects.get(pk=brief.pk).title
    again = client.post(url, form_data(busy)) if busy.status_code == 200 else busy
    return {
        "busy": seen(busy),
        "stored_meanwhile": stored_meanwhile,
        "again": seen(again),
        "stored_after": Brief.objects.get(pk=brief.pk).title,
    }


def busy_add():
    """An editor adds a brief while another connection holds the lock past the timeout."""
    client = editor_client("anna")
    url = reverse("admin:briefs_brief_add")
    typed = {
        **form_data(client.get(url)),
        "title": "A brief typed during a lock",
        "slug": "typed-during-a-lock",
        "dek": "Every word of this summary must survive.",
        "body": "<p>Two pages of careful analysis.</p>",
        "countries": [str(Country.objects.get(code="AZ").pk)],
        "byline": [str(AuthorFactory().pk)],
    }
    with write_lock_held_elsewhere():
        busy = client.post(url, typed)
    return {
        "busy": seen(busy),
        "stored": Brief.objects.filter(slug="typed-during-a-lock").exists(),
    }


def two_saves():
    """Two editors save two briefs at once: the second starts while the first holds the lock."""
    first_inside, results = threading.Event(), {}
    save_related = WorkflowAdminMixin.save_related

    def slow_first_save(admin, request, form, formsets, change):
        save_related(admin, request, form, formsets, change)
        if request.user.username == "anna":
            first_inside.set()
            time.sleep(1)  # still inside the transaction, holding the write lock

    WorkflowAdminMixin.save_related = slow_first_save
    posts = {}
    for name in ("anna", "ben"):
        client = editor_client(name)
        url = reverse("admin:briefs_brief_change", args=[BriefFactory(draft=True).pk])
        posts[name] = (client, url, {**form_data(client.get(url)), "title": f"{name} saved"})

    def save(name):
        client, url, data = posts[name]
        started = time.monotonic()
        response = client.post(url, data)
        results[name] = {"status": response.status_code, "seconds": time.monotonic() - started}

    anna = threading.Thread(target=save, args=["anna"])
    anna.start()
    first_inside.wait(10)
    save("ben")
    anna.join()
    return {
        "saves": results,
        "stored": sorted(Brief.objects.values_list("title", flat=True)),
    }


def image_race(interleaving):
    """An image deleted by one editor while another saves a brief showing it."""
    saver, deleter = editor_client("saver"), editor_client("deleter")
    image = library_image(title="Route map")
    brief = BriefFactory(draft=True, title="Gas storage in winter")
    outcome = interleaving(saver, deleter, brief, image)
    return {
        **outcome,
        "saved": {**outcome["saved"], "html": outcome["saved"].get("html", "")[-200000:]},
    }


SCENARIOS = {
    "busy-change": busy_change,
    "busy-add": busy_add,
    "two-saves": two_saves,
    "image-delete-during-save": lambda: image_race(image_delete_race.delete_during_save),
    "image-save-during-delete": lambda: image_race(image_delete_race.save_during_delete),
}

if __name__ == "__main__":
    scenario, result_file = sys.argv[1:]
    with open(result_file, "w") as out:
        json.dump(SCENARIOS[scenario](), out)
