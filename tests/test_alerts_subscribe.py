"""Subscribing from a term's page: a cacheable form, a double opt-in by signed link, the
same answer for every address, rate limits, and unsubscribing in one click (RFC 8058)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from briefs.alerts import tokens
from briefs.caching.page_cache import is_public_response
from briefs.models import AlertDelivery, AlertRequest, Subscriber, Subscription
from countries.models import Country
from tests.alerting import subscribed
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory
from tests.query_counts import PUBLIC_PAGE_MAX_QUERIES, assert_query_budget

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("briefs:alerts-subscribe")


@pytest.fixture
def georgia():
    return Country.objects.get(code="GE")


def form_post(client, email, topic, frequency="immediate", **headers):
    return client.post(
        SUBSCRIBE, {"email": email, "topic": topic, "frequency": frequency}, **headers
    )


def confirm_link(message):
    return re.search(r"https?://\S+/alerts/confirm/\S+/", message.body).group(0)


def path_of(url):
    return "/" + url.split("/", 3)[3]


def test_term_pages_carry_the_form_and_stay_cacheable(client, georgia):
    """Country, region, theme, series, author and home: the form with its topic, and no
    token of one reader's, so the page is still one the page cache keeps for everyone."""
    series, author = SeriesFactory(), AuthorFactory()
    brief = BriefFactory(
        countries=[georgia], series=series, series_position=1, authors=[author], themes=["Ports"]
    )
    pages = {
        georgia.get_absolute_url(): f"country:{georgia.pk}",
        georgia.region.get_absolute_url(): f"region:{georgia.region_id}",
        brief.themes.get().get_absolute_url(): f"theme:{brief.themes.get().pk}",
        series.get_absolute_url(): f"series:{series.pk}",
        author.get_absolute_url(): f"author:{author.pk}",
        reverse("briefs:home"): "all",
    }
    for url, topic in pages.items():
        response = client.get(url)
        html = response.content.decode()
        assert f'action="{SUBSCRIBE}"' in html, url
        assert f'name="topic" value="{topic}"' in html, url
        assert "csrfmiddlewaretoken" not in html, url
        assert is_public_response(response), url


def test_the_form_adds_no_query_to_a_term_page(client, georgia):
    """A country page with its form stays within the public page budget, whatever its size."""
    BriefFactory(countries=[georgia])
    url = georgia.get_absolute_url()
    client.get(url)
    assert_query_budget(
        lambda: client.get(url),
        lambda: [BriefFactory(countries=[georgia]) for _ in range(5)],
        PUBLIC_PAGE_MAX_QUERIES,
    )


def test_subscribing_sends_a_confirmation_link_and_stores_nothing(client, georgia):
    """The post only sends a link; no address is kept until the reader confirms."""
    response = form_post(client, "Reader@Example.net", f"country:{georgia.pk}")
    assert response.status_code == 200
    assert b"Check your inbox" in response.content
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    [message] = mail.outbox
    assert message.to == ["reader@example.net"]
    assert "Georgia" in message.subject
    assert Subscriber.objects.count() == 0 and Subscription.objects.count() == 0


def test_known_and_unknown_addresses_get_the_same_answer(client, georgia):
    """Already subscribed or not, the page is the same and a confirmation is sent."""
    subscribed("known@example.net", georgia, "country")
    topic = f"country:{georgia.pk}"
    known = form_post(client, "known@example.net", topic)
    unknown = form_post(client, "unknown@example.net", topic)
    assert known.status_code == unknown.status_code == 200
    assert known.content.replace(b"known@", b"X@") == unknown.content.replace(b"unknown@", b"X@")
    assert sorted(m.to[0] for m in mail.outbox) == ["known@example.net", "unknown@example.net"]
    assert [m.subject for m in mail.outbox][0] == [m.subject for m in mail.outbox][1]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"email": "not an address", "topic": "all", "frequency": "immediate"}, b"valid email"),
        (
            {"email": "a@example.net", "topic": "country:999999999", "frequency": "weekly"},
            b"no such",
        ),
        ({"email": "a@example.net", "topic": "garbage:1", "frequency": "weekly"}, b"no such"),
        ({"email": "a@example.net", "topic": "all", "frequency": "hourly"}, b"valid choice"),
        ({"email": "a@example.net" * 30, "topic": "all", "frequency": "weekly"}, b"at most"),
        ({}, b"required"),
    ],
)
def test_bad_input_is_a_400_with_the_reason(client, data, error):
    """Malformed addresses, topics and frequencies get the form's own explanation."""
    response = client.post(SUBSCRIBE, data)
    assert response.status_code == 400
    assert error in response.content
    assert mail.outbox == []


