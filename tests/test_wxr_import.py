"""Importing a WordPress or Squarespace export: each mapping rule of issue 17."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection

from briefs.imports.importer import first_paragraph, summary_from
from briefs.models import (
    Author,
    Brief,
    BriefFigure,
    ImportedImage,
    ImportedPost,
    LibraryImage,
    Series,
)
from tests import wxr_fixtures as fx
from tests.factories import AuthorFactory, BriefFactory

pytestmark = pytest.mark.django_db


def run(path, *args, **options):
    report = path.with_name("report.txt")
    call_command("import_wxr", str(path), *args, report=str(report), verbosity=0, **options)
    return report.read_text()


@pytest.fixture
def imported(tmp_path):
    """The WordPress 6 fixture imported with its media folder; the report's text."""
    return run(fx.wordpress6_export(tmp_path), media_dir=str(fx.media_folder(tmp_path)))


def brief(slug):
    return Brief.objects.get(slug=slug)


def test_statuses_follow_the_export(imported):
    """publish, future, draft, pending and private map to published, scheduled, draft,
    in review and draft; trash and pages are skipped with why."""
    assert brief("talks-on-the-border").is_public
    assert brief("for-later").is_scheduled
    assert brief("a-draft").status == Brief.Status.DRAFT
    assert brief("waiting").status == Brief.Status.REVIEW
    assert brief("private-notes").status == Brief.Status.DRAFT
    assert not Brief.objects.filter(slug__in=["thrown-away", "about"]).exists()
    assert "Thrown away (post 107): in the trash" in imported
    assert "About us (post 108): a page, not a post" in imported
    assert set(Brief.objects.published().values_list("slug", flat=True)) == {
        "talks-on-the-border",
        "a-classic-post",
    }


def test_publish_times_come_from_post_date_gmt(imported):
    """The publish time is post_date_gmt in UTC; drafts and reviews have none."""
    assert brief("a-classic-post").publish_at == datetime(2021, 11, 20, 8, 30, tzinfo=UTC)
    assert brief("for-later").publish_at == datetime(2099, 1, 1, tzinfo=UTC)
    assert brief("waiting").publish_at is None


def test_a_draft_without_slug_gets_one_from_its_title(imported):
    """WordPress leaves a draft's post_name empty: the title gives the slug."""
    assert brief("a-draft").title == "A draft"


def test_authors_matched_by_display_name_without_their_emails(tmp_path):
    """An existing author of the same name is reused; a new one is made; no e-mail or
    login reaches an author's record."""
    existing = AuthorFactory(name="anna petrosyan", slug="anna-here")
    run(fx.wordpress6_export(tmp_path))
    assert brief("talks-on-the-border").ordered_authors == [existing]
    giorgi = Author.objects.get(name="Giorgi Beridze")
    assert brief("a-classic-post").ordered_authors == [giorgi]
    assert Author.objects.count() == 2
    for author in Author.objects.all():
        assert "@" not in f"{author.name}{author.slug}{author.role}{author.bio}"


def test_categories_and_tags_naming_countries_become_countries(imported):
    """ISO names and common alternatives (Türkiye/Turkey, Russian Federation, Moldova)
    become countries; the rest themes; Uncategorized nothing."""
    talks = brief("talks-on-the-border")
    assert set(talks.countries.values_list("code", flat=True)) == {"AM", "AZ", "TR", "RU"}
    assert list(talks.themes.names()) == ["Security", "peace talks"]
    classic = brief("a-classic-post")
    assert set(classic.countries.values_list("code", flat=True)) == {"MD", "TR"}
    assert list(classic.themes.names()) == ["energy"]
    assert "category Uncategorized -> nothing (WordPress's default category)" in imported


def test_no_series_is_guessed(imported):
    """Series are never guessed from categories."""
    assert not Series.objects.exists()
    assert not Brief.objects.filter(series__isnull=False).exists()


