"""The PDF of every public brief: made by a background task, served at a stable address."""

import sys
from io import BytesIO, StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from PIL import ImageFile
from pypdf import PdfReader

from briefs.images.validation import validate_upload
from briefs.models import Brief, BriefPdf
from briefs.printing import engine
from briefs.printing.tasks import print_brief, queue
from tests import image_files as files
from tests.caching import caches_on
from tests.factories import BriefFactory, SeriesFactory, with_hero
from tests.forms import form_data
from tests.public_pages import FULL_BODY_BRIEF

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"  # SITE_URL in the test settings
A4 = (595, 842)  # points
LETTER = (612, 792)
NOTES = "<ol><li>International Monetary Fund, World Economic Outlook, October 2025.</li></ol>"


def print_now(brief):
    """Run the print task at once (the test settings' immediate back end); the papers made."""
    result = print_brief.enqueue(brief.pk)
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    return result.return_value


def pdf_urls(slug):
    return [reverse(name, args=[slug]) for name in ("briefs:brief-pdf", "briefs:brief-pdf-letter")]


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(BytesIO(b"".join(response.streaming_content)))


def text_of(reader):
    return "\n".join(page.extract_text() for page in reader.pages)


def page_size(reader):
    box = reader.pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


@pytest.fixture(autouse=True)
def pdfs_on(settings):
    settings.BRIEF_PDFS = True


@pytest.fixture
def without_pango(monkeypatch):
    """WeasyPrint's import fails, as it does where Pango is not installed."""
    engine._load.cache_clear()
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    yield
    engine._load.cache_clear()


def test_publishing_a_brief_prints_it_on_a4_and_us_letter(
    client, django_capture_on_commit_callbacks
):
    """The save queues the task; both papers come back with the title and the notes."""
    with django_capture_on_commit_callbacks(execute=True):
        brief = BriefFactory(title="Caspian ferries and the IMF", slug="ferries", notes=NOTES)
    assert {pdf.paper for pdf in brief.pdfs.all()} == {"a4", "letter"}
    for url, size in zip(pdf_urls("ferries"), (A4, LETTER), strict=True):
        reader = fetch(client, url)
        assert page_size(reader) == size
        text = text_of(reader)
        assert "Caspian ferries and the IMF" in text
        assert "International Monetary Fund, World Economic Outlook" in text
    assert brief.pdfs.get(paper="a4").pages == len(fetch(client, pdf_urls("ferries")[0]).pages)


def test_the_demo_brief_with_every_part_prints_them_all(client):
    """The demo's full brief (two figures, a table, ten footnotes, key points, contents)
    prints on five A4 pages and six US Letter ones, with each of its parts in the text and
    both figures' pictures on the page."""
    call_command("load_demo", stdout=StringIO())
    brief = Brief.objects.get(slug=FULL_BODY_BRIEF)
    assert print_now(brief) == ["a4", "letter"]
    for url, total in zip(pdf_urls(brief.slug), (5, 6), strict=True):
        reader = fetch(client, url)
        assert len(reader.pages) == total
        text = " ".join(page.extract_text() for page in reader.pages)
        for part in (
            brief.title.split(":")[0],
            "Ukraine's own corridor has carried more grain",  # a key point
            "Seaborne exports from Ukraine's Odesa ports",  # the table's caption
            "Average monthly cargo from the Odesa ports",  # a figure's caption
            "The corridor keeps to the western shore",  # the other's
            "Danube Commission, market observation report",  # a footnote
            f"Page {total} of {total}",
        ):
            assert part in " ".join(text.split()), part
        pictures = {image.name for page in reader.pages for image in page.images}
        assert len(pictures) >= 2


def test_a_demo_brief_prints_with_its_running_head_page_numbers_and_citation_last(client):
    """Site name atop every page but the first, "Page n of N" at the foot of each (four
    A4 pages for this brief; US Letter is shorter and takes five), and the citation with
    the brief's address on the last page."""
    call_command("load_demo", stdout=StringIO())
    brief = Brief.objects.get(slug="kazakhstan-careful-distance")
    assert print_now(brief) == ["a4", "letter"]
    for url, total in zip(pdf_urls(brief.slug), (4, 5), strict=True):
        reader = fetch(client, url)
        assert len(reader.pages) == total
        pages = [page.extract_text() for page in reader.pages]
        for number, text in enumerate(pages, start=1):
            assert f"Page {number} of {total}" in text
        assert all("Caspian & Black Sea Policy Briefs" in text for text in pages[1:])
        assert "part 1 of 5 in between moscow and the west" in pages[0].lower()
        assert "Cite this brief" in pages[-1] or "CITE THIS BRIEF" in pages[-1]
        assert f"This brief online: {SITE}/briefs/kazakhstan-careful-distance/" in pages[-1]


