"""A CDN in front (Varnish from Debian's package, with docs/production.md's VCL) keeps public
pages for CDN_CACHE_SECONDS at most, revalidates them cheaply, and never keeps an editor's."""

import json
import os
import re
import shutil
import subprocess
import time
from contextlib import contextmanager

import pytest
from django.urls import reverse

from loadtest.client import AdminSession, fetch
from loadtest.server import ROOT, app_server
from loadtest.surfaces import showing, surfaces_of
from tests.app_servers import free_port, server_env, signed_in_session, wait_for
from tests.conftest import require
from tests.factories import BriefFactory, CountryFactory, UserFactory
from tests.services import require_postgresql

# Transactional: the app server reads what the test commits.
pytestmark = pytest.mark.django_db(transaction=True)

CDN_CACHE_SECONDS, GENERATION_CHECK_SECONDS = 3, 2
BOUND = CDN_CACHE_SECONDS + GENERATION_CHECK_SECONDS + 1
# Varnish stops by itself after this long, whatever happens to the test.
VARNISH_LIFETIME_SECONDS = 300
# Debian installs it in /usr/sbin, which an unprivileged user's PATH may lack.
VARNISHD = shutil.which("varnishd", path=f"{os.environ.get('PATH', '')}:/usr/sbin")


def documented_vcl(backend_port):
    """The sample VCL of docs/production.md, pointed at the test's app server."""
    text = (ROOT / "docs" / "production.md").read_text()
    vcl = re.search(r"```vcl\n(.*?)```", text, re.DOTALL)[1]
    return vcl.replace('.port = "8000"', f'.port = "{backend_port}"')


@contextmanager
def varnish(port, vcl, workdir):
    """varnishd in the foreground on 127.0.0.1:``port``, with its own working directory."""
    (workdir / "site.vcl").write_text(vcl)
    command = ["timeout", str(VARNISH_LIFETIME_SECONDS), VARNISHD, "-F", "-j", "none"]
    command += ["-n", str(workdir / "varnish"), "-a", f"127.0.0.1:{port}", "-T", "none"]
    command += ["-f", str(workdir / "site.vcl"), "-s", "malloc,32m"]
    with open(workdir / "varnish.log", "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        started = wait_for(lambda: process.poll() is None and answers(base_url), seconds=30)
        assert started, (workdir / "varnish.log").read_text()
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=15)


def answers(base_url):
    try:
        return fetch(base_url, "/healthz", timeout=2).status == 200
    except OSError:
        return False


@pytest.fixture
def cdn(tmp_path, tmp_path_factory):
    """Varnish in front of one gunicorn app server; (Varnish's address, the server's log)."""
    require_postgresql()
    require(VARNISHD, "Debian's varnish is not installed")
    env = server_env(
        tmp_path_factory,
        None,  # the page cache in the server's own memory
        "cdn",
        CDN_CACHE_SECONDS=str(CDN_CACHE_SECONDS),
        GENERATION_CHECK_SECONDS=str(GENERATION_CHECK_SECONDS),
    )
    log = tmp_path / "server.log"
    app_port, cdn_port = free_port(), free_port()
    with (
        app_server(app_port, env, log),
        varnish(cdn_port, documented_vcl(app_port), tmp_path) as cdn_url,
    ):
        yield cdn_url, log


def from_cdn_cache(response):
    """Varnish names two requests on a hit: this one and the one that stored the copy."""
    return len(response.headers["X-Varnish"].split()) == 2


def statuses_answered(log, path):
    """The statuses the app server answered for ``path``, from its JSON access log."""
    lines = (json.loads(line) for line in log.read_text().splitlines() if line.startswith("{"))
    return [
        int(line["status"])
        for line in lines
        if line["logger"] == "gunicorn.access" and line["path"] == path
    ]


