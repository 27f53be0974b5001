"""The alert e-mails: one new brief, or a week's briefs, in plain text and HTML.

Every e-mail carries a one-click unsubscribe (``List-Unsubscribe`` with its https address
and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``, RFC 8058) for the alerts that
sent it, and a link to manage all of the reader's alerts. Links go straight to the site's
own addresses: no tracking pixel, no redirect through a counter, no images at all.

An e-mail speaks the language of the alerts it is sent for (the page each was confirmed
on): its words, dates and links to the manage and unsubscribe pages are that language's.
A digest for alerts confirmed in several languages speaks that of the latest confirmed.
Each brief is linked at its own address, in the language it is written in.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from briefs.alerts import tokens, topics
from briefs.content.addresses import absolute_url
from briefs.content.languages import default_language, language_choices
from briefs.content.titles import one_line


def compose(subscriber, briefs, subscriptions, digest=False, connection=None):
    """The e-mail announcing ``briefs`` to ``subscriber`` for ``subscriptions``."""
    with translation.override(language_of(subscriptions)):
        return _compose(subscriber, briefs, subscriptions, digest, connection)


def language_of(subscriptions):
    """The language of an e-mail for ``subscriptions``: the latest confirmed one's, or the
    default language when an administrator has since taken that one off the site's list."""
    latest = max(
        subscriptions, key=lambda subscription: (subscription.confirmed_at, subscription.pk)
    )
    return latest.language if latest.language in dict(language_choices()) else default_language()


def _compose(subscriber, briefs, subscriptions, digest, connection):
    unsubscribe_url = absolute_url(
        reverse(
            "briefs:alerts-unsubscribe",
            args=[tokens.unsubscribe_token(subscriber, [s.pk for s in subscriptions])],
        )
    )
    context = {
        "briefs": [
            {"brief": brief, "url": absolute_url(brief.get_absolute_url())} for brief in briefs
        ],
        "digest": digest,
        "topics": sorted(topics.names(subscriptions).values()),
        "manage_url": absolute_url(
            reverse("briefs:alerts-manage", args=[tokens.manage_token(subscriber)])
        ),
        "unsubscribe_url": unsubscribe_url,
        "site_name": settings.SITE_NAME,
        "site_url": absolute_url("/"),
    }
    message = EmailMultiAlternatives(
        subject=subject(briefs, digest),
        body=render_to_string("alerts/email/alert.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{one_line(settings.SITE_NAME)} alerts <alerts.{list_host()}>",
            "Auto-Submitted": "auto-generated",
        },
        connection=connection,
    )
    message.attach_alternative(render_to_string("alerts/email/alert.html", context), "text/html")
    return message


def subject(briefs, digest):
    if digest:
        count = len(briefs)
        return ngettext(
            "This week: %(count)d new brief", "This week: %(count)d new briefs", count
        ) % {"count": count}
    return one_line(gettext("New brief: %(title)s") % {"title": briefs[0].title})


def list_host():
    return urlsplit(absolute_url("/")).hostname or "localhost"