def test_the_hero_image_is_read_from_storage_into_the_pdf(client):
    """Images come through the storage API: the first page carries the hero photo."""
    brief = with_hero(BriefFactory(slug="with-hero"), files.jpeg(1600, 800))
    print_now(brief)
    assert len(fetch(client, pdf_urls("with-hero")[0]).pages[0].images) == 1


def test_the_pdf_reads_only_the_sites_media(settings):
    """Addresses on the network or on disk are refused; the media folder is read."""
    weasyprint, _ = engine._load()
    fetch = engine._media_fetcher(weasyprint, f"{SITE}/")
    name = default_storage.save("pdf-test/dot.txt", BytesIO(b"dot"))
    assert fetch(f"{SITE}/media/{name}").read() == b"dot"
    for url in ("http://169.254.169.254/latest/meta-data/", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetch(url)


def test_loading_weasyprint_leaves_truncated_uploads_refused():
    """WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES when imported; the engine turns
    it off again, so a process that made a PDF still refuses cut-short uploads."""
    engine._load.cache_clear()
    sys.modules.pop("weasyprint.images", None)  # its import is what sets the flag
    sys.modules.pop("weasyprint", None)
    assert engine.unavailable_reason() == ""
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    with pytest.raises(ValidationError, match="cut short"):
        validate_upload(files.upload(files.jpeg()[:-2000]))


def test_the_page_links_both_pdfs_and_names_the_a4_one_for_scholars(client):
    """A link per paper on the page, with pages and size, and ``citation_pdf_url``."""
    brief = BriefFactory(slug="linked")
    print_now(brief)
    html = client.get(brief.get_absolute_url()).content.decode()
    a4, letter = pdf_urls("linked")
    assert f'<a href="{a4}" type="application/pdf">A4' in html
    assert f'<a href="{letter}" type="application/pdf">US Letter' in html
    assert "(1 page, " in html
    assert f'<meta name="citation_pdf_url" content="{SITE}{a4}">' in html


def test_a_kept_page_shows_the_link_once_the_first_pdf_is_made(client, settings):
    """The first PDF renews the public generation: the page kept without a link is not
    served again."""
    brief = BriefFactory(slug="kept-page")
    with caches_on(settings):
        assert ".pdf" not in client.get(brief.get_absolute_url()).content.decode()
        print_now(brief)
        assert "kept-page.pdf" in client.get(brief.get_absolute_url()).content.decode()


def test_a_brief_whose_pdf_is_not_made_yet_offers_none(client):
    """No link and no metadata until the task has run; the address answers 404."""
    brief = BriefFactory(slug="not-yet")
    html = client.get(brief.get_absolute_url()).content.decode()
    assert ".pdf" not in html
    assert "citation_pdf_url" not in html
    for url in pdf_urls("not-yet"):
        assert client.get(url).status_code == 404


def test_a_change_prints_again_and_the_old_file_goes(client, django_capture_on_commit_callbacks):
    """A new title makes new files (the old ones are deleted); a save that changes nothing
    printed makes none."""
    brief = BriefFactory(title="First title", slug="changing")
    print_now(brief)
    first = {pdf.paper: pdf.file_name for pdf in brief.pdfs.all()}
    assert print_now(brief) == []
    brief.title = "Second title"
    with django_capture_on_commit_callbacks(execute=True):
        brief.save()
    second = {pdf.paper: pdf.file_name for pdf in brief.pdfs.all()}
    assert set(second.values()).isdisjoint(first.values())
    assert not any(default_storage.exists(name) for name in first.values())
    assert "Second title" in text_of(fetch(client, pdf_urls("changing")[0]))


def test_deleting_a_brief_deletes_its_pdf_files(django_capture_on_commit_callbacks):
    """Once the deletion commits, the two files go with their records."""
    brief = BriefFactory()
    print_now(brief)
    names = [pdf.file_name for pdf in brief.pdfs.all()]
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        brief.delete()
    assert not any(default_storage.exists(name) for name in names)


def test_publishing_a_part_prints_the_other_parts_again(client, django_capture_on_commit_callbacks):
    """Part 1's PDF said "of 1"; once part 2 is published it says "of 2"."""
    series = SeriesFactory(title="Neutrality watch")
    first = BriefFactory(slug="part-one", series=series, series_position=1)
    print_now(first)
    assert (
        "part 1 of 1 in neutrality watch" in text_of(fetch(client, pdf_urls("part-one")[0])).lower()
    )
    with django_capture_on_commit_callbacks(execute=True):
        BriefFactory(slug="part-two", series=series, series_position=2)
    assert (
        "part 1 of 2 in neutrality watch" in text_of(fetch(client, pdf_urls("part-one")[0])).lower()
    )


def test_a_scheduled_brief_is_queued_for_its_publish_time(
    settings, django_capture_on_commit_callbacks
):
    """With the database back end, the task waits in the queue until the brief is public."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        brief = BriefFactory(scheduled=True)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "briefs.printing.tasks.print_brief"
    assert queued.args_kwargs["args"] == [brief.pk]
    assert queued.run_after == brief.publish_at


def test_with_pdfs_turned_off_a_published_brief_is_not_printed(
    settings, django_capture_on_commit_callbacks
):
    """``BRIEF_PDFS=0``: nothing is queued, the task makes nothing, the page links none."""
    settings.BRIEF_PDFS = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        brief = BriefFactory()
    assert not [callback for callback in callbacks if getattr(callback, "func", None) is queue]
    assert print_now(brief) == []
    assert not BriefPdf.objects.exists()


def test_a_draft_is_not_printed(django_capture_on_commit_callbacks):
    """Saving a draft queues nothing, and the task refuses a brief that is not public."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        brief = BriefFactory(draft=True)
    assert not [callback for callback in callbacks if getattr(callback, "func", None) is queue]
    assert print_now(brief) == []
    assert not BriefPdf.objects.exists()


def test_print_briefs_queues_every_public_brief_and_no_other():
    """``manage.py print_briefs`` (after installing Pango) prints each public brief."""
    public = BriefFactory()
    BriefFactory(draft=True)
    BriefFactory(scheduled=True)
    output = StringIO()
    call_command("print_briefs", stdout=output)
    assert output.getvalue() == "Queued the PDFs of 1 public brief.\n"
    assert set(BriefPdf.objects.values_list("brief_id", flat=True)) == {public.pk}


def test_the_pdf_address_reads_one_row(client, django_assert_num_queries):
    """The brief's visibility and its PDF's record come in one query."""
    brief = BriefFactory(slug="counted")
    print_now(brief)
    for url in pdf_urls("counted"):
        with django_assert_num_queries(1):
            response = client.get(url)
        assert response.status_code == 200


def test_a_browser_that_has_the_pdf_gets_a_304(client):
    """The ETag is the PDF's source: unchanged, nothing is sent again."""
    brief = BriefFactory(slug="cached")
    print_now(brief)
    etag = client.get(pdf_urls("cached")[0])["ETag"]
    response = client.get(pdf_urls("cached")[0], headers={"if-none-match": etag})
    assert response.status_code == 304


def test_a_pdf_whose_file_is_gone_answers_404(client):
    """A record without its file is not an error page."""
    brief = BriefFactory(slug="lost-file")
    print_now(brief)
    default_storage.delete(brief.pdfs.get(paper="a4").file_name)
    assert client.get(pdf_urls("lost-file")[0]).status_code == 404


def test_a_renamed_brief_redirects_its_pdf_addresses(editor_client, client):
    """A former slug's PDF answers 301 to the same paper under the current slug."""
    brief = BriefFactory(slug="old-name")
    change = reverse("admin:briefs_brief_change", args=[brief.pk])

    editor_client.post(change, {**form_data(editor_client.get(change)), "slug": "new-name"})
    brief.refresh_from_db()
    print_now(brief)
    client.logout()
    for old, new in zip(pdf_urls("old-name"), pdf_urls("new-name"), strict=True):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == new
        assert client.get(new).status_code == 200


def test_without_pango_the_site_runs_offers_no_pdf_and_the_admin_says_why(
    client, editor_client, without_pango, django_capture_on_commit_callbacks
):
    """The task makes nothing, the page has no link, and the brief's admin page names the
    failed import."""
    with django_capture_on_commit_callbacks(execute=True):
        brief = BriefFactory(slug="no-pango")
    assert not brief.pdfs.exists()
    admin_page = editor_client.get(reverse("admin:briefs_brief_change", args=[brief.pk]))
    assert "This server makes no PDFs: ModuleNotFoundError: import of weasyprint halted" in (
        admin_page.content.decode()
    )
    client.logout()
    page = client.get(brief.get_absolute_url())
    assert page.status_code == 200
    assert ".pdf" not in page.content.decode()


def test_the_admin_lists_a_public_briefs_pdfs(editor_client):
    """The brief's change page links each PDF, with its pages and when it was made."""
    brief = BriefFactory(slug="in-admin")
    print_now(brief)
    page = editor_client.get(reverse("admin:briefs_brief_change", args=[brief.pk]))
    html = page.content.decode()
    a4, letter = pdf_urls("in-admin")
    assert f'<a href="{a4}">A4</a> (1 page, made ' in html
    assert f'<a href="{letter}">US Letter</a> (1 page, made ' in html
