"""The WordPress export in the admin: administrators only, written by a task, then downloaded."""

import io
import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree
from django.contrib.auth.models import Permission
from django.core.files.storage import storages
from django.urls import reverse

from briefs.exports import tasks
from briefs.models import WxrExport
from ops.task_records import PRIVATE_STORAGE
from tests.factories import BriefFactory, UserFactory
from tests.query_counts import assert_query_budget

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:briefs_wxrexport_changelist")
ADD = reverse("admin:briefs_wxrexport_add")


def download_url(record):
    return reverse("admin:briefs_wxrexport_download", args=[record.pk])


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", is_superuser=True)


@pytest.fixture
def ready_export(administrator, django_capture_on_commit_callbacks):
    BriefFactory(draft=True, title="Quokkafish draft")
    with django_capture_on_commit_callbacks(execute=True):
        record = tasks.start(administrator, "https://briefs.example.org")
    record.refresh_from_db()
    return record


def test_an_administrator_starts_an_export_and_downloads_it(
    client, administrator, django_capture_on_commit_callbacks
):
    """Start page, queued task, Ready with a link, and a ZIP holding the WXR file."""
    BriefFactory(title="A public brief")
    BriefFactory(draft=True, title="Quokkafish draft")
    client.force_login(administrator)
    page = client.get(ADD)
    assert page.status_code == 200
    assert b"Start the export" in page.content and b"Keep it private" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD)
    assert response.status_code == 302 and response.url == CHANGELIST
    record = WxrExport.objects.get()
    assert record.state == WxrExport.State.READY
    assert record.requested_by == administrator
    assert record.briefs == 2 and record.size > 0
    listing = client.get(CHANGELIST)
    assert download_url(record).encode() in listing.content
    detail = client.get(reverse("admin:briefs_wxrexport_change", args=[record.pk]))
    assert detail.status_code == 200 and download_url(record).encode() in detail.content
    download = client.get(download_url(record))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="briefs-wordpress-')
    assert "no-store" in download["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    root = ElementTree.fromstring(archive.read("wordpress.xml"))
    assert {item.findtext("title") for item in root.iter("item")} == {
        "A public brief",
        "Quokkafish draft",
    }


@pytest.mark.parametrize("who", ["contributor", "editor"])
def test_contributors_and_editors_meet_403_everywhere(client, who, ready_export, request):
    """Without the export permission, the list, start page, start and download are refused."""
    client.force_login(request.getfixturevalue(who))
    for url in (CHANGELIST, ADD, download_url(ready_export)):
        assert client.get(url).status_code == 403, url
    assert client.post(ADD).status_code == 403
    assert WxrExport.objects.count() == 1
    assert b"WordPress export" not in client.get(reverse("admin:index")).content


def test_anonymous_visitors_are_sent_to_the_login(client, ready_export):
    """Nobody logged out reaches the file."""
    response = client.get(download_url(ready_export))
    assert response.status_code == 302 and reverse("admin:login") in response.url


def test_a_staff_member_with_the_permission_may_export(client, ready_export):
    """The export_wxr permission opens the export to a non-superuser."""
    user = UserFactory(username="archivist")
    user.user_permissions.add(Permission.objects.get(codename="export_wxr"))
    client.force_login(user)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(download_url(ready_export)).status_code == 200


def test_a_failed_export_is_recorded_and_leaves_no_file(
    administrator, monkeypatch, django_capture_on_commit_callbacks, client
):
    """An error while writing marks the export Failed with the reason; no file is kept."""

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(tasks, "export", broken)
    with django_capture_on_commit_callbacks(execute=True):
        record = tasks.start(administrator, "https://briefs.example.org")
    record.refresh_from_db()
    assert record.state == WxrExport.State.FAILED
    assert record.error == "OSError: disk full" and record.file_name == ""
    assert (
        not storages[PRIVATE_STORAGE].exists(tasks.FOLDER)
        or storages[PRIVATE_STORAGE].listdir(tasks.FOLDER)[1] == []
    )
    client.force_login(administrator)
    assert client.get(download_url(record)).status_code == 404


def test_running_the_task_again_changes_nothing(ready_export):
    """A ready export is not written again by a repeated task."""
    assert tasks.make_export.call(ready_export.pk, "https://briefs.example.org") is None
    ready_export.refresh_from_db()
    assert ready_export.state == WxrExport.State.READY
    assert storages[PRIVATE_STORAGE].listdir(tasks.FOLDER)[1] == [
        ready_export.file_name.split("/")[1]
    ]


def test_the_file_is_kept_out_of_the_media_folder(ready_export, settings):
    """Every draft is in it: the file is in the private storage, never under MEDIA_ROOT,
    which the web server in front serves to anyone who guesses a name."""
    path = Path(storages[PRIVATE_STORAGE].path(ready_export.file_name))
    assert path.is_file()
    assert not path.is_relative_to(settings.MEDIA_ROOT)
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.zip"))


def test_deleting_the_record_deletes_the_file(ready_export, django_capture_on_commit_callbacks):
    """The file goes with its record."""
    assert storages[PRIVATE_STORAGE].exists(ready_export.file_name)
    with django_capture_on_commit_callbacks(execute=True):
        ready_export.delete()
    assert not storages[PRIVATE_STORAGE].exists(ready_export.file_name)


def test_a_file_gone_from_storage_is_a_404_not_a_500(client, administrator, ready_export):
    """A download whose file was removed behind the record's back says so."""
    storages[PRIVATE_STORAGE].delete(ready_export.file_name)
    client.force_login(administrator)
    assert client.get(download_url(ready_export)).status_code == 404


def test_the_list_of_exports_runs_the_same_queries_for_one_or_many(
    client, administrator, ready_export
):
    """The change list's queries do not grow with the number of exports."""
    client.force_login(administrator)
    client.get(CHANGELIST)

    def add_rows():
        for _ in range(5):
            WxrExport.objects.create(requested_by=UserFactory())

    response = assert_query_budget(lambda: client.get(CHANGELIST), add_rows, ceiling=12)
    assert response.content.count(b"Download the ZIP file") == 1


def test_an_export_deleted_while_written_leaves_no_file(
    administrator, monkeypatch, django_capture_on_commit_callbacks
):
    """When the record goes while the task writes, the finished file is removed too."""
    real_export = tasks.export

    def export_then_delete(*args, **kwargs):
        WxrExport.objects.all().delete()
        return real_export(*args, **kwargs)

    monkeypatch.setattr(tasks, "export", export_then_delete)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.start(administrator, "https://briefs.example.org")
    assert WxrExport.objects.count() == 0
    assert storages[PRIVATE_STORAGE].listdir(tasks.FOLDER)[1] == []