def test_a_theme_only_drafts_use_cannot_be_followed(client):
    """A term without a public brief is "no such topic", as its page is a 404."""
    draft = BriefFactory(draft=True, themes=["Secret plans"])
    response = form_post(client, "a@example.net", f"theme:{draft.themes.get().pk}")
    assert response.status_code == 400 and mail.outbox == []


def test_get_is_not_allowed(client):
    assert client.get(SUBSCRIBE).status_code == 405


def test_a_post_from_another_site_is_refused(client):
    """A browser's cross-site post carries its Origin; only the site's own is accepted."""
    refused = form_post(client, "a@example.net", "all", headers={"Origin": "https://evil.test"})
    assert refused.status_code == 403 and mail.outbox == []
    for origin in ("http://127.0.0.1:8000", "http://testserver"):  # SITE_URL, the host asked
        ours = form_post(client, "a@example.net", "all", headers={"Origin": origin})
        assert ours.status_code == 200, origin


def test_requests_are_limited_per_address(client, settings):
    """The fourth request for one address within the hour is refused; an hour later, not."""
    settings.ALERTS_REQUESTS_PER_EMAIL = 3
    answers = [form_post(client, "a@example.net", "all").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert len(mail.outbox) == 3
    with time_machine.travel(timezone.now() + timedelta(hours=1, seconds=1)):
        assert form_post(client, "a@example.net", "all").status_code == 200


def test_requests_are_limited_per_client_address_which_a_header_cannot_change(client, settings):
    """Many addresses from one client: refused past the limit, whatever X-Forwarded-For
    says (no proxy is trusted here); another client is not affected."""
    settings.ALERTS_REQUESTS_PER_IP = 3
    for number in range(3):
        spoof = {"X-Forwarded-For": f"10.0.0.{number}"}
        assert form_post(client, f"a{number}@example.net", "all", headers=spoof).status_code == 200
    assert form_post(client, "a9@example.net", "all").status_code == 429
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert form_post(other, "a9@example.net", "all").status_code == 200
    assert not AlertRequest.objects.filter(bucket__contains="@").exists()


def test_the_confirmation_link_subscribes_only_when_its_button_is_pressed(client, georgia):
    """Opening the link (a mail scanner does) subscribes nobody; pressing Confirm does,
    once, whatever the number of presses; then the reader sees their alerts."""
    form_post(client, "reader@example.net", f"country:{georgia.pk}", frequency="weekly")
    url = path_of(confirm_link(mail.outbox[0]))
    page = client.get(url)
    assert page.status_code == 200 and b"Confirm" in page.content
    assert Subscriber.objects.count() == 0
    csrf_checked = Client(enforce_csrf_checks=True)
    response = csrf_checked.post(url)
    assert response.status_code == 302 and "/alerts/manage/" in response["Location"]
    assert csrf_checked.post(url).status_code == 302
    [subscription] = Subscription.objects.all()
    assert (subscription.topic, subscription.term_id, subscription.frequency) == (
        "country",
        georgia.pk,
        "weekly",
    )
    assert subscription.subscriber.digest_due_at is not None
    manage = client.get(response["Location"])
    assert b"Georgia" in manage.content and b"reader@example.net" in manage.content


def test_an_altered_or_expired_link_is_refused(client, settings):
    """Tampered, expired, or a token of another kind: a 400 page, nothing subscribed."""
    form_post(client, "reader@example.net", "all")
    url = path_of(confirm_link(mail.outbox[0]))
    token = url.split("/")[-2]
    tampered = url.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert client.post(tampered).status_code == 400
    forged = signing.dumps(["reader@example.net", "all", 0, "weekly"], salt=tokens.MANAGE)
    assert client.post(reverse("briefs:alerts-confirm", args=[forged])).status_code == 400
    later = timezone.now() + timedelta(seconds=settings.ALERTS_CONFIRM_MAX_AGE + 60)
    with time_machine.travel(later):
        assert client.post(url).status_code == 400
    assert Subscriber.objects.count() == 0
    assert client.post(url).status_code == 302


def unsubscribe_url(subscriber):
    ids = list(subscriber.subscriptions.values_list("pk", flat=True))
    return reverse("briefs:alerts-unsubscribe", args=[tokens.unsubscribe_token(subscriber, ids)])


def test_one_click_unsubscribe_works_without_csrf(georgia):
    """A mail client's RFC 8058 POST, with no cookie or token, stops the alerts; again is fine."""
    reader = subscribed("reader@example.net", georgia, "country")
    url = unsubscribe_url(reader)
    mail_client = Client(enforce_csrf_checks=True)
    body = "List-Unsubscribe=One-Click"
    response = mail_client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    again = mail_client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert again.status_code == 200


def test_opening_the_unsubscribe_link_asks_first(client, georgia):
    """A GET (a link scanner, a preview) only shows the button."""
    reader = subscribed("reader@example.net", georgia, "country")
    response = client.get(unsubscribe_url(reader))
    assert response.status_code == 200 and b"Georgia" in response.content
    assert Subscription.objects.count() == 1


def test_unsubscribing_from_one_alert_keeps_the_others(client, georgia):
    reader = subscribed("reader@example.net", georgia, "country")
    url = unsubscribe_url(reader)
    subscribed("reader@example.net")
    assert client.post(url).status_code == 200
    assert list(Subscription.objects.values_list("topic", flat=True)) == ["all"]


def test_the_manage_page_changes_frequency_stops_and_forgets(client, georgia):
    """Weekly starts a digest week; stopping every alert deletes the address and its records."""
    reader = subscribed("reader@example.net", georgia, "country")
    BriefFactory(countries=[georgia])
    AlertDelivery.objects.create(subscriber=reader, brief=BriefFactory(), state="sent")
    url = reverse("briefs:alerts-manage", args=[tokens.manage_token(reader)])
    alert = reader.subscriptions.get()
    data = {"action": "frequency", "subscription": alert.pk, "frequency": "weekly"}
    assert client.post(url, data).status_code == 302
    reader.refresh_from_db()
    assert reader.subscriptions.get().frequency == "weekly" and reader.digest_due_at
    assert client.post(url, {"action": "frequency"}).status_code == 400
    assert client.post(url, {"action": "explode"}).status_code == 400
    huge = {"action": "stop", "subscription": "9" * 30}
    assert client.post(url, huge).status_code == 400
    assert client.post(url, {"action": "stop-all"}).status_code == 200
    assert not Subscriber.objects.exists() and not AlertDelivery.objects.exists()
    assert client.get(url).status_code == 400


def test_a_manage_link_for_someone_else_cannot_be_made(client):
    """The link's signature covers the subscriber and the address."""
    reader = subscribed("reader@example.net")
    forged = signing.dumps([reader.pk, "attacker@example.net"], salt=tokens.MANAGE)
    assert client.get(reverse("briefs:alerts-manage", args=[forged])).status_code == 400
    assert client.get(reverse("briefs:alerts-manage", args=["nonsense"])).status_code == 400


def test_the_links_in_an_alert_do_not_show_the_address():
    """A signed value can be read by anyone who sees the link: it holds a keyed hash of the
    address, never the address."""
    reader = subscribed("reader@example.net")
    for token, salt in [
        (tokens.manage_token(reader), tokens.MANAGE),
        (tokens.unsubscribe_token(reader, [1]), tokens.UNSUBSCRIBE),
    ]:
        assert "@" not in str(signing.loads(token, salt=salt))
