"""Importing in the admin: upload, preview and mapping, a background import with its
progress, the report; administrators only; bad files and tampered forms refused."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import path, reverse
from django.views.static import serve

from briefs.imports import runs, tasks
from briefs.imports.importer import Importer
from briefs.models import Brief, ImportRun
from config.urls import urlpatterns as site_urlpatterns
from ops.task_records import PRIVATE_STORAGE
from tests import wxr_fixtures as fixtures
from tests.factories import UserFactory
from tests.query_counts import assert_query_budget

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:briefs_importrun_changelist")
ADD = reverse("admin:briefs_importrun_add")


def media(request, name):
    """MEDIA_ROOT served under MEDIA_URL, as the web server in front does in production."""
    return serve(request, name, document_root=settings.MEDIA_ROOT)


urlpatterns = [path(f"{settings.MEDIA_URL.lstrip('/')}<path:name>", media), *site_urlpatterns]


def address(name, run):
    return reverse(f"admin:briefs_importrun_{name}", args=[run.pk])


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", is_superuser=True)


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def upload(client, path_or_bytes, name="wordpress.xml"):
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    return client.post(ADD, {"export": SimpleUploadedFile(name, data, "text/xml")})


@pytest.fixture
def uploaded(admin_client, tmp_path):
    """The WordPress 6 fixture, uploaded and waiting in its preview."""
    response = upload(admin_client, fixtures.wordpress6_export(tmp_path))
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == address("preview", run)
    return run


def enqueued(callbacks):
    """The imports among the callbacks run on commit."""
    return [c for c in callbacks if getattr(c, "func", None) == tasks.run_import.enqueue]


def choices(run, **changed):
    """The preview's form as shown, with ``changed`` (term name -> choice) changed."""
    data = {}
    for number, term in enumerate(run.terms):
        data[f"term-{number}"] = changed.get(term["name"], term["becomes"])
    return data


def test_an_administrator_uploads_previews_changes_a_term_imports_and_downloads_the_report(
    admin_client, administrator, uploaded, django_capture_on_commit_callbacks
):
    """Upload -> preview (counts, a select per term) -> a changed choice is honoured by the
    background import -> progress page with the summary -> the report as a text file."""
    run = uploaded
    assert run.counts == {
        "posts": {
            "publish": 2,
            "draft": 1,
            "pending": 1,
            "future": 1,
            "private": 1,
            "trash": 1,
        },
        "authors": 2,
        "attachments": 3,
        "other_items": 1,
    }
    assert run.posts_total == 7 and run.uploaded_by == administrator
    becomes = {term["name"]: term["becomes"] for term in run.terms}
    assert becomes["Armenia"] == "country:AM" and becomes["Türkiye"] == "country:TR"
    assert becomes["Security"] == "theme:Security" and becomes["Uncategorized"] == "skip"

    preview = admin_client.get(address("preview", run))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "not imported: in the trash" in page and "scheduled" in page
    security = run.terms.index(next(t for t in run.terms if t["name"] == "Security"))
    assert f'name="term-{security}"' in page
    assert '<option value="theme:Security" selected>Theme “Security”</option>' in page
    assert page.count("<select") == len(run.terms) == 10

    with django_capture_on_commit_callbacks(execute=True):
        started = admin_client.post(
            address("preview", run),
            choices(run, Security="skip", energy="country:MD"),
        )
    assert started.status_code == 302 and started.url == address("progress", run)
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE, run.error
    assert run.posts_done == run.posts_total == 7
    assert run.started_by == administrator and run.finished_at is not None

    talks = Brief.objects.get(title="Talks on the border")
    assert "Security" not in [theme.name for theme in talks.themes.all()]
    classic = Brief.objects.get(title="A classic post")
    assert "MD" in set(classic.countries.values_list("code", flat=True))
    assert "energy" not in [theme.name for theme in classic.themes.all()]
    assert "Import of wordpress.xml" in run.report
    assert "category Security -> nothing (chosen in the preview)" in run.report
    assert "tag energy -> country MD (chosen in the preview)" in run.report

    progress = admin_client.get(address("progress", run))
    assert progress.status_code == 200
    assert b"7 of 7 posts" in progress.content and b"Created: 6" in progress.content
    assert b"data-follow" not in progress.content
    assert address("report", run).encode() in progress.content

    report = admin_client.get(address("report", run))
    assert report.status_code == 200
    assert report["Content-Type"] == "text/plain; charset=utf-8"
    assert report["Content-Disposition"].startswith('attachment; filename="import-report-')
    assert "no-store" in report["Cache-Control"]
    assert b"".join(report.streaming_content).decode() == run.report

    listing = admin_client.get(CHANGELIST)
    assert b"7 of 7" in listing.content and address("report", run).encode() in listing.content
    # A started run's preview and change page lead to its progress; nothing restarts it.
    assert admin_client.get(address("preview", run)).url == address("progress", run)
    assert admin_client.get(address("change", run)).url == address("progress", run)


