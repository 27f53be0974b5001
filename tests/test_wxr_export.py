"""manage.py export_wxr: every brief, of every status, as a WordPress (WXR 1.2) file."""

import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from defusedxml import ElementTree
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from briefs.content import wxr
from briefs.exports.writer import WxrWriter, cdata_parts, export
from briefs.library.uploads import add_to_library
from briefs.models import Brief, LibraryImage, Theme
from countries.models import Country
from tests import image_files
from tests.factories import (
    AuthorFactory,
    BriefFactory,
    SeriesFactory,
    UserFactory,
    library_image,
)

pytestmark = pytest.mark.django_db

WP = f"{{{wxr.WP}}}"
DC = f"{{{wxr.DC}}}"
CONTENT = f"{{{wxr.CONTENT}}}"
EXCERPT = f"{{{wxr.EXCERPT}}}"
SITE = "https://briefs.example.org"
ARABIC_TITLE = "سياسة الطاقة في بحر قزوين: ما بعد الأنابيب"
# The order in which WordPress's export.php writes an item's children.
ITEM_ORDER = [
    "title", "link", "pubDate", f"{DC}creator", "guid", "description", f"{CONTENT}encoded",
    f"{EXCERPT}encoded", f"{WP}post_id", f"{WP}post_date", f"{WP}post_date_gmt",
    f"{WP}post_modified", f"{WP}post_modified_gmt", f"{WP}comment_status",
    f"{WP}ping_status", f"{WP}post_name", f"{WP}status", f"{WP}post_parent",
    f"{WP}menu_order", f"{WP}post_type", f"{WP}post_password", f"{WP}is_sticky",
]  # fmt: skip


def run_export(**options):
    out = io.BytesIO()
    summary = export(out, site_url=SITE, **options)
    return out.getvalue(), summary


def parse(data):
    return ElementTree.fromstring(data)


def items(root):
    return {int(item.findtext(f"{WP}post_id")): item for item in root.iter("item")}


def meta(item):
    return {
        entry.findtext(f"{WP}meta_key"): entry.findtext(f"{WP}meta_value")
        for entry in item.findall(f"{WP}postmeta")
    }


def terms(item, domain):
    return [
        (c.get("nicename"), c.text) for c in item.findall("category") if c.get("domain") == domain
    ]


@pytest.fixture
def archive(settings):
    """A public brief in a series with every part filled in, and one brief of each other state."""
    settings.TIME_ZONE = "Europe/Berlin"
    writer = UserFactory(username="leyla.h", email="leyla.private@example.net")
    first = AuthorFactory(name="Leyla Hasanova", slug="leyla-hasanova", user=writer)
    second = AuthorFactory(name="Timur Abenov", slug="timur-abenov")
    series = SeriesFactory(title="Between Moscow and the West", slug="between")
    figure_image = library_image(
        title="Gas by route", caption="Gas exports by route.", credit="Source: SOCAR"
    )
    body = (
        "<h2>Context</h2>"
        '<p>Exports rose<span data-footnote="">Customs data, 2024 "final".</span> while '
        'imports fell.<span data-footnote="">Central bank &amp; ministry.</span></p>'
        f'<figure data-image="{figure_image.pk}"></figure>'
        "<ul><li>One<ul><li>Inner</li></ul></li><li>Two</li></ul>"
        "<blockquote><p>A quotation.</p></blockquote>"
        "<table><tbody><tr><td>1</td></tr></tbody></table>"
    )
    public = BriefFactory(
        title="Armenia's drift",
        slug="armenia-drift",
        dek="Summary ]]> with a CDATA end inside.",
        body=body,
        notes="<p>Further reading: the IMF's outlook.</p>",
        key_points="Point one\nPoint two",
        series=series,
        series_position=2,
        publish_at=datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
        seo_title="Armenia and the CSTO",
        authors=[first, second],
        countries=[Country.objects.get(code="AM"), Country.objects.get(code="GE")],
        themes=["energy security", "neutrality"],
    )
    public.hero = add_to_library(
        LibraryImage(
            image=image_files.upload(image_files.jpeg(800, 400)),
            title="Border post",
            alt="A border post in the mountains.",
            caption="Gyumri, 2024.",
            credit="Photo: Reuters",
        ),
        writer,
    ).image
    public.save()
    return {
        "public": public,
        "series": series,
        "figure_image": figure_image,
        "hero": public.hero,
        "authors": [first, second],
        "writer": writer,
        "scheduled": BriefFactory(scheduled=True, title="Scheduled one"),
        "draft": BriefFactory(draft=True, title="Quokkafish draft", body="<p>Narwhalite</p>"),
        "review": BriefFactory(in_review=True, title="In review"),
        "rtl": BriefFactory(title=ARABIC_TITLE, slug="طاقة-قزوين"),
    }


