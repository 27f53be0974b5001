"""A brief with a take-down time leaves every public surface by itself at that moment, with
no job run and whatever the caches kept; the time must come after the publish time."""

from datetime import timedelta

import pytest
import time_machine
from django.core import serializers
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from bench.prepare import take_some_down
from briefs.alerts import delivery
from briefs.caching import generation
from briefs.caching.page_cache import lifetime
from briefs.editorial.local_time import format_local
from briefs.listings.filters import FACETS, archive_counts
from briefs.listings.public_counts import public_counts
from briefs.models import Brief, BriefKind, PublishedCount
from countries.models import Country
from tests.alerting import subscribed
from tests.caching import caches_on
from tests.factories import BriefFactory
from tests.forms import form_data
from tests.test_alerts_delivery import smtp  # noqa: F401
from tests.test_pdfs import print_now
from tests.test_visibility_cached import (  # noqa: F401
    SLUG,
    after_the_bound,
    assert_gone,
    assert_shown,
    caching,
    leaving,
)

pytestmark = pytest.mark.django_db


def comes_down(brief, minutes):
    """Give ``brief`` a take-down time ``minutes`` from now, saved as an editor does."""
    brief.take_down_at = timezone.now() + timedelta(minutes=minutes)
    brief.save()
    return brief.take_down_at


def newer():
    """A public brief newer than the others, on no term of theirs."""
    return BriefFactory(title="Newest", slug="newest", publish_at=timezone.now())


def georgia_count():
    return public_counts(FACETS)["country"].get(Country.objects.get(code="GE").pk, 0)


def test_published_keeps_a_brief_until_its_take_down_time():
    """Public up to the moment before its take-down time, hidden from that moment on."""
    brief = BriefFactory()
    moment = comes_down(brief, 10)
    public = Brief.objects.published
    assert list(public(moment - timedelta(microseconds=1))) == [brief]
    assert list(public(moment)) == []
    assert list(Brief.objects.taken_down(moment)) == [brief]
    assert list(Brief.objects.coming_down(moment - timedelta(microseconds=1))) == [brief]


def test_every_surface_drops_the_brief_at_its_take_down_time(caching, client, leaving):  # noqa: F811
    """Pages, lists, counts, search, feeds, sitemap, API and previous/next show it, kept in
    every cache, until the moment; from then on none does, with no write (a newer brief
    stays the newest: the take-down alone must retire the kept pages)."""
    newer()
    moment = comes_down(leaving, 10)
    with time_machine.travel(moment - timedelta(minutes=1), tick=False):
        assert_shown(client)
        assert_shown(client)  # now served from the caches, kept for a minute more
    with time_machine.travel(moment + timedelta(milliseconds=1)):
        assert_gone(client)


def test_a_raw_update_takes_a_brief_down_within_the_bound(caching, client, leaving):  # noqa: F811
    """A take-down time set by ``QuerySet.update()`` in the past hides the brief."""
    assert_shown(client)
    Brief.objects.filter(pk=leaving.pk).update(take_down_at=timezone.now())
    with after_the_bound():
        assert_gone(client)


def test_a_loaded_fixture_with_a_past_take_down_time_is_hidden(caching, client, leaving, tmp_path):  # noqa: F811
    """``loaddata`` of the brief with a take-down time that has passed hides it."""
    assert_shown(client)
    dump = serializers.serialize("json", [leaving])
    row = dump.replace('"take_down_at": null', f'"take_down_at": "{timezone.now().isoformat()}"')
    fixture = tmp_path / "taken-down.json"
    fixture.write_text(row)
    call_command("loaddata", str(fixture), verbosity=0)
    assert Brief.objects.get(pk=leaving.pk).is_taken_down
    with after_the_bound():
        assert_gone(client)


def test_kept_pages_and_counts_live_no_longer_than_the_next_take_down(settings, client):
    """The page cache, the kept values and a CDN's copy all end at the take-down time, as
    they end at the next scheduled publish."""
    with caches_on(settings):
        brief = BriefFactory()
        moment = comes_down(brief, 10)
        with time_machine.travel(moment - timedelta(seconds=4), tick=False):
            generation.forget()
            assert generation.current().next_change_at == moment
            assert lifetime("page") <= 4 and lifetime("aggregate") <= 4
            response = client.get(reverse("briefs:home"))
            assert "s-maxage=4" in response["Cache-Control"]


