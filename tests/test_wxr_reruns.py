"""Running an import again: nothing changes twice, edits to the export are brought in,
edits made here are kept unless --overwrite, and a dry run saves nothing."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import IntegrityError

from briefs import images
from briefs.library import uploads
from briefs.models import Author, Brief, ImportedImage, ImportedPost, LibraryImage, OldAddress
from tests import wxr_fixtures as fx
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def run(path, *args, **options):
    report = path.with_name("report.txt")
    call_command("import_wxr", str(path), *args, report=str(report), verbosity=0, **options)
    return report.read_text()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Brief, Author, LibraryImage, ImportedImage, ImportedPost, OldAddress)
    }


@pytest.fixture
def media(tmp_path):
    return str(fx.media_folder(tmp_path))


def test_second_run_changes_nothing(tmp_path, media):
    """The same export twice: every post unchanged, no row added, no brief saved again."""
    path = fx.wordpress6_export(tmp_path)
    run(path, media_dir=media)
    before = counts()
    saved = dict(Brief.objects.values_list("slug", "updated_at"))
    report = run(path, media_dir=media)
    assert counts() == before
    assert dict(Brief.objects.values_list("slug", "updated_at")) == saved
    assert "Created: 0" in report and "Updated: 0" in report
    assert "Skipped: 8 (6 unchanged since the last import)" in report


def test_edited_export_updates_what_changed(tmp_path, media):
    """A post whose text, status and tags changed in the export is updated in place."""
    posts = fx.wordpress6_posts()
    run(fx.wordpress6_export(tmp_path, posts), media_dir=media)
    draft = next(post for post in posts if post.post_id == 104)
    draft.content, draft.status, draft.tags = "<p>Now ready.</p>", "publish", ["Georgia"]
    report = run(fx.wordpress6_export(tmp_path, posts), media_dir=media)
    waiting = Brief.objects.get(slug="waiting")
    assert waiting.body == "<p>Now ready.</p>"
    assert waiting.is_public
    assert list(waiting.countries.values_list("code", flat=True)) == ["GE"]
    assert "Updated: 1" in report and "Created: 0" in report
    assert Brief.objects.count() == 6


def test_brief_edited_here_is_left_alone_unless_overwrite(tmp_path, media):
    """An editor's change survives a rerun of a changed export; --overwrite replaces it."""
    posts = fx.wordpress6_posts()
    run(fx.wordpress6_export(tmp_path, posts), media_dir=media)
    edited = Brief.objects.get(slug="a-classic-post")
    edited.title = "A classic post, edited here"
    edited.save()
    posts[4].content = "New text in the export."
    report = run(fx.wordpress6_export(tmp_path, posts), media_dir=media)
    assert Brief.objects.get(pk=edited.pk).title == "A classic post, edited here"
    assert "edited here since the import; --overwrite replaces it" in report
    run(fx.wordpress6_export(tmp_path, posts), media_dir=media, overwrite=True)
    replaced = Brief.objects.get(pk=edited.pk)
    assert replaced.title == "A classic post"
    assert replaced.body == "<p>New text in the export.</p>"


def test_brief_deleted_here_is_not_brought_back(tmp_path):
    """A brief deleted after its import stays deleted on a rerun."""
    path = fx.wordpress6_export(tmp_path)
    run(path)
    Brief.objects.get(slug="waiting").delete()
    report = run(path)
    assert not Brief.objects.filter(slug="waiting").exists()
    assert "its brief was deleted here since the import" in report


def test_images_are_brought_in_once(tmp_path, media):
    """Two posts showing the same picture share one library image, on every run."""
    shared = f"{fx.SITE}/wp-content/uploads/2022/05/map.png"
    posts = [
        fx.Post(n, f"Post {n}", f'<p>Text {n}.</p><img src="{shared}" alt="Map">', slug=f"p{n}")
        for n in (1, 2)
    ]
    path = fx.write(tmp_path, "shared.xml", fx.wxr(posts))
    run(path, media_dir=media)
    run(path, media_dir=media, overwrite=True)
    assert LibraryImage.objects.count() == 1


def test_dry_run_saves_nothing_and_reports_what_would_happen(tmp_path, media):
    """--dry-run: the same summary, and no brief, author, image or address saved."""
    before = counts()
    report = run(fx.wordpress6_export(tmp_path), media_dir=media, dry_run=True)
    assert counts() == before
    assert "Created: 6 (dry run: nothing saved)" in report
    assert "Redirects would be made: 12" in report
    assert "Images found: 3, missing: 1" in report
    assert not [path for path in (tmp_path / "media").rglob("*") if path.is_file()]