def test_the_progress_page_follows_the_import_while_it_runs(admin_client, uploaded):
    """Queued or importing: "N of M posts" in a live region that import-progress.js
    refreshes in place, and a plain Refresh link for a browser without JavaScript. No timed
    meta refresh: a page reloading under its reader fails WCAG 2.2.1."""
    ImportRun.objects.filter(pk=uploaded.pk).update(state=ImportRun.State.IMPORTING, posts_done=3)
    page = admin_client.get(address("progress", uploaded))
    html = page.content.decode()
    assert "Importing: 3 of 7 posts" in html
    assert '<progress id="import-progress" max="7" value="3">' in html
    assert '<div id="import-live" aria-live="polite" data-follow>' in html
    assert "js/import-progress.js" in html
    assert f'<a href="{address("progress", uploaded)}">Refresh</a>' in html
    assert 'http-equiv="refresh"' not in html
    assert "no-store" in page["Cache-Control"]
    ImportRun.objects.filter(pk=uploaded.pk).update(state=ImportRun.State.QUEUED)
    queued = admin_client.get(address("progress", uploaded))
    assert b"Waiting for the task worker" in queued.content
    assert b"data-follow" in queued.content


def test_a_run_not_started_shows_its_preview_and_has_no_report(admin_client, uploaded):
    """Before the start, the progress page leads to the preview; the report is a 404."""
    assert admin_client.get(address("progress", uploaded)).url == address("preview", uploaded)
    assert admin_client.get(address("change", uploaded)).url == address("progress", uploaded)
    assert admin_client.get(address("report", uploaded)).status_code == 404


def test_the_importer_writes_the_progress_post_by_post(
    uploaded, monkeypatch, django_capture_on_commit_callbacks, administrator
):
    """Each post's turn sees the count of the posts before it on the record."""
    seen = []
    real = Importer.import_item

    def watched(importer, item):
        if item.post_type == "post":
            seen.append(ImportRun.objects.get(pk=uploaded.pk).posts_done)
        return real(importer, item)

    monkeypatch.setattr(Importer, "import_item", watched)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.start(uploaded, mapping=uploaded.mapping, fetch_media=False, user=administrator)
    assert seen == list(range(7))


def every_address(run):
    return [
        CHANGELIST,
        ADD,
        address("change", run),
        address("delete", run),
        address("history", run),
        address("preview", run),
        address("progress", run),
        address("report", run),
    ]


@pytest.mark.parametrize("who", ["contributor", "editor"])
def test_contributors_and_editors_meet_403_on_every_import_address(
    client, who, request, uploaded, django_capture_on_commit_callbacks
):
    """Without the import permission every page, form and download is refused."""
    with django_capture_on_commit_callbacks(execute=True):
        tasks.start(uploaded, mapping=uploaded.mapping, fetch_media=False, user=None)
    client.force_login(request.getfixturevalue(who))
    for url in every_address(uploaded):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url
    bomb = SimpleUploadedFile("x.xml", fixtures.wxr([]).encode())
    assert client.post(ADD, {"export": bomb}).status_code == 403
    assert ImportRun.objects.count() == 1
    assert b"WordPress imports" not in client.get(reverse("admin:index")).content


def test_anonymous_visitors_are_sent_to_the_login(client, uploaded):
    """Nobody logged out reaches an import page."""
    client.logout()
    for url in every_address(uploaded):
        response = client.get(url)
        assert response.status_code == 302 and reverse("admin:login") in response.url, url


