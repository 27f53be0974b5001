"""Previews for staff and share links for guests: private, expiring, revocable, never cached."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from briefs.editorial import sharing
from briefs.models import Brief, ShareLink
from tests.factories import BriefFactory

pytestmark = pytest.mark.django_db


def assert_private(response):
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "noindex" in response["X-Robots-Tag"]


def preview_url(brief):
    return reverse("admin:briefs_brief_preview", args=[brief.pk])


@pytest.mark.parametrize("state", [{"draft": True}, {"in_review": True}, {"scheduled": True}, {}])
def test_editor_previews_a_brief_whatever_its_status(editor_client, state):
    """The public template, with the body, authors and a banner saying what readers see."""
    brief = BriefFactory(title="Previewed brief", **state)
    response = editor_client.get(preview_url(brief))
    assert response.status_code == 200
    assert "briefs/brief_detail.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Previewed brief" in html and "Some careful analysis" in html
    assert brief.ordered_authors[0].name in html
    assert_private(response)


def test_contributor_previews_own_draft_but_not_someone_elses(client, contributor):
    """Preview follows the right to change the brief."""
    own = BriefFactory(draft=True, created_by=contributor)
    other = BriefFactory(draft=True)
    client.force_login(contributor)
    assert client.get(preview_url(own)).status_code == 200
    assert client.get(preview_url(other)).status_code == 404


def test_readers_cannot_preview(client):
    """The admin preview sends anonymous visitors to the login page."""
    response = client.get(preview_url(BriefFactory(draft=True)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_change_form_links_to_the_preview(editor_client):
    """Editors find the preview from the brief's form."""
    brief = BriefFactory(draft=True)
    html = editor_client.get(reverse("admin:briefs_brief_change", args=[brief.pk])).content
    assert preview_url(brief) in html.decode()


def create_link(editor_client, brief):
    response = editor_client.post(reverse("admin:briefs_brief_share", args=[brief.pk]), {})
    assert response.status_code == 302
    return ShareLink.objects.filter(brief=brief).latest("pk")


def test_share_link_opens_an_unpublished_brief_for_a_guest(editor_client, client):
    """A guest with the link reads the draft; the response is private and noindex."""
    brief = BriefFactory(draft=True, title="Shared draft")
    link = create_link(editor_client, brief)
    page = editor_client.get(reverse("admin:briefs_brief_share", args=[brief.pk]))
    assert sharing.url_for(link) in page.content.decode()
    client.logout()
    response = client.get(sharing.url_for(link))
    assert response.status_code == 200
    assert "Shared draft" in response.content.decode()
    assert_private(response)


def test_expired_link_answers_404(editor_client, client, settings):
    """After BRIEF_SHARE_LINK_MAX_AGE seconds the link stops working."""
    settings.BRIEF_SHARE_LINK_MAX_AGE = 3600
    brief = BriefFactory(draft=True)
    url = sharing.url_for(create_link(editor_client, brief))
    client.logout()
    with time_machine.travel(timezone.now() + timedelta(minutes=59)):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert client.get(url).status_code == 404


def test_default_lifetime_is_seven_days(editor_client, client):
    """Without configuration a link lives a week."""
    url = sharing.url_for(create_link(editor_client, BriefFactory(draft=True)))
    client.logout()
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=7, hours=1)):
        assert client.get(url).status_code == 404


def test_address_is_stable_and_expiry_counts_from_creation(editor_client, client):
    """Copying the link again on day six gives the same address, still gone after day seven."""
    link = create_link(editor_client, BriefFactory(draft=True))
    first = sharing.url_for(link)
    client.logout()
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        assert sharing.url_for(link) == first
    with time_machine.travel(timezone.now() + timedelta(days=7, hours=1)):
        assert client.get(first).status_code == 404


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "9999" + token[token.index(":") :],
        lambda token: "not-a-token",
    ],
)
def test_tampered_token_answers_404(editor_client, client, tamper):
    """A changed signature, a changed id or garbage: 404, never a 500."""
    link = create_link(editor_client, BriefFactory(draft=True))
    client.logout()
    url = reverse("briefs:brief-share", args=[tamper(sharing.token_for(link))])
    assert client.get(url).status_code == 404


def test_revoked_link_answers_404(editor_client, client):
    """Revoking from the share page stops the link at once; other links keep working."""
    brief = BriefFactory(draft=True)
    revoked, kept = create_link(editor_client, brief), create_link(editor_client, brief)
    editor_client.post(reverse("admin:briefs_brief_share", args=[brief.pk]), {"revoke": revoked.pk})
    client.logout()
    assert client.get(sharing.url_for(revoked)).status_code == 404
    assert client.get(sharing.url_for(kept)).status_code == 200


def test_link_leads_to_the_public_page_once_published(editor_client, client):
    """After publication the link redirects to the brief's public address."""
    brief = BriefFactory(in_review=True)
    url = sharing.url_for(create_link(editor_client, brief))
    editor_client.post(
        reverse("admin:briefs_brief_changelist"),
        {"action": "publish_now", "_selected_action": [brief.pk]},
    )
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == brief.get_absolute_url()


def test_a_scheduled_brief_stays_previewable_until_its_time(editor_client, client):
    """Scheduled is not yet public: the link still shows the preview."""
    brief = BriefFactory(in_review=True)
    url = sharing.url_for(create_link(editor_client, brief))
    brief.status, brief.publish_at = "published", timezone.now() + timedelta(days=1)
    brief.save()
    client.logout()
    assert client.get(url).status_code == 200


def test_contributors_cannot_create_share_links(contributor_client, contributor):
    """Share links are the editors' to hand out."""
    brief = BriefFactory(draft=True, created_by=contributor)
    url = reverse("admin:briefs_brief_share", args=[brief.pk])
    assert contributor_client.post(url, {}).status_code == 403
    assert not ShareLink.objects.exists()


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache switched on, as in production."""
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def served_twice(client, url, brief):
    """The title a second visitor sees after the brief was renamed between two visits."""
    client.get(url)
    Brief.objects.filter(pk=brief.pk).update(title="Renamed since")
    return "Renamed since" in client.get(url).content.decode()


def test_previews_are_kept_out_of_shared_caches(editor_client, client, page_cache):
    """A page cache serves a public page from memory, but never a share-link preview."""
    draft, public = BriefFactory(draft=True), BriefFactory()
    url = sharing.url_for(create_link(editor_client, draft))
    client.logout()
    assert served_twice(client, url, draft)
    assert not served_twice(client, public.get_absolute_url(), public)


def test_previews_never_show_a_kept_public_fragment(editor_client, client, settings):
    """Public brief pages keep their article as a fragment; a preview always draws its own."""
    settings.AGGREGATE_CACHE_SECONDS = 3600
    cache.clear()
    public = BriefFactory(title="The public brief", body="<p>Public text.</p>")
    draft = BriefFactory(title="The draft brief", body="<p>Draft text.</p>", draft=True)
    assert "Public text." in client.get(public.get_absolute_url()).content.decode()
    for brief, text in ((draft, "Draft text."), (public, "Public text.")):
        html = editor_client.get(preview_url(brief)).content.decode()
        assert text in html and brief.title in html
    Brief.objects.filter(pk=public.pk).update(body="<p>Edited without signals.</p>")
    assert "Edited without signals." in editor_client.get(preview_url(public)).content.decode()
    cache.clear()