def test_a_failing_post_rolls_back_alone(tmp_path, monkeypatch):
    """A database fault in the middle of one post leaves none of that post behind."""
    from briefs.imports import importer

    real = importer.Importer._file

    def fail_for_one(self, brief, item, created):
        real(self, brief, item, created)
        if item.post_id == 102:
            raise IntegrityError("simulated fault")

    monkeypatch.setattr(importer.Importer, "_file", fail_for_one)
    report = run(fx.wordpress6_export(tmp_path), media_dir=str(fx.media_folder(tmp_path)))
    assert not Brief.objects.filter(slug="a-classic-post").exists()
    assert not Author.objects.filter(name="Giorgi Beridze").exists()
    assert not ImportedPost.objects.filter(post_id=102).exists()
    assert not OldAddress.objects.filter(path="/?p=102").exists()
    assert "A classic post (post 102): simulated fault" in report
    assert Brief.objects.count() == 5
    # The chart the failed post brought in is gone with it, files and all.
    assert not LibraryImage.objects.filter(caption="Exports by year").exists()
    assert stored_files(tmp_path) == library_files()


def library_files():
    """The storage names of every library image (heroes included), renditions and all."""
    return {
        name
        for image in LibraryImage.objects.all()
        for name in images.stored_names(image.image.name, image.renditions)
    }


def stored_files(tmp_path):
    media_root = tmp_path / "media"
    return {str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()}


def editors_upload(data, **words):
    """The file ``data`` uploaded to the library by an editor before any import."""
    record = LibraryImage(image=ContentFile(data, name="upload.png"), **words)
    return uploads.add_to_library(record, UserFactory(username="editor")).image


def test_one_file_under_two_addresses_is_one_library_image(tmp_path):
    """The same file attached twice (two attachment ids, two addresses), as a figure of one
    post and the hero of another: one library image, with the words of its first use,
    found again under both addresses on a rerun."""
    uploads_dir = tmp_path / "uploads"
    uploads_dir.mkdir()
    same = fx.image_bytes((90, 30, 150))
    for name in ("first.png", "copy.png"):
        (uploads_dir / name).write_bytes(same)
    first, copy = (f"{fx.SITE}/wp-content/uploads/{name}" for name in ("first.png", "copy.png"))
    posts = [
        fx.Attachment(601, first, "First", alt="The first words"),
        fx.Attachment(602, copy, "Copy", alt="Other words", caption="Another caption"),
        fx.Post(1, "Figure", f'<p>Text.</p><img src="{first}" class="wp-image-601">', slug="f"),
        fx.Post(2, "Hero", "<p>Text.</p>", slug="h", thumbnail_id=602),
    ]
    path = fx.write(tmp_path, "twice.xml", fx.wxr(posts))
    run(path, media_dir=str(uploads_dir))
    image = LibraryImage.objects.get()
    assert (image.alt, image.caption) == ("The first words", "")
    assert Brief.objects.get(slug="h").hero == image
    assert f'<figure data-image="{image.pk}"></figure>' in Brief.objects.get(slug="f").body
    assert set(ImportedImage.objects.values_list("source_url", "image")) == {
        (first, image.pk),
        (copy, image.pk),
    }
    assert stored_files(tmp_path) == library_files()
    before = counts()
    run(path, media_dir=str(uploads_dir), overwrite=True)
    assert counts() == before
    assert Brief.objects.get(slug="h").hero == image


def test_a_file_already_in_the_library_is_used_with_its_own_words(tmp_path, media):
    """A featured image an editor uploaded earlier is that library image, as the hero: no
    second image or file, and the library's alt text and caption stay as they are."""
    hero_file = (Path(media) / "2022/05/hero.png").read_bytes()
    held = editors_upload(hero_file, title="Delegates at the table", alt="Words from here")
    files = library_files()
    report = run(fx.wordpress6_export(tmp_path), media_dir=media)
    talks = Brief.objects.get(slug="talks-on-the-border")
    assert talks.hero == held
    held.refresh_from_db()
    assert (held.alt, held.caption) == ("Words from here", "")
    assert LibraryImage.objects.count() == 3  # the map and the chart are new
    assert files <= stored_files(tmp_path) == library_files()
    assert "Images found: 3, missing: 1" in report


def test_a_failing_post_keeps_the_library_images_it_found(tmp_path, media, monkeypatch):
    """A post that fails takes the images it brought in with it, files and all, but never
    an image it found in the library: that one and its files stay."""
    from briefs.imports import importer

    hero_file = (Path(media) / "2022/05/hero.png").read_bytes()
    held = editors_upload(hero_file, title="Delegates", alt="Words from here")
    files = library_files()
    real = importer.Importer._file

    def fail_for_talks(self, brief, item, created):
        real(self, brief, item, created)
        if item.post_id == 101:
            raise IntegrityError("simulated fault")

    monkeypatch.setattr(importer.Importer, "_file", fail_for_talks)
    report = run(fx.wordpress6_export(tmp_path), media_dir=media)
    assert "Talks on the border (post 101): simulated fault" in report
    assert not Brief.objects.filter(slug="talks-on-the-border").exists()
    assert LibraryImage.objects.get(pk=held.pk).alt == "Words from here"
    assert not LibraryImage.objects.filter(caption="The border after 2020").exists()
    assert files <= stored_files(tmp_path) == library_files()
