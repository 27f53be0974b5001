"""Running an import again: nothing changes twice, edits to the export are brought in,
edits made here are kept unless --overwrite, and a dry run saves nothing."""

import pytest
from django.core.management import call_command

from briefs import images
from briefs.models import Author, Brief, ImportedImage, ImportedPost, LibraryImage, OldAddress
from tests import wxr_fixtures as fx

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
            from django.db import IntegrityError

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
    kept = {
        name
        for image in LibraryImage.objects.all()
        for name in images.stored_names(image.image.name, image.renditions)
    } | {
        name
        for brief in Brief.objects.exclude(hero_image="")
        for name in images.stored_names(brief.hero_image.name, brief.hero_renditions)
    }
    media_root = tmp_path / "media"
    stored = {str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()}
    assert stored == kept