def test_counts_drop_at_the_moment_and_come_back_when_the_time_is_cleared(remembered, leaving):  # noqa: F811
    """The kept counts, read or remembered, drop at the take-down time with no write, and a
    cleared take-down time puts the brief back in them."""
    assert georgia_count() == 2
    moment = comes_down(leaving, 10)
    assert georgia_count() == 2
    with time_machine.travel(moment - timedelta(microseconds=1), tick=False):
        assert georgia_count() == 2
    with time_machine.travel(moment, tick=False):
        assert georgia_count() == 1
    with time_machine.travel(moment + timedelta(days=1)):
        Brief.objects.filter(pk=leaving.pk).update(take_down_at=None)
        assert georgia_count() == 2


def test_a_taken_down_commentary_leaves_the_type_facet_at_its_moment(remembered):
    """The content type's kept count honours take-down as the other facets do: a commentary
    counts until its take-down time, read or remembered, then stops with no write; one
    taken down by a raw update stops at once."""
    commentary = BriefKind.objects.get(slug="commentary")
    going = BriefFactory(kind=commentary)
    BriefFactory(kind=commentary)
    raw = BriefFactory(kind=commentary)
    type_index = [facet.param for facet in FACETS].index("type")

    def commentaries():
        return public_counts([FACETS[type_index]])["type"].get(commentary.pk, 0)

    def archived():
        options = archive_counts()[type_index]
        return {option.value: option.count for option in options}.get("commentary", 0)

    assert commentaries() == archived() == 3
    moment = comes_down(going, 10)
    assert PublishedCount.objects.get(facet="type", term=commentary.pk).count == 2
    assert commentaries() == archived() == 3
    with time_machine.travel(moment - timedelta(microseconds=1), tick=False):
        assert commentaries() == 3
    with time_machine.travel(moment, tick=False):
        assert commentaries() == archived() == 2
        Brief.objects.filter(pk=raw.pk).update(take_down_at=moment - timedelta(seconds=1))
        assert commentaries() == archived() == 1


def test_a_scheduled_brief_with_a_take_down_time_counts_only_between_the_two(leaving):  # noqa: F811
    """Scheduled and coming down: counted from its publish time to its take-down time."""
    leaving.publish_at = timezone.now() + timedelta(minutes=5)
    leaving.take_down_at = timezone.now() + timedelta(minutes=10)
    leaving.save()
    assert georgia_count() == 1
    with time_machine.travel(leaving.publish_at + timedelta(seconds=1)):
        assert georgia_count() == 2
    with time_machine.travel(leaving.take_down_at + timedelta(seconds=1)):
        assert georgia_count() == 1


def test_the_pdf_the_card_and_the_citation_go_with_the_brief(client, settings):
    """The brief's own files answer 404 once it is down, like its page."""
    settings.BRIEF_PDFS = True
    brief = BriefFactory(slug="down-files")
    files = [
        reverse("briefs:brief-card", args=["down-files"]),
        reverse("briefs:brief-cite-bib", args=["down-files"]),
        reverse("briefs:brief-pdf", args=["down-files"]),
    ]
    moment = comes_down(brief, 10)
    print_now(brief)
    assert [client.get(url).status_code for url in files] == [200, 200, 200]
    with time_machine.travel(moment + timedelta(seconds=1)):
        assert [client.get(url).status_code for url in files] == [404, 404, 404]


def test_a_brief_taken_down_before_the_sweep_is_not_mailed(smtp):  # noqa: F811
    """Alerts announce only what is public: a brief that came down is not sent."""
    subscribed("reader@example.net")
    BriefFactory(title="Still up", take_down_at=timezone.now() + timedelta(days=1))
    BriefFactory(title="Came down", take_down_at=timezone.now() - timedelta(minutes=1))
    delivery.sweep()
    [message] = smtp.parsed()
    assert "Still up" in message.as_string() and "Came down" not in message.as_string()


# Validation: the take-down time comes after the publish time.


def test_the_model_and_the_database_refuse_a_take_down_before_publishing():
    brief = BriefFactory()
    brief.take_down_at = brief.publish_at
    with pytest.raises(Exception) as refused:
        brief.full_clean()
    assert "The take-down time must be after the publish time." in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Brief.objects.filter(pk=brief.pk).update(take_down_at=brief.publish_at)


def change_url(brief):
    return reverse("admin:briefs_brief_change", args=[brief.pk])


def local_fields(name, moment):
    """The admin's split date and time inputs for ``moment``, in the site's time zone."""
    local = timezone.localtime(moment)
    return {f"{name}_0": local.strftime("%Y-%m-%d"), f"{name}_1": local.strftime("%H:%M:%S")}


