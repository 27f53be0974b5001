"""The alert pages: subscribe, confirm, manage, unsubscribe.

The subscribe form sits on public pages that the page cache and a CDN keep for every
reader, so it carries no CSRF token (a token would make each page one reader's). Its
address is therefore exempt from Django's CSRF check and protected otherwise:

- a request with an ``Origin`` header from another site is refused (browsers send it on
  every cross-site form post; a script that forges it gains nothing more than below);
- nothing is subscribed by the post: it only sends a confirmation link to the address
  (double opt-in), and the answer is the same page whether the address is known or not;
- requests are limited per client address and per e-mail address (``throttle``), so the
  form cannot be used to flood a mailbox.

A signed timestamp in the form was the other way considered: it would be the same in every
cached copy for the page's lifetime, so it would prove only that the page was fetched once.

The links in e-mails carry signed tokens (``tokens``), which is what authorizes them; their
forms post without CSRF tokens too, since a forger would need the token. Confirming takes a
press of a button, never a GET, so a mail scanner that opens links confirms nothing;
unsubscribing takes a POST as well, which is what RFC 8058's one-click POST sends.
"""

import logging
import uuid

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from briefs.alerts import subscriptions, throttle, tokens, topics
from briefs.alerts.forms import ChangeForm, SubscribeForm
from briefs.content.addresses import absolute_url, site_root
from ops.mail import send_email

logger = logging.getLogger(__name__)


def allowed_origin(request):
    """No ``Origin`` (not a browser), or the address the request came to (its host is one
    of ``ALLOWED_HOSTS``), the site's public address, or one the settings trust."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    own = f"{request.scheme}://{request.get_host()}"
    return origin in {own, site_root(request), *settings.CSRF_TRUSTED_ORIGINS}


def page(request, template, context=None, status=200):
    return render(request, f"alerts/{template}.html", context or {}, status=status)


@csrf_exempt
@never_cache
def subscribe(request):
    """POST: send a confirmation link; every accepted request gets the same page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not allowed_origin(request):
        return page(request, "refused", {"reason": "origin"}, status=403)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return page(request, "subscribe", {"form": form}, status=400)
    email, choice = form.cleaned_data["email"], form.cleaned_data["topic"]
    frequency = form.cleaned_data["frequency"]
    if not throttle.admit(request, email):
        return page(request, "refused", {"reason": "rate"}, status=429)
    send_confirmation(email, choice, frequency)
    return page(request, "check_inbox", {"email": email, "choice": choice})


def send_confirmation(email, choice, frequency):
    """Queue the confirmation e-mail, in the language of the page and linking its pages."""
    token = tokens.confirm_token(email, choice.topic, choice.term_id, frequency)
    context = {
        "confirm_url": absolute_url(reverse("briefs:alerts-confirm", args=[token])),
        "choice": choice,
        "frequency": frequency,
        "hours": settings.ALERTS_CONFIRM_MAX_AGE // 3600,
        "site_name": settings.SITE_NAME,
    }
    send_email.enqueue(
        # One e-mail per request: a repeat of this task sends nothing, a new request does.
        f"alert confirmation {uuid.uuid4()}",
        gettext("Confirm your alert: %(topic)s") % {"topic": choice},
        render_to_string("alerts/email/confirm.txt", context),
        [email],
        {"alert_topic": choice.topic},
    )


@csrf_exempt
@never_cache
def confirm(request, token):
    """GET: a button; POST: the alert is recorded, and the reader sees all of theirs."""
    try:
        email, topic, term_id, frequency = tokens.read_confirm(token)
    except tokens.BadLink:
        return page(request, "bad_link", status=400)
    choice = topics.find(topic, term_id)
    if choice is None:
        return page(request, "bad_link", {"gone": True}, status=400)
    if request.method == "POST":
        # The link was made on the page the reader subscribed on, under its language.
        subscriber = subscriptions.confirm(email, choice, frequency, request.LANGUAGE_CODE)
        return redirect("briefs:alerts-manage", tokens.manage_token(subscriber))
    return page(request, "confirm", {"email": email, "choice": choice, "frequency": frequency})


@csrf_exempt
@never_cache
def manage(request, token):
    """Every alert of one subscriber, each with its frequency and a button to stop it."""
    try:
        subscriber = tokens.read_manage(token)
    except tokens.BadLink:
        return page(request, "bad_link", status=400)
    if request.method == "POST":
        form = ChangeForm(request.POST)
        if not form.is_valid():
            return page(request, "bad_request", {"form": form}, status=400)
        action = form.cleaned_data["action"]
        if action == "stop-all":
            subscriptions.forget(subscriber)
            return page(request, "unsubscribed", {"everything": True})
        if action == "stop":
            subscriptions.stop(subscriber, [form.cleaned_data["subscription"]])
            if subscriber.pk is None:
                return page(request, "unsubscribed", {"everything": True})
        else:
            subscriptions.set_frequency(
                subscriber, form.cleaned_data["subscription"], form.cleaned_data["frequency"]
            )
        return redirect("briefs:alerts-manage", token)
    alerts = list(subscriber.subscriptions.all())
    described = topics.names(alerts)
    for alert in alerts:
        alert.description = described[alert.pk]
    return page(request, "manage", {"subscriber": subscriber, "alerts": alerts})


@csrf_exempt
@never_cache
def unsubscribe(request, token):
    """GET: a button. POST (the button, or a mail client's RFC 8058 one-click): stop the
    alerts the e-mail was sent for. Repeating it is harmless."""
    try:
        subscriber, ids = tokens.read_unsubscribe(token)
    except tokens.Gone:
        subscriber, ids = None, []  # already gone: nothing is left to stop
    except tokens.BadLink:
        return page(request, "bad_link", status=400)
    if request.method == "POST":
        if subscriber is not None:
            subscriptions.stop(subscriber, ids)
        return page(request, "unsubscribed", {"everything": False})
    if subscriber is None:
        return page(request, "unsubscribed", {"everything": False})
    alerts = list(subscriber.subscriptions.filter(pk__in=ids))
    return page(
        request,
        "unsubscribe",
        {"alerts": sorted(topics.names(alerts).values()), "subscriber": subscriber},
    )
