"""A renamed author or series, or a corrected image caption, reprints the PDFs of the public
briefs that show it, through the task queue: one task queued by the save, whatever the
number of briefs, and their prints queued in batches by the worker."""

from io import BytesIO
from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from briefs.models import BriefPdf
from briefs.printing import tasks
from briefs.printing.tasks import print_brief, reprint_showing
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory, library_image
from tests.query_counts import measured

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def pdfs_on(settings):
    settings.BRIEF_PDFS = True


def printed_text(brief, paper="a4"):
    pdf = BriefPdf.objects.get(brief=brief, paper=paper)
    with default_storage.open(pdf.file_name) as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def print_now(*briefs):
    for brief in briefs:
        result = print_brief.enqueue(brief.pk)
        assert result.status == TaskResultStatus.SUCCESSFUL, result.errors


def test_renaming_an_author_reprints_their_public_briefs(django_capture_on_commit_callbacks):
    """The PDF of a public brief names the author by their new name; a draft is not printed."""
    author = AuthorFactory(name="Anna Karimova")
    public = BriefFactory(authors=[author])
    draft = BriefFactory(draft=True, authors=[author])
    print_now(public)
    assert "Anna Karimova" in printed_text(public)
    with django_capture_on_commit_callbacks(execute=True):
        author.name = "Anna Karimova-Lind"
        author.save()
    assert "Anna Karimova-Lind" in printed_text(public)
    assert not BriefPdf.objects.filter(brief=draft).exists()


def test_retitling_a_series_reprints_its_parts(django_capture_on_commit_callbacks):
    """ "Part 1 of 1 in ..." follows the series' new title."""
    series = SeriesFactory(title="Neutrality watch")
    part = BriefFactory(series=series, series_position=1)
    print_now(part)
    with django_capture_on_commit_callbacks(execute=True):
        series.title = "Neutrality under pressure"
        series.save()
    assert "part 1 of 1 in neutrality under pressure" in printed_text(part).lower()


def test_a_corrected_caption_reprints_the_briefs_that_show_the_image(
    django_capture_on_commit_callbacks,
):
    """A library image's caption prints under its figure: correcting it reprints."""
    image = library_image(caption="Exports by route, 2024")
    brief = BriefFactory(body=f'<p>Trade.</p><figure data-image="{image.pk}"></figure>')
    print_now(brief)
    assert "Exports by route, 2024" in printed_text(brief)
    with django_capture_on_commit_callbacks(execute=True):
        image.caption = "Exports by route, 2025"
        image.save()
    assert "Exports by route, 2025" in printed_text(brief)


def test_a_corrected_hero_caption_reprints_the_briefs_it_heads(django_capture_on_commit_callbacks):
    """A hero is a library image too: its caption prints above the body."""
    image = library_image(caption="Delegates in Baku")
    brief = BriefFactory(hero=image)
    print_now(brief)
    assert "Delegates in Baku" in printed_text(brief)
    with django_capture_on_commit_callbacks(execute=True):
        image.caption = "Delegates in Baku, June 2025"
        image.save()
    assert "Delegates in Baku, June 2025" in printed_text(brief)


def test_a_change_that_prints_nowhere_queues_nothing(settings, django_capture_on_commit_callbacks):
    """An author's bio is not in the PDF: saving it queues no task."""
    settings.TASKS = DATABASE_BACKEND
    author = AuthorFactory()
    BriefFactory(authors=[author])
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        author.bio = "Now at a new institute."
        author.save()
    assert not DBTaskResult.objects.exists()


def test_the_save_queues_one_task_whatever_the_number_of_briefs(
    settings, django_capture_on_commit_callbacks
):
    """The request runs the same queries for 1 or 6 briefs and queues one task; the worker
    then queues their prints in batches."""
    settings.TASKS = DATABASE_BACKEND
    author = AuthorFactory(name="Before")
    BriefFactory(authors=[author])

    def rename(name):
        def save():
            author.name = name
            with django_capture_on_commit_callbacks(execute=True):
                author.save()

        return measured(save)[0]

    one = rename("First rename")
    BriefFactory.create_batch(5, authors=[author])
    BriefFactory(draft=True, authors=[author])
    DBTaskResult.objects.all().delete()
    six = rename("Second rename")
    assert six == one
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "briefs.printing.tasks.reprint_showing"
    assert queued.args_kwargs["args"] == ["briefs.Author", author.pk]

    tasks.BATCH, batch = 4, tasks.BATCH
    try:
        assert reprint_showing.call("briefs.Author", author.pk) == 6
    finally:
        tasks.BATCH = batch
    batches = [
        row.args_kwargs["args"][0]
        for row in DBTaskResult.objects.filter(task_path="briefs.printing.tasks.print_briefs")
    ]
    assert sorted(len(ids) for ids in batches) == [2, 4]


def test_a_failing_queue_does_not_fail_the_save(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """The rename is committed; a queue that refuses is logged, not raised."""
    series = SeriesFactory(title="Before")

    def refuse(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(tasks, "reprint_showing", SimpleNamespace(enqueue=refuse))
    with django_capture_on_commit_callbacks(execute=True):
        series.title = "After"
        series.save()
    series.refresh_from_db()
    assert series.title == "After"
    assert f"The PDFs showing briefs.Series {series.pk} were not queued" in caplog.text


def test_with_pdfs_off_a_rename_queues_nothing(settings, django_capture_on_commit_callbacks):
    """``BRIEF_PDFS=0``: no reprint task."""
    settings.BRIEF_PDFS = False
    settings.TASKS = DATABASE_BACKEND
    author = AuthorFactory()
    BriefFactory(authors=[author])
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        author.name = "Someone else"
        author.save()
    assert not DBTaskResult.objects.exists()