def test_the_file_is_wxr_1_2_with_wordpress_namespaces_and_order(archive):
    """The root, channel and items are in the namespaces and order WordPress writes."""
    data, _ = run_export()
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = parse(data)
    assert root.tag == "rss" and root.get("version") == "2.0"
    for prefix, namespace in wxr.NSMAP.items():
        assert f'xmlns:{prefix}="{namespace}"'.encode() in data
    channel = root.find("channel")
    assert channel.findtext(f"{WP}wxr_version") == "1.2"
    assert channel.findtext(f"{WP}base_site_url") == SITE + "/"
    kinds = [child.tag for child in channel]
    first = {tag: kinds.index(tag) for tag in (f"{WP}author", f"{WP}category", f"{WP}tag", "item")}
    assert first[f"{WP}author"] < first[f"{WP}category"] < first[f"{WP}tag"] < first["item"]
    assert kinds.index("generator") < first["item"]
    for item in root.iter("item"):
        assert [child.tag for child in item][: len(ITEM_ORDER)] == ITEM_ORDER


def test_every_brief_is_an_item_with_wordpress_status_names(archive):
    """All states are exported, named as WordPress names them; nothing else is a post."""
    root = parse(run_export()[0])
    posts = {
        int(item.findtext(f"{WP}post_id")) // 3: item.findtext(f"{WP}status")
        for item in root.iter("item")
        if item.findtext(f"{WP}post_type") == "post"
    }
    assert posts == {
        archive["public"].pk: "publish",
        archive["scheduled"].pk: "future",
        archive["draft"].pk: "draft",
        archive["review"].pk: "pending",
        archive["rtl"].pk: "publish",
    }


def test_a_brief_keeps_its_slug_dates_summary_terms_and_series(archive):
    """Slug, publish dates (local and GMT), excerpt, categories, tags and series meta."""
    public = archive["public"]
    item = items(parse(run_export()[0]))[3 * public.pk]
    assert item.findtext(f"{WP}post_name") == "armenia-drift"
    assert item.findtext(f"{WP}post_date_gmt") == "2025-03-01 09:30:00"
    assert item.findtext(f"{WP}post_date") == "2025-03-01 10:30:00"  # Europe/Berlin
    assert item.findtext("pubDate") == "Sat, 01 Mar 2025 09:30:00 +0000"
    assert item.findtext("link") == f"{SITE}/briefs/armenia-drift/"
    assert item.findtext(f"{EXCERPT}encoded") == public.dek
    assert item.findtext(f"{DC}creator") == "leyla-hasanova"
    assert terms(item, "category") == [
        ("armenia", "Armenia"),
        ("georgia", "Georgia"),
        ("series-between", "Between Moscow and the West"),
    ]
    assert terms(item, "post_tag") == [
        ("energy-security", "energy security"),
        ("neutrality", "neutrality"),
    ]
    values = meta(item)
    assert values[wxr.META_SERIES] == "between"
    assert values[wxr.META_SERIES_POSITION] == "2"
    assert values[wxr.META_AUTHORS] == "leyla-hasanova,timur-abenov"
    assert values[wxr.META_COUNTRY_CODES] == "AM,GE"
    assert values[wxr.META_KEY_POINTS] == "Point one\nPoint two"
    assert values[wxr.META_SOURCES] == public.notes
    assert values[wxr.META_SEO_TITLE] == "Armenia and the CSTO"