def test_a_staff_member_with_the_permission_may_import(client, uploaded):
    """The import_wxr permission opens the import to a non-superuser; the index links it."""
    user = UserFactory(username="archivist")
    user.user_permissions.add(Permission.objects.get(codename="import_wxr"))
    client.force_login(user)
    for url in (CHANGELIST, ADD, address("preview", uploaded)):
        assert client.get(url).status_code == 200, url
    index = client.get(reverse("admin:index")).content
    assert b"WordPress imports" in index and ADD.encode() in index


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"Just some words, no markup at all.", "the XML is broken (syntax error)"),
        (b"<html><body>Hello</body></html>", "it starts with <html>, not <rss>"),
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title></item>'
            b"</channel></rss>",
            "has no <wp:wxr_version>",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "the file is not UTF-8 (byte 0x89)"),
        ("malformed", "the XML is broken (mismatched tag)"),
        ("bomb", "declares entities or a DTD"),
        ("external", "declares entities or a DTD"),
    ],
)
def test_a_file_the_importer_would_refuse_is_a_form_error_naming_why(
    admin_client, tmp_path, content, says
):
    """Not XML, not an export, broken, an entity bomb: the importer's one-line reason
    on the form (200, never a 500), no record and no file kept."""
    builders = {
        "malformed": fixtures.malformed_export,
        "bomb": fixtures.entity_bomb_export,
        "external": fixtures.external_entity_export,
    }
    if isinstance(content, str):
        content = builders[content](tmp_path).read_bytes()
    response = upload(admin_client, content)
    assert response.status_code == 200
    errors = response.context["form"].errors["export"]
    assert len(errors) == 1 and errors[0].startswith("This file cannot be imported: ")
    assert says in errors[0]
    assert says.encode() in response.content.replace(b"&lt;", b"<").replace(b"&gt;", b">")
    assert ImportRun.objects.count() == 0
    storage = storages[PRIVATE_STORAGE]
    assert not storage.exists(runs.FOLDER) or storage.listdir(runs.FOLDER)[1] == []


def test_an_export_over_the_size_cap_is_a_form_error(admin_client, tmp_path, settings):
    """WXR_UPLOAD_MAX_BYTES caps the upload, with the sizes and the way around it."""
    export = fixtures.wordpress6_export(tmp_path)
    settings.WXR_UPLOAD_MAX_BYTES = export.stat().st_size - 1
    response = upload(admin_client, export)
    assert response.status_code == 200
    [error] = response.context["form"].errors["export"]
    assert "at most" in error and "manage.py import_wxr" in error
    assert ImportRun.objects.count() == 0
    settings.WXR_UPLOAD_MAX_BYTES = export.stat().st_size
    assert upload(admin_client, export).status_code == 302


def test_no_file_is_a_form_error(admin_client):
    """Posting the upload form empty asks for the file."""
    response = admin_client.post(ADD, {})
    assert response.status_code == 200 and response.context["form"].errors["export"]


@pytest.mark.urls(__name__)
def test_the_uploaded_file_is_private_and_named_by_the_site(admin_client, uploaded, settings):
    """The export lies outside MEDIA_ROOT under a generated name: no media address reaches
    it, while a file in the media folder is served there."""
    storage = storages[PRIVATE_STORAGE]
    stored = Path(storage.path(uploaded.file_name)).resolve()
    assert stored.is_file() and uploaded.original_name == "wordpress.xml"
    assert "wordpress" not in uploaded.file_name
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    storages["default"].save("visible.txt", SimpleUploadedFile("v.txt", b"public"))
    assert admin_client.get(f"{settings.MEDIA_URL}visible.txt").status_code == 200
    for guess in (uploaded.file_name, f"../imports/{uploaded.file_name}"):
        assert admin_client.get(f"{settings.MEDIA_URL}{guess}").status_code in (400, 404), guess


@pytest.mark.parametrize(
    ("tamper", "error"),
    [
        (lambda data, run: data.update({"term-99": "skip"}), "This export has no term term-99"),
        (
            lambda data, run: data.update({"term-0": "country:ZZ"}),
            "Select a valid choice. country:ZZ is not one of the available choices.",
        ),
        (
            lambda data, run: data.update({"term-0": "theme:Something else"}),
            "Select a valid choice.",
        ),
        (lambda data, run: data.pop("term-0"), "This field is required."),
    ],
)
def test_a_tampered_mapping_form_is_a_form_error_and_starts_nothing(
    admin_client, uploaded, tamper, error, django_capture_on_commit_callbacks
):
    """An unknown term, a choice not offered or a missing one: the preview again, with the
    error; the run is not started."""
    data = choices(uploaded)
    tamper(data, uploaded)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = admin_client.post(address("preview", uploaded), data)
    assert response.status_code == 200
    assert error in response.content.decode().replace("&#x27;", "'")
    assert not enqueued(queued)
    uploaded.refresh_from_db()
    assert uploaded.state == ImportRun.State.UPLOADED and uploaded.started_at is None


