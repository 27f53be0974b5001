"""Bad exports get a clear one-line error and save nothing: broken XML (with its line),
entity bombs and external entities, other kinds of file, other encodings, bad mappings."""

import tracemalloc

import pytest
from django.core.management import CommandError, call_command

from briefs.imports.wxr import Export, WxrError
from briefs.models import Brief
from tests import wxr_fixtures as fx

pytestmark = pytest.mark.django_db


def refused(path, **options):
    with pytest.raises(CommandError) as raised:
        call_command("import_wxr", str(path), verbosity=0, **options)
    message = str(raised.value)
    assert "\n" not in message
    assert not Brief.objects.exists()
    return message


def test_malformed_xml_names_the_line(tmp_path):
    """A mismatched tag is reported with its line and column."""
    path = fx.malformed_export(tmp_path)
    broken_line = next(
        number
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "</wp:postid>" in line
    )
    message = refused(path)
    assert message.startswith(f"malformed.xml: line {broken_line}, column ")
    assert "the XML is broken (mismatched tag)" in message


def test_cut_short_export(tmp_path):
    """An export cut off mid-way (a failed download) is refused, naming where."""
    text = fx.wxr([fx.Post(1, "Fine", "<p>ok</p>")])
    path = fx.write(tmp_path, "cut.xml", text[: len(text) // 2])
    assert "the XML is broken" in refused(path)


def test_entity_bomb_is_refused_unexpanded(tmp_path):
    """The billion laughs is refused before any entity is expanded."""
    message = refused(fx.entity_bomb_export(tmp_path))
    assert "declares entities or a DTD" in message


def test_external_entity_is_refused_unread(tmp_path):
    """An entity pointing at a local file is refused; the file is never read."""
    message = refused(fx.external_entity_export(tmp_path))
    assert "declares entities or a DTD" in message
    assert "root:" not in message


def test_another_kind_of_xml(tmp_path):
    """An XML file that is no RSS says what it starts with."""
    path = fx.write(tmp_path, "sitemap.xml", '<?xml version="1.0"?><urlset></urlset>')
    assert "not a WordPress or Squarespace export (WXR): it starts with <urlset>" in refused(path)


def test_a_plain_rss_feed(tmp_path):
    """A site's RSS feed is RSS but no export: it has no wxr_version."""
    feed = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed</title>'
        "<item><title>A post</title></item></channel></rss>"
    )
    message = refused(fx.write(tmp_path, "feed.xml", feed))
    assert "no <wp:wxr_version> before its first item" in message


def test_unknown_wxr_version(tmp_path):
    text = fx.wxr([], version="9.9")
    assert "unsupported WXR version '9.9'" in refused(fx.write(tmp_path, "v.xml", text))


def test_declared_other_encoding(tmp_path):
    """A file declaring ISO-8859-1 is refused with the encoding named."""
    text = fx.wxr([fx.Post(1, "Caf\u00e9", "<p>ok</p>")]).replace("UTF-8", "ISO-8859-1", 1)
    path = fx.write(tmp_path, "latin.xml", text.encode("latin-1"))
    assert "declares the encoding iso-8859-1, not UTF-8" in refused(path)


def test_bytes_that_are_not_utf8_name_their_line(tmp_path):
    """A Latin-1 byte in a file claiming UTF-8 is refused with its line."""
    text = fx.wxr([fx.Post(1, "Caf\u00e9", "<p>ok</p>")])
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "Caf\u00e9" in row)
    path = fx.write(tmp_path, "mixed.xml", text.encode("latin-1"))
    assert f"line {line}: the file is not UTF-8 (byte 0xe9)" in refused(path)


def test_utf16_file(tmp_path):
    path = fx.write(tmp_path, "utf16.xml", fx.wxr([]).encode("utf-16"))
    assert "UTF-16, not UTF-8" in refused(path)


def test_missing_file_and_folder(tmp_path):
    assert "cannot open" in refused(tmp_path / "nowhere.xml")
    path = fx.wordpress6_export(tmp_path)
    assert "is not a folder" in refused(path, media_dir=str(tmp_path / "no-such-folder"))


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("[terms\n", "is not valid TOML"),
        ('[terms]\n"Armenia" = "country:Atlantis"\n', "no such country here"),
        ('[terms]\n"Armenia" = "region:Caucasus"\n', 'write "country:XX"'),
        ('[terms]\n"Armenia" = 3\n', "must be a quoted text"),
        ('[series]\n"x" = "y"\n', "unknown sections ['series']"),
    ],
)
def test_bad_mapping_file(tmp_path, toml, expected):
    """A mapping file with a mistake stops the import before the first post."""
    mapping = fx.write(tmp_path, "mapping.toml", toml)
    assert expected in refused(fx.wordpress6_export(tmp_path), mapping=str(mapping))


def test_missing_fields_fail_the_post_not_the_import(tmp_path):
    """A post with neither GUID nor id, or an unknown status, fails alone with why."""
    posts = [
        fx.Post(0, "No key", "<p>x</p>", slug="no-key", guid=""),
        fx.Post(2, "Odd status", "<p>x</p>", slug="odd", status="limbo"),
        fx.Post(3, "Fine", "<p>x</p>", slug="fine"),
    ]
    text = fx.wxr(posts).replace("<wp:post_id>0</wp:post_id>", "")
    report = tmp_path / "r.txt"
    call_command(
        "import_wxr", str(fx.write(tmp_path, "x.xml", text)), report=str(report), verbosity=0
    )
    written = report.read_text()
    assert "it has neither a GUID nor a post id" in written
    assert "unknown status 'limbo'" in written
    assert list(Brief.objects.values_list("slug", flat=True)) == ["fine"]


def test_parsing_is_streamed(tmp_path):
    """Reading a 10 MB export holds about one item at a time: the items already handed out
    are dropped from the tree, so memory stays far below the file's size."""
    posts = [fx.Post(n, f"Post {n}", "<p>Words and more words.</p>" * 200) for n in range(1, 2001)]
    path = fx.write(tmp_path, "many.xml", fx.wxr(posts))
    assert path.stat().st_size > 10_000_000
    export = Export(path)
    tracemalloc.start()
    try:
        export.scan()
        seen = sum(1 for _item in export.items())
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == 2000 and export.item_count == 2000
    assert peak < 2_000_000
    with pytest.raises(WxrError):
        Export(tmp_path / "absent.xml").scan()