def test_channel_lists_authors_by_name_and_terms_under_their_parents(archive):
    """wp:author entries carry display names; countries and series sit under parent categories."""
    channel = parse(run_export()[0]).find("channel")
    authors = {
        a.findtext(f"{WP}author_login"): a.findtext(f"{WP}author_display_name")
        for a in channel.findall(f"{WP}author")
    }
    assert authors["leyla-hasanova"] == "Leyla Hasanova"
    assert all(not a.findtext(f"{WP}author_email") for a in channel.findall(f"{WP}author"))
    categories = {c.findtext(f"{WP}category_nicename"): c for c in channel.findall(f"{WP}category")}
    assert categories["armenia"].findtext(f"{WP}category_parent") == wxr.COUNTRIES_CATEGORY
    assert categories["series-between"].findtext(f"{WP}category_parent") == wxr.SERIES_CATEGORY
    assert categories["armenia"].find(f"{WP}termmeta").findtext(f"{WP}meta_value") == "AM"
    names = list(categories)
    assert names.index(wxr.COUNTRIES_CATEGORY) < names.index("armenia")  # parents first
    tags = {t.findtext(f"{WP}tag_slug") for t in channel.findall(f"{WP}tag")}
    assert {"energy-security", "neutrality"} <= tags
    ids = [
        int(term.findtext(f"{WP}term_id"))
        for term in channel
        if term.find(f"{WP}term_id") is not None
    ]
    assert len(ids) == len(set(ids))


def test_no_email_address_password_or_login_is_written(archive):
    """Users' e-mail addresses, password hashes and user names never reach the file."""
    UserFactory(username="root-admin", email="root@example.com", is_superuser=True)
    data, _ = run_export()
    text = data.decode()
    for user in get_user_model().objects.all():
        assert user.email and user.email not in text
        assert user.password.split("$")[-1] not in text
        assert user.username not in text
    assert "pbkdf2" not in text and "argon2" not in text


def test_figures_become_image_blocks_referring_to_attachments(archive):
    """A figure is a wp:image block whose id and class point at an attachment item."""
    public, image = archive["public"], archive["figure_image"]
    posts = items(parse(run_export()[0]))
    content = posts[3 * public.pk].findtext(f"{CONTENT}encoded")
    attachment_id = 3 * image.pk + 1
    block = re.search(r"<!-- wp:image (\{.*?\}) -->\n(.*?)\n<!-- /wp:image -->", content, re.S)
    assert json.loads(block.group(1))["id"] == attachment_id
    assert f'class="wp-image-{attachment_id}"' in block.group(2)
    assert '<figcaption class="wp-element-caption">Gas exports by route. Source: SOCAR' in (
        block.group(2)
    )
    assert f'alt="{image.alt}"' in block.group(2)
    attachment = posts[attachment_id]
    assert attachment.findtext(f"{WP}post_type") == "attachment"
    assert attachment.findtext(f"{WP}status") == "inherit"
    assert attachment.findtext(f"{EXCERPT}encoded") == "Gas exports by route."
    assert meta(attachment)[wxr.META_IMAGE_ALT] == image.alt
    assert meta(attachment)[wxr.META_CREDIT] == "Source: SOCAR"
    url = attachment.findtext(f"{WP}attachment_url")
    assert url == SITE + image.image.url
    assert f'src="{url}"' in block.group(2)