def test_terms_sharing_a_name_must_become_the_same(
    admin_client, tmp_path, django_capture_on_commit_callbacks
):
    """The importer matches terms by name: a category and a tag called alike cannot part."""
    posts = [fixtures.Post(1, "Gas", "<p>Gas.</p>", categories=["Energy"], tags=["energy"])]
    upload(admin_client, fixtures.write(tmp_path, "e.xml", fixtures.wxr(posts)))
    run = ImportRun.objects.get()
    assert [term["name"] for term in run.terms] == ["Energy", "energy"]
    parted = admin_client.post(
        address("preview", run), {"term-0": "skip", "term-1": "theme:energy"}
    )
    assert "Tag “energy” shares its name with Category “Energy”" in parted.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        same = admin_client.post(address("preview", run), {"term-0": "skip", "term-1": "skip"})
    assert same.status_code == 302
    assert list(Brief.objects.get(title="Gas").themes.all()) == []


def test_terms_only_posts_name_are_in_the_preview(admin_client, tmp_path):
    """A Squarespace export declares no terms; its posts' categories and tags are shown."""
    upload(admin_client, fixtures.squarespace_export(tmp_path), name="squarespace.xml")
    run = ImportRun.objects.get()
    assert [(t["kind"], t["name"], t["becomes"]) for t in run.terms] == [
        ("category", "Moldova", "country:MD"),
        ("tag", "neutrality", "theme:neutrality"),
    ]


def test_a_failed_import_says_why(
    admin_client, uploaded, administrator, django_capture_on_commit_callbacks
):
    """An export broken after its upload fails with the importer's reason, shown on the
    progress page, which no longer follows the import."""
    storage = storages[PRIVATE_STORAGE]
    Path(storage.path(uploaded.file_name)).write_text("<rss><channel>", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(address("preview", uploaded), choices(uploaded))
    uploaded.refresh_from_db()
    assert uploaded.state == ImportRun.State.FAILED
    assert uploaded.error.startswith("line 1, column 14: the XML is broken")
    page = admin_client.get(address("progress", uploaded))
    assert b"The import failed" in page.content and uploaded.error.encode() in page.content
    assert b"data-follow" not in page.content and b"import-progress.js" not in page.content
    assert admin_client.get(address("report", uploaded)).status_code == 404


def test_an_unforeseen_error_is_recorded_with_its_type(
    uploaded, administrator, monkeypatch, django_capture_on_commit_callbacks
):
    """An error nobody foresaw marks the run failed with its type and message."""

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(Importer, "run", broken)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.start(uploaded, mapping=uploaded.mapping, fetch_media=False, user=administrator)
    uploaded.refresh_from_db()
    assert uploaded.state == ImportRun.State.FAILED and uploaded.error == "OSError: disk full"


def test_starting_twice_imports_once(
    admin_client, uploaded, administrator, django_capture_on_commit_callbacks
):
    """A second Start (a double click) and a second run of the task change nothing."""
    with django_capture_on_commit_callbacks(execute=True) as queued:
        admin_client.post(address("preview", uploaded), choices(uploaded))
        admin_client.post(address("preview", uploaded), choices(uploaded, Security="skip"))
    assert len(enqueued(queued)) == 1
    uploaded.refresh_from_db()
    assert uploaded.state == ImportRun.State.DONE
    assert uploaded.mapping == [term["becomes"] for term in uploaded.terms]
    assert tasks.run_import.call(uploaded.pk) is None
    assert Brief.objects.count() == 6


def test_deleting_the_run_deletes_its_file(uploaded, django_capture_on_commit_callbacks):
    """The private file goes with its record."""
    storage = storages[PRIVATE_STORAGE]
    assert storage.exists(uploaded.file_name)
    with django_capture_on_commit_callbacks(execute=True):
        uploaded.delete()
    assert not storage.exists(uploaded.file_name)


def test_an_export_kept_in_another_storage_is_read_through_a_copy(
    admin_client, tmp_path, settings, django_capture_on_commit_callbacks
):
    """Any storage serves, not only a local folder (here Django's in-memory one)."""
    memory = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    settings.STORAGES = {**settings.STORAGES, PRIVATE_STORAGE: memory}
    response = upload(admin_client, fixtures.squarespace_export(tmp_path))
    assert response.status_code == 302, response.context["form"].errors
    run = ImportRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(address("preview", run), choices(run))
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE and run.posts_done == 1
    assert Brief.objects.filter(title="Neutrality after 2022").exists()


def test_the_list_of_imports_runs_the_same_queries_for_one_or_many(admin_client, uploaded):
    """The change list's queries do not grow with the number of imports."""
    admin_client.get(CHANGELIST)

    def add_rows():
        for _ in range(5):
            ImportRun.objects.create(
                file_name="x.xml", original_name="x.xml", size=1, uploaded_by=UserFactory()
            )

    assert_query_budget(lambda: admin_client.get(CHANGELIST), add_rows, ceiling=12)