def test_a_public_page_is_kept_by_the_cdn_and_revalidated_with_a_304(cdn):
    """The second reader gets Varnish's copy; once it expires, the site answers 304."""
    cdn_url, server_log = cdn
    path = BriefFactory(
        title="Grain corridors", countries=[CountryFactory(code="XW")]
    ).get_absolute_url()
    first, second = fetch(cdn_url, path), fetch(cdn_url, path)
    assert (first.status, second.status) == (200, 200)
    assert not from_cdn_cache(first) and from_cdn_cache(second)
    assert f"s-maxage={CDN_CACHE_SECONDS}" in first.headers["Cache-Control"]
    assert statuses_answered(server_log, path) == [200]

    time.sleep(CDN_CACHE_SECONDS + 0.5)
    again = fetch(cdn_url, path)
    assert again.status == 200 and again.body == first.body
    assert wait_for(lambda: statuses_answered(server_log, path) == [200, 304], seconds=2)


def test_an_unpublished_brief_leaves_every_page_through_the_cdn_within_the_bound(cdn):
    """Every surface that showed the brief through Varnish stops showing it within
    CDN_CACHE_SECONDS + GENERATION_CHECK_SECONDS + 1 s of the unpublish."""
    cdn_url, _ = cdn
    brief = BriefFactory(title="Ferry tariffs", countries=[CountryFactory(code="XV")])
    editor = UserFactory(username="cdn-editor", is_superuser=True)
    surfaces, path = surfaces_of(brief), brief.get_absolute_url()
    for _ in range(2):  # the second round comes from Varnish's cache
        assert len(showing([cdn_url], surfaces, path)) == len(surfaces)
    assert from_cdn_cache(fetch(cdn_url, path))

    saved = AdminSession(cdn_url, signed_in_session(editor)).change_brief(brief.pk, status="draft")
    assert saved.status == 302, saved.text[:2000]
    unpublished = time.monotonic()

    time.sleep(BOUND - 0.5)  # a reader arriving then, after nobody asked for a while
    assert showing([cdn_url], surfaces, path) == []
    assert time.monotonic() - unpublished < BOUND
    assert fetch(cdn_url, path).status == 404


def test_a_published_brief_shows_through_the_cdn_within_the_bound(cdn):
    """The 404 readers met before is not kept: a publish shows within the bound too."""
    cdn_url, _ = cdn
    brief = BriefFactory(draft=True, countries=[CountryFactory(code="XT")])
    editor = UserFactory(username="cdn-publisher", is_superuser=True)
    surfaces, path = surfaces_of(brief), brief.get_absolute_url()
    for _ in range(2):  # the second round comes from Varnish's cache, where it may
        assert showing([cdn_url], surfaces, path) == []

    saved = AdminSession(cdn_url, signed_in_session(editor)).change_brief(
        brief.pk, status="published"
    )
    assert saved.status == 302, saved.text[:2000]
    published = time.monotonic()

    time.sleep(BOUND - 0.5)
    assert len(showing([cdn_url], surfaces, path)) == len(surfaces)
    assert time.monotonic() - published < BOUND


def test_an_editor_is_never_answered_from_the_cdn_and_nothing_they_see_is_kept(cdn):
    """A request with the session cookie passes Varnish both ways: a preview never leaks."""
    cdn_url, _ = cdn
    country = CountryFactory(code="XU")
    public = BriefFactory(countries=[country])
    draft = BriefFactory(draft=True, title="Unannounced sanctions review", countries=[country])
    editor = {"Cookie": f"sessionid={signed_in_session(UserFactory(is_superuser=True))}"}
    preview = reverse("admin:briefs_brief_preview", args=[draft.pk])

    for _ in range(2):
        as_editor = fetch(cdn_url, preview, headers=editor)
        assert as_editor.status == 200 and draft.title in as_editor.text
        assert not from_cdn_cache(as_editor)
    for _ in range(2):
        as_reader = fetch(cdn_url, preview)
        assert as_reader.status == 302 and draft.title not in as_reader.text
        assert not from_cdn_cache(as_reader)

    public_path = public.get_absolute_url()
    assert from_cdn_cache(fetch(cdn_url, public_path)) is False
    assert from_cdn_cache(fetch(cdn_url, public_path))  # readers share Varnish's copy...
    assert not from_cdn_cache(fetch(cdn_url, public_path, headers=editor))  # ...editors do not
    unseen = f"{public_path}?from=editor"
    assert fetch(cdn_url, unseen, headers=editor).status == 200
    assert not from_cdn_cache(fetch(cdn_url, unseen))  # what the editor was answered was not kept