def test_body_blocks_are_wordpress_core_blocks(archive):
    """Paragraphs, headings, nested lists and quotations are core blocks; a table is HTML."""
    content = items(parse(run_export()[0]))[3 * archive["public"].pk].findtext(f"{CONTENT}encoded")
    assert '<!-- wp:heading -->\n<h2 class="wp-block-heading">Context</h2>' in content
    body = content.split("<!-- /wp:group -->", 1)[1].split("<!-- wp:footnotes /-->")[0]
    assert body.count("<!-- wp:list -->") == 2 and body.count("<!-- /wp:list -->") == 2
    assert body.count("<!-- wp:list-item -->") == 3
    assert re.search(
        r"<li>One<!-- wp:list -->.*<li>Inner</li>.*</ul>\n<!-- /wp:list --></li>", body, re.S
    )
    assert (
        '<!-- wp:quote -->\n<blockquote class="wp-block-quote">\n<!-- wp:paragraph -->' in content
    )
    assert "<!-- wp:html -->\n<table" in content
    assert_blocks_nest(content)
    # Key points open the content, the sources close it.
    assert content.startswith('<!-- wp:group {"className":"briefs-key-points"} -->')
    assert "<li>Point one</li>" in content
    assert content.rstrip().endswith("<!-- /wp:group -->")
    assert "Further reading: the IMF" in content.split("<!-- wp:footnotes /-->")[1]


def test_footnotes_are_wordpress_core_footnotes(archive):
    """Each footnote is a sup[data-fn] whose id is in the footnotes meta, in order, no backslash."""
    item = items(parse(run_export()[0]))[3 * archive["public"].pk]
    content = item.findtext(f"{CONTENT}encoded")
    raw = meta(item)[wxr.META_FOOTNOTES]
    assert "\\" not in raw  # WordPress's importer unslashes meta
    notes = json.loads(raw)
    assert [note["content"] for note in notes] == [
        "Customs data, 2024 &quot;final&quot;.",
        "Central bank &amp; ministry.",
    ]
    refs = re.findall(
        r'<sup data-fn="([^"]+)" class="fn"><a href="#\1" id="\1-link">(\d)</a></sup>', content
    )
    assert refs == [(notes[0]["id"], "1"), (notes[1]["id"], "2")]
    assert "data-footnote" not in content
    assert "<!-- wp:footnotes /-->" in content


def test_hero_image_is_the_thumbnail_attachment_and_its_file_is_copied(archive, tmp_path):
    """_thumbnail_id names the hero's attachment; originals land under wp-content/uploads."""
    from briefs.exports.media import FolderMedia

    public, image = archive["public"], archive["hero"]
    data, summary = run_export(media=FolderMedia(tmp_path))
    posts = items(parse(data))
    hero_id = int(meta(posts[3 * public.pk])[wxr.META_THUMBNAIL])
    assert hero_id == WxrWriter.image_post_id(image.pk) == 3 * image.pk + 1
    hero = posts[hero_id]
    assert hero.findtext(f"{WP}post_type") == "attachment"
    assert hero.findtext(f"{WP}post_parent") == "0"  # a library image, not the brief's own
    assert hero.findtext("title") == "Border post"
    assert meta(hero)[wxr.META_IMAGE_ALT] == "A border post in the mountains."
    assert hero.findtext(f"{EXCERPT}encoded") == "Gyumri, 2024."
    assert meta(hero)[wxr.META_CREDIT] == "Photo: Reuters"
    attached = meta(hero)[wxr.META_ATTACHED_FILE]
    assert re.fullmatch(r"\d{4}/\d{2}/[0-9a-f]{32}\.jpg", attached)
    copied = tmp_path / "wp-content" / "uploads" / attached
    with image.image.open("rb") as original:
        assert copied.read_bytes() == original.read()
    assert summary.media_files == 2 and summary.media_missing == 0


def attachment_ids(root):
    return [
        int(item.findtext(f"{WP}post_id"))
        for item in root.iter("item")
        if item.findtext(f"{WP}post_type") == "attachment"
    ]