def test_mapping_file_overrides_terms_and_authors(tmp_path):
    """A TOML mapping file turns a country into a theme, a theme into a country, skips a
    term and renames an author."""
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[terms]\n"Armenia" = "theme:Armenian politics"\n"peace talks" = "country:Georgia"\n'
        '"security" = "skip"\n\n[authors]\n"anna" = "Anna P. Petrosyan"\n',
        encoding="utf-8",
    )
    run(fx.wordpress6_export(tmp_path), mapping=str(mapping))
    talks = brief("talks-on-the-border")
    assert set(talks.countries.values_list("code", flat=True)) == {"AZ", "TR", "RU", "GE"}
    assert list(talks.themes.names()) == ["Armenian politics"]
    assert talks.ordered_authors[0].name == "Anna P. Petrosyan"


def test_gutenberg_content_is_cleaned_into_figures_and_links(imported):
    """Block comments go, the image block becomes a library figure with its caption, the
    embed a link; the unknown shortcode stays as text and is reported."""
    body = brief("talks-on-the-border").body
    assert "wp:" not in body
    figure = LibraryImage.objects.get(caption="The border after 2020")
    assert f'<figure data-image="{figure.pk}"></figure>' in body
    assert figure.alt == "Map of the border"
    assert 'href="https://www.youtube.com/watch?v=xyz"' in body
    assert '[contact-form-7 id="12"]' in body
    assert "[contact-form-7] in Talks on the border" in imported
    assert BriefFigure.objects.filter(brief=brief("talks-on-the-border"), image=figure).exists()


def test_classic_content_becomes_paragraphs_and_caption_figures(imported):
    """Blank lines make paragraphs, a single newline a line break, [caption] a figure with
    its caption, a URL alone on a line a link."""
    body = brief("a-classic-post").body
    assert body.startswith("<p>The first paragraph of a classic post. It has two sentences.</p>")
    assert "<p>A second paragraph<br>\nwith a line break.</p>" in body
    chart = LibraryImage.objects.get(caption="Exports by year")
    assert f'<figure data-image="{chart.pk}"></figure>' in body
    assert 'href="https://twitter.com/someone/status/1"' in body


def test_missing_image_is_reported_with_its_brief_and_never_stops(imported):
    """The picture missing from the media folder is dropped from the body and listed."""
    assert (
        "A classic post: https://old.example.org/wp-content/uploads/2021/11/missing.png "
        "(not found in the media folder)" in imported
    )
    assert "Images found: 3, missing: 1" in imported
    assert "Lost picture" not in brief("a-classic-post").body


def test_featured_image_becomes_the_hero(imported):
    """_thumbnail_id's attachment is the hero: a library image with the attachment's alt
    text, remembered under its address like every imported picture."""
    talks = brief("talks-on-the-border")
    hero = talks.hero
    assert hero.image.name.startswith("library/")
    assert hero.alt == hero.title == "Delegates"
    assert hero.renditions
    assert hero.fingerprint
    url = f"{fx.SITE}/wp-content/uploads/2022/05/hero.png"
    assert ImportedImage.objects.get(source_url=url).image == hero


def test_summary_from_excerpt_else_first_paragraph(imported):
    """The excerpt is the summary; without one, the first paragraph."""
    assert brief("a-classic-post").dek == "The excerpt, written by hand."
    assert brief("talks-on-the-border").dek == (
        "Armenia and Azerbaijan met in May. The talks went on for three days."
    )


def test_summary_is_cut_at_a_sentence_under_the_limit():
    """Whole sentences that fit; a single overlong sentence is cut at a word."""
    text = "One two three. Four five six. Seven eight nine."
    assert summary_from(text, 30) == "One two three. Four five six."
    assert summary_from("word " * 200, 50).endswith("…")
    assert len(summary_from("word " * 200, 50)) <= 50
    assert first_paragraph("<h2>Head</h2><p> </p><p>First <b>words</b>.</p>") == "First words."


