"""The export's images: from a media folder (by path, then by file name) or fetched from
the old site (a local HTTP server on loopback here), with time-outs, a size cap and the
upload checks. A missing image never stops the import."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from briefs.imports.media import MediaSource, Missing
from briefs.models import Brief, LibraryImage
from tests import wxr_fixtures as fx

pytestmark = pytest.mark.django_db

PNG = fx.image_bytes((30, 90, 150))
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


class OldSite(BaseHTTPRequestHandler):
    """The old site's uploads: a good image, a slow one, a huge one, an SVG, redirects."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path.endswith("/good.png"):
            self._send(PNG, "image/png")
        elif self.path.endswith("/slow.png"):
            time.sleep(2)
            self._send(PNG, "image/png")
        elif self.path.endswith("/huge.png"):
            self._send(PNG + b"\0" * 300_000, "image/png")
        elif self.path.endswith("/undeclared-huge.png"):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(PNG + b"\0" * 300_000)
        elif self.path.endswith("/drawing.svg"):
            self._send(SVG, "image/svg+xml")
        elif self.path.endswith("/to-file.png"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path.endswith("/moved.png"):
            self.send_response(301)
            self.send_header("Location", "/wp-content/uploads/good.png")
            self.end_headers()
        else:
            self.send_error(404)

    def _send(self, data, kind):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def old_site():
    """A server on 127.0.0.1 for the test's length; its base address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), OldSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def fetcher(site, **options):
    return MediaSource(site=site, fetch=True, timeout=options.pop("timeout", 1), **options)


def test_fetches_an_image_from_the_old_site(old_site):
    """A good image comes back as its bytes, a redirect to http followed."""
    source = fetcher(old_site)
    assert source.get(f"{old_site}/wp-content/uploads/good.png") == PNG
    assert source.get(f"{old_site}/wp-content/uploads/moved.png") == PNG


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("absent.png", "the old site answered 404"),
        ("slow.png", "could not fetch it"),
        ("huge.png", "the old site sends 293.1\xa0KB; the limit is 200.0\xa0KB"),
        ("undeclared-huge.png", "it is larger than the limit of 200.0\xa0KB"),
        ("drawing.svg", "SVG drawings are not accepted"),
        ("to-file.png", "Redirection to url 'file:///etc/passwd' is not allowed"),
    ],
)
def test_refused_fetches_say_why(old_site, settings, name, why):
    """404, a time-out, too large (declared or not), an SVG, a redirect to file:."""
    settings.IMAGE_UPLOAD_MAX_BYTES = 200 * 1024
    with pytest.raises(Missing) as missing:
        fetcher(old_site, timeout=0.5).get(f"{old_site}/wp-content/uploads/{name}")
    assert why in str(missing.value)


def test_only_http_addresses_are_fetched():
    with pytest.raises(Missing, match="only http and https"):
        fetcher("").get("file:///etc/passwd")


def test_import_fetches_and_reports_missing(old_site, tmp_path):
    """--fetch-media brings the good image into the library; the 404 is reported with its
    brief, and the post is imported all the same."""
    post = fx.Post(
        1,
        "Fetched",
        '<p>Text.</p><img src="/wp-content/uploads/good.png" alt="Good">'
        '<img src="/wp-content/uploads/absent.png" alt="Absent">',
        slug="fetched",
    )
    path = fx.write(tmp_path, "fetch.xml", fx.wxr([post], site=old_site))
    report = tmp_path / "r.txt"
    call_command(
        "import_wxr", str(path), fetch_media=True, timeout=2, report=str(report), verbosity=0
    )
    image = LibraryImage.objects.get()
    assert image.alt == "Good"
    body = Brief.objects.get().body
    assert body.startswith("<p>Text.</p>")
    assert body.count("<figure") == 1
    assert f'<figure data-image="{image.pk}"></figure>' in body
    assert f"Fetched: {old_site}/wp-content/uploads/absent.png (the old site answered 404" in (
        report.read_text()
    )


def test_media_folder_by_path_then_by_file_name(tmp_path):
    """uploads/2022/05/a.png is found by its path; a file in a flat folder by its name;
    a path climbing out of the folder finds nothing outside."""
    uploads = fx.media_folder(tmp_path)
    source = MediaSource(site=fx.SITE, media_dir=uploads)
    assert source.get(f"{fx.SITE}/wp-content/uploads/2022/05/map.png")
    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "chart.png").write_bytes(PNG)
    assert MediaSource(media_dir=flat).get(f"{fx.SITE}/wp-content/uploads/2021/11/chart.png") == PNG
    (tmp_path / "secret.png").write_bytes(PNG)
    with pytest.raises(Missing):
        MediaSource(media_dir=flat).get(f"{fx.SITE}/wp-content/uploads/../../secret.png")


def test_a_damaged_file_in_the_folder_is_reported(tmp_path):
    """A file that is not an image is refused by the upload checks."""
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "fake.png").write_bytes(b"not an image at all")
    with pytest.raises(Missing, match="not an image"):
        MediaSource(media_dir=folder).get("https://x/wp-content/uploads/fake.png")