def test_a_library_image_is_one_attachment_however_many_briefs_show_it(archive, tmp_path):
    """An image that is the hero of two briefs, the hero of one and a figure of another, or
    both in one brief, is one attachment; an image no brief shows is none."""
    from briefs.exports.media import FolderMedia

    hero, figure = archive["hero"], archive["figure_image"]
    Brief.objects.filter(pk=archive["draft"].pk).update(hero=hero)
    Brief.objects.filter(pk=archive["review"].pk).update(hero=figure)  # also public's figure
    both = BriefFactory(body=f'<figure data-image="{hero.pk}"></figure>', hero=hero)
    unused = library_image(title="Shown nowhere")
    data, summary = run_export(media=FolderMedia(tmp_path))
    root = parse(data)
    hero_id, figure_id = 3 * hero.pk + 1, 3 * figure.pk + 1
    assert sorted(attachment_ids(root)) == sorted([hero_id, figure_id])
    assert 3 * unused.pk + 1 not in items(root)
    assert summary.attachments == 2 and summary.media_files == 2
    posts = items(root)
    thumbnails = {
        brief: meta(posts[3 * archive[brief].pk]).get(wxr.META_THUMBNAIL)
        for brief in ("public", "draft", "review", "scheduled")
    }
    assert thumbnails == {
        "public": str(hero_id),
        "draft": str(hero_id),
        "review": str(figure_id),
        "scheduled": None,
    }
    content = posts[3 * both.pk].findtext(f"{CONTENT}encoded")
    assert f'class="wp-image-{hero_id}"' in content
    assert meta(posts[3 * both.pk])[wxr.META_THUMBNAIL] == str(hero_id)


def test_an_image_shown_after_the_attachments_were_written_comes_before_its_brief(
    archive, monkeypatch
):
    """A hero set while the file is written, after the attachments, is written once, before
    the first brief that shows it: every _thumbnail_id names an attachment of the file."""
    late = library_image(title="Set during the export")
    draft, rtl = archive["draft"], archive["rtl"]
    write_attachments = WxrWriter._library_images

    def then_set_heroes(writer):
        write_attachments(writer)
        Brief.objects.filter(pk__in=[draft.pk, rtl.pk]).update(hero=late)

    monkeypatch.setattr(WxrWriter, "_library_images", then_set_heroes)
    root = parse(run_export()[0])
    order = [int(item.findtext(f"{WP}post_id")) for item in root.iter("item")]
    late_id = 3 * late.pk + 1
    assert order.count(late_id) == 1
    assert order.index(late_id) == order.index(3 * draft.pk) - 1
    posts = items(root)
    assert meta(posts[3 * rtl.pk])[wxr.META_THUMBNAIL] == str(late_id)
    assert len(attachment_ids(root)) == len(set(attachment_ids(root))) == 3


def test_media_url_points_attachments_at_the_copied_folder(archive, tmp_path):
    """With --media-url, attachment_url is that address plus the uploads path."""
    from briefs.exports.media import FolderMedia

    data, _ = run_export(media=FolderMedia(tmp_path), media_url="https://cdn.example.org/up/")
    for item in parse(data).iter("item"):
        if item.findtext(f"{WP}post_type") == "attachment":
            path = meta(item)[wxr.META_ATTACHED_FILE]
            assert item.findtext(f"{WP}attachment_url") == f"https://cdn.example.org/up/{path}"


def test_a_missing_image_file_never_stops_the_export(archive, tmp_path):
    """An original gone from storage is counted and skipped; the rest is written."""
    from briefs.exports.media import FolderMedia

    hero = archive["hero"].image
    hero.storage.delete(hero.name)
    data, summary = run_export(media=FolderMedia(tmp_path))
    assert summary.media_missing == 1 and summary.media_files == 1
    assert len(list(parse(data).iter("item"))) == 5 + 2


