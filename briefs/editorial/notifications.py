"""E-mails the workflow sends: editors hear of submissions, authors of briefs sent back.

A move's e-mail is queued as a background task (``ops.mail.send_email``) once the move
has committed, and goes through Django's e-mail framework (the console in development,
SMTP when ``EMAIL_HOST`` is set). Nothing about the e-mail can fail or undo the move: a
failure to queue it is logged, and the task logs and retries its own failures.

The e-mails are written in the site's default language, whoever made the move: the project
keeps no language per editor (the admin's choice is a cookie in one browser), and an
editor's Russian admin must not send Russian mail to colleagues who read English.
"""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from briefs.content.addresses import absolute_url
from briefs.content.titles import one_line
from briefs.editorial.workflow import PUBLISH_PERMISSION
from ops.mail import send_email

logger = logging.getLogger(__name__)


def editors(brief=None):
    """Active users who may publish (the Editors group, superusers) and have an address.

    Every editor reviews every brief, so ``brief`` does not narrow the list.
    """
    app_label, codename = PUBLISH_PERMISSION.split(".")
    granted = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    )
    return (
        get_user_model()
        .objects.filter(granted | Q(is_superuser=True), is_active=True)
        .exclude(email="")
        .distinct()
    )


def writers(brief):
    """The creator of a brief and the users linked to its credited authors."""
    User = get_user_model()
    return (
        User.objects.filter(Q(pk=brief.created_by_id) | Q(author_profile__credits__brief=brief))
        .filter(is_active=True)
        .exclude(email="")
        .distinct()
    )


RECIPIENTS = {"submit": editors, "send_back": writers}
SUBJECTS = {"submit": _("For review: %(title)s"), "send_back": _("Sent back to draft: %(title)s")}


def notify(event):
    """Queue the e-mail a recorded move (a ``WorkflowEvent``, or None for no move) calls
    for, once the surrounding transaction commits. Who moved the brief, how and with which
    note are read from the event."""
    if event is not None and event.action in RECIPIENTS:
        transaction.on_commit(partial(_queue_email, event))


def _queue_email(event):
    with translation.override(settings.LANGUAGE_CODE):
        _queue_email_in_the_active_language(event)


def _queue_email_in_the_active_language(event):
    kind, brief, by, note = event.action, event.brief, event.by, event.note
    about = {"brief_id": brief.pk, "transition": kind, "event_id": event.pk}
    try:
        addresses = sorted({user.email for user in RECIPIENTS[kind](brief) if user.pk != by.pk})
        if addresses:
            send_email.enqueue(
                # One e-mail per recorded move: a repeated task sends nothing.
                f"brief {brief.pk} event {event.pk}: {kind}",
                one_line(SUBJECTS[kind] % {"title": brief.title}),
                _body(kind, brief, by, note),
                addresses,
                about,
            )
    except Exception:  # the move is committed; losing its e-mail must not fail the request
        logger.exception("The %s e-mail for brief %s was not queued", kind, brief.pk, extra=about)


def _body(kind, brief, by, note):
    context = {
        "brief": brief,
        "by": by.get_full_name() or by.get_username(),
        "note": note,
        "change_url": absolute_url(reverse("admin:briefs_brief_change", args=[brief.pk])),
        "site_name": settings.SITE_NAME,
    }
    return render_to_string(f"briefs/email/{kind}.txt", context)