def test_the_form_refuses_a_take_down_time_before_the_publish_time(editor_client):
    """A clear error at the field, everything typed kept, nothing saved."""
    brief = BriefFactory(title="Embargoed")
    url = change_url(brief)
    data = {
        **form_data(editor_client.get(url)),
        **local_fields("take_down_at", brief.publish_at - timedelta(hours=1)),
        "dek": "A new summary typed in the refused save.",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["take_down_at"] == ["The take-down time must be after the publish time."]
    page = response.content.decode()
    assert "A new summary typed in the refused save." in page
    assert "Taken down" not in page  # the state line shows the brief as stored
    stored = Brief.objects.get(pk=brief.pk)
    assert stored.take_down_at is None and stored.dek != data["dek"]


def test_publish_now_with_a_take_down_time_passed_is_refused_at_the_field(editor_client):
    """ "Publish now" moves the publish time to now: a take-down time before it is refused."""
    brief = BriefFactory(draft=True)
    url = change_url(brief)
    data = {
        **form_data(editor_client.get(url)),
        **local_fields("take_down_at", timezone.now() - timedelta(hours=1)),
        "_workflow": "publish",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "take_down_at" in response.context["adminform"].form.errors
    assert Brief.objects.get(pk=brief.pk).status == Brief.Status.DRAFT


def test_the_form_saves_a_take_down_time_and_the_admin_says_when(editor_client):
    """Saved from the field next to the publish time; the brief's page, the list and the desk
    say when it comes down, and once it is down, that it is."""
    brief = BriefFactory(title="Embargoed until Friday")
    url = change_url(brief)
    moment = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    data = {**form_data(editor_client.get(url)), **local_fields("take_down_at", moment)}
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Brief.objects.get(pk=brief.pk).take_down_at == moment
    assert (
        f"Published; comes down at {format_local(moment)}"
        in editor_client.get(url).content.decode()
    )
    coming = f"Comes down at {format_local(moment)}"
    assert coming in editor_client.get(reverse("admin:briefs_brief_changelist")).content.decode()
    assert coming in editor_client.get(reverse("admin:index")).content.decode()
    with time_machine.travel(moment + timedelta(minutes=1)):
        taken = f"Taken down {format_local(moment)}"
        assert taken in editor_client.get(url).content.decode()
        listed = editor_client.get(reverse("admin:briefs_brief_changelist") + "?stage=taken-down")
        assert taken in listed.content.decode()
        assert (
            "Embargoed until Friday" in editor_client.get(reverse("admin:index")).content.decode()
        )


def test_publishing_a_brief_past_its_take_down_time_from_the_list_changes_nothing(editor_client):
    """The bulk "Publish now" refuses, all or nothing, a brief that would come down first."""
    other = BriefFactory(draft=True)
    late = BriefFactory(draft=True, title="Too late")
    Brief.objects.filter(pk=late.pk).update(take_down_at=timezone.now() - timedelta(hours=1))
    response = editor_client.post(
        reverse("admin:briefs_brief_changelist"),
        {"action": "publish_now", "_selected_action": [other.pk, late.pk]},
        follow=True,
    )
    assert "Nothing was changed" in response.content.decode()
    assert set(Brief.objects.values_list("status", flat=True)) == {Brief.Status.DRAFT}


def test_a_contributor_cannot_set_a_take_down_time(client, contributor):
    """Like the publish time, it is the editors' to decide: read-only for contributors."""
    brief = BriefFactory(draft=True, created_by=contributor)
    client.force_login(contributor)
    url = change_url(brief)
    data = {
        **form_data(client.get(url)),
        **local_fields("take_down_at", timezone.now() + timedelta(days=3)),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert Brief.objects.get(pk=brief.pk).take_down_at is None


def test_the_generation_reads_the_last_take_down():
    """The generation's name changes when a brief comes down, with no write."""
    brief = BriefFactory()
    newer()
    moment = comes_down(brief, 10)
    generation.forget()
    before = generation.current()
    with time_machine.travel(moment + timedelta(seconds=1)):
        after = generation.current()
        assert after.token == before.token and str(after) != str(before)
        assert after.last_take_down_at == moment
        assert parse_datetime(after.public_content_changed_at.isoformat()) == moment


def test_the_benchmark_takes_one_brief_in_500_down_once():
    """``bench/prepare.py`` gives every 500th brief that went public over a day ago a
    take-down time a day later; running it again changes nothing."""
    old = BriefFactory(pk=1000, publish_at=timezone.now() - timedelta(days=30))
    BriefFactory(pk=1001, publish_at=timezone.now() - timedelta(days=30))
    BriefFactory(pk=1500, publish_at=timezone.now() - timedelta(hours=1))
    assert take_some_down() == 1
    assert take_some_down() == 1
    assert list(Brief.objects.taken_down()) == [old]
    old.refresh_from_db()
    assert old.take_down_at == old.publish_at + timedelta(days=1)