def test_drafts_are_exported_in_full(archive):
    """The file is an administrator's artefact: a draft's title and body are in it."""
    item = items(parse(run_export()[0]))[3 * archive["draft"].pk]
    assert item.findtext("title") == "Quokkafish draft"
    assert "Narwhalite" in item.findtext(f"{CONTENT}encoded")
    assert item.findtext(f"{WP}post_date_gmt") == wxr.NO_DATE


def test_guids_and_footnote_ids_are_stable_across_exports(archive):
    """Two exports give every post the same id and GUID, and every footnote the same id."""
    first, second = parse(run_export()[0]), parse(run_export()[0])

    def ids(root):
        return {
            item.findtext(f"{WP}post_id"): (
                item.findtext("guid"),
                meta(item).get(wxr.META_FOOTNOTES),
            )
            for item in root.iter("item")
        }

    assert ids(first) == ids(second)
    guids = [guid for guid, _ in ids(first).values()]
    assert len(set(guids)) == len(guids)
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", guid) for guid in guids)
    assert all(g.get("isPermaLink") == "false" for g in first.iter("guid"))


def test_unicode_and_right_to_left_titles_and_slugs(archive):
    """An Arabic title and slug come out as they are."""
    item = items(parse(run_export()[0]))[3 * archive["rtl"].pk]
    assert item.findtext("title") == ARABIC_TITLE
    assert item.findtext(f"{WP}post_name") == "طاقة-قزوين"


def test_cdata_end_inside_text_survives(archive):
    """A ``]]>`` in a summary is split across CDATA sections and reads back whole."""
    data, _ = run_export()
    assert b"]]]]><![CDATA[>" in data
    item = items(parse(data))[3 * archive["public"].pk]
    assert item.findtext(f"{EXCERPT}encoded") == "Summary ]]> with a CDATA end inside."


def test_characters_xml_cannot_hold_are_dropped_not_fatal(archive):
    """A control character written into a title by a raw UPDATE does not break the file."""
    Brief.objects.filter(pk=archive["review"].pk).update(title="Bell\x07 and\x0b tab", dek="\x1bx")
    item = items(parse(run_export()[0]))[3 * archive["review"].pk]
    assert item.findtext("title") == "Bell and tab"
    assert item.findtext(f"{EXCERPT}encoded") == "x"


def test_a_figure_of_an_image_not_recorded_is_dropped(archive):
    """A body figure whose image is not among the brief's figures (a raw write) is left out."""
    Brief.objects.filter(pk=archive["draft"].pk).update(
        body='<p>Text</p><figure data-image="999999"></figure>'
    )
    content = items(parse(run_export()[0]))[3 * archive["draft"].pk].findtext(f"{CONTENT}encoded")
    assert "figure" not in content and "<p>Text</p>" in content


BLOCK_COMMENT = re.compile(r"<!-- (/?)wp:([a-z][a-z0-9-]*)(?: (\{.*?\}))? (/?)-->")


def assert_blocks_nest(content):
    """Every block comment opens and closes in order, as WordPress's block parser needs."""
    open_blocks = []
    for closing, name, attributes, self_closing in BLOCK_COMMENT.findall(content):
        if attributes:
            json.loads(attributes)
        if self_closing:
            continue
        if closing:
            assert open_blocks.pop() == name
        else:
            open_blocks.append(name)
    assert open_blocks == []


def queries_for(chunk_size):
    with CaptureQueriesContext(connection) as queries:
        run_export(chunk_size=chunk_size)
    return len(queries)