def test_long_first_paragraph_gives_a_summary_within_the_field(tmp_path):
    """A post with no excerpt and a 2,000-character first paragraph still saves."""
    sentence = "This sentence is about sanctions and their effects on trade. "
    post = fx.Post(1, "Long one", f"<p>{sentence * 40}</p>", slug="long-one")
    run(fx.write(tmp_path, "long.xml", fx.wxr([post])))
    dek = brief("long-one").dek
    assert len(dek) <= Brief._meta.get_field("dek").max_length
    assert dek.endswith("trade.")


def test_text_is_sanitized_like_the_admin(tmp_path):
    """Script and event handlers in a post are removed by the admin's sanitizer."""
    post = fx.Post(
        1,
        "Unsafe",
        '<p onclick="steal()">Kept words<script>alert(1)</script></p>',
        slug="unsafe",
    )
    run(fx.write(tmp_path, "unsafe.xml", fx.wxr([post])))
    body = brief("unsafe").body
    assert "script" not in body and "onclick" not in body
    assert "Kept words" in body


def test_squarespace_export(tmp_path):
    """Squarespace's export (its own GUIDs, /blog/ links) imports the same way."""
    report = run(fx.squarespace_export(tmp_path))
    neutrality = brief("neutrality-after-2022")
    assert neutrality.is_public
    assert list(neutrality.countries.values_list("code", flat=True)) == ["MD"]
    assert ImportedPost.objects.get().source_key == "5f1a2b3c4d5e6f7a8b9c0d1e"
    assert "Created: 1" in report


def test_one_bad_post_fails_alone(tmp_path):
    """A post missing its title, and one published without a date, fail with why; the
    post between them is imported."""
    posts = [
        fx.Post(1, "", "<p>No title.</p>", slug="no-title"),
        fx.Post(2, "Good", "<p>Fine.</p>", slug="good"),
        fx.Post(3, "Undated", "<p>When?</p>", slug="undated", date_gmt="0000-00-00 00:00:00"),
    ]
    text = fx.wxr(posts).replace(
        "<pubDate>Tue, 03 May 2022 10:00:00 +0000</pubDate>", "<pubDate></pubDate>"
    )
    report = run(fx.write(tmp_path, "bad.xml", text))
    assert list(Brief.objects.values_list("slug", flat=True)) == ["good"]
    assert "(no title) (post 1): it has no title" in report
    assert "Undated (post 3): it is published but has no publish date" in report
    assert "Failed: 2" in report


def test_a_taken_slug_is_imported_under_another(tmp_path):
    """A brief of this site keeps its slug; the post gets -2, and the report says so."""
    BriefFactory(slug="talks-on-the-border")
    report = run(fx.wordpress6_export(tmp_path))
    assert Brief.objects.filter(slug="talks-on-the-border-2", title="Talks on the border").exists()
    assert "talks-on-the-border -> talks-on-the-border-2" in report


def test_percent_encoded_slugs_are_kept_in_their_script(tmp_path):
    """WordPress stores a non-Latin post_name percent-encoded; the brief keeps the letters."""
    post = fx.Post(1, "Грузия", "<p>Текст.</p>", slug="%d0%b3%d1%80%d1%83%d0%b7%d0%b8%d1%8f")
    run(fx.write(tmp_path, "cyrillic.xml", fx.wxr([post])))
    assert Brief.objects.filter(slug="грузия").exists()


def test_summary_and_report_printed(tmp_path, capsys):
    """The command prints the summary and where the report is."""
    path = fx.wordpress6_export(tmp_path)
    call_command("import_wxr", str(path), report=str(tmp_path / "r.txt"), verbosity=0)
    out = capsys.readouterr().out
    assert "Created: 6" in out
    assert "Skipped: 2" in out
    assert f"Report: {tmp_path / 'r.txt'}" in out


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search vector; CI runs it on PostgreSQL"
)
def test_search_vector_holds_the_imported_themes_and_countries(imported):
    """On PostgreSQL the brief's search vector is written after its links, as in the admin."""
    vector = str(
        Brief.objects.filter(slug="talks-on-the-border").values_list("search_vector", flat=True)[0]
    )
    for lexeme in ("'peac'", "'secur'", "'armenia'", "'türkiy'"):
        assert lexeme in vector