def test_queries_grow_per_chunk_not_per_brief(db):
    """Briefs are read a chunk at a time with their links and heroes loaded with them: a
    fixed cost per chunk."""
    theme = Theme.objects.create(name="energy")
    series = SeriesFactory()

    def add(count):
        for _ in range(count):
            hero = library_image(image=image_files.upload(image_files.jpeg(320, 160)))
            brief = BriefFactory(authors=[AuthorFactory()], themes=[theme.name], hero=hero)
            Brief.objects.filter(pk=brief.pk).update(series=series, series_position=brief.pk)

    add(4)
    four = queries_for(chunk_size=2)
    one_chunk_four = queries_for(chunk_size=100)
    add(4)
    eight = queries_for(chunk_size=2)
    one_chunk_eight = queries_for(chunk_size=100)
    assert one_chunk_four == one_chunk_eight  # the same queries for 4 briefs or 8
    per_chunk = (eight - four) // 2  # two more chunks
    assert 1 <= per_chunk <= 6
    assert eight - four == 2 * per_chunk


def test_progress_is_reported_per_brief(archive):
    """The progress callback hears of every brief once."""
    seen = []
    run_export(progress=seen.append)
    assert seen == [1] * Brief.objects.count()


def test_command_writes_file_media_and_summary(archive, tmp_path, settings):
    """export_wxr OUT.xml --media-dir DIR writes both and says what it wrote."""
    settings.SITE_URL = SITE
    out, media = tmp_path / "site.xml", tmp_path / "media"
    stdout = io.StringIO()
    call_command("export_wxr", str(out), "--media-dir", str(media), verbosity=0, stdout=stdout)
    root = parse(out.read_bytes())
    assert len(list(root.iter("item"))) == 5 + 2
    assert "Wrote 5 briefs" in stdout.getvalue()
    assert "Copied 2 images" in stdout.getvalue()
    assert len(list((media / "wp-content" / "uploads").rglob("*.jpg"))) == 2


def test_command_refuses_bad_arguments_with_a_clear_error(archive, tmp_path, settings):
    """A missing folder, a media-dir that is a file or no site address is a CommandError."""
    settings.SITE_URL = SITE
    with pytest.raises(CommandError, match="No folder"):
        call_command("export_wxr", str(tmp_path / "nope" / "x.xml"), verbosity=0)
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(CommandError, match="is a file"):
        call_command("export_wxr", str(tmp_path / "x.xml"), "--media-dir", str(a_file), verbosity=0)
    with pytest.raises(CommandError, match="is a folder"):
        call_command("export_wxr", str(tmp_path), verbosity=0)
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="SITE_URL"):
        call_command("export_wxr", str(tmp_path / "x.xml"), verbosity=0)
    call_command("export_wxr", str(tmp_path / "x.xml"), "--site-url", SITE, verbosity=0)
    assert Path(tmp_path / "x.xml").stat().st_size > 0


def test_writer_post_ids_never_collide():
    """Briefs and library images get ids from disjoint residues (3n and 3n+1, as before
    heroes joined the library, so their GUIDs do not change)."""
    ids = {WxrWriter.brief_post_id(n) for n in range(1, 200)}
    ids |= {WxrWriter.image_post_id(n) for n in range(1, 200)}
    assert len(ids) == 2 * 199
    assert WxrWriter.brief_post_id(7) == 21 and WxrWriter.image_post_id(7) == 22


def test_scheduled_brief_dates(archive):
    """A scheduled brief is "future" with its publish time as post_date_gmt."""
    scheduled = archive["scheduled"]
    item = items(parse(run_export()[0]))[3 * scheduled.pk]
    expected = scheduled.publish_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    assert item.findtext(f"{WP}post_date_gmt") == expected
    assert scheduled.publish_at > timezone.now() - timedelta(minutes=1)


@pytest.mark.parametrize("text", ["]]>", "]]>]]>", "a]]", "]]>end", "", "x]]>>y]]"])
def test_cdata_sections_read_back_as_the_text(text):
    """However ``]]>`` falls in a text, its CDATA sections read back as that text."""
    out = io.BytesIO()
    with etree.xmlfile(out, encoding="utf-8") as xf, xf.element("t"):
        for part in cdata_parts(text):
            xf.write(part)
    assert (parse(out.getvalue()).text or "") == text
