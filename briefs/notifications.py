"""E-mails the workflow sends: editors hear of submissions, authors of briefs sent back.

Mail goes through Django's e-mail framework (the console in development, SMTP when
``EMAIL_HOST`` is set) once the transaction that made the move has committed.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from .workflow import PUBLISH_PERMISSION


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


def notify(transition, brief, by, note=""):
    """Send the e-mail a move calls for, after the surrounding transaction commits."""
    recipients = RECIPIENTS.get(transition.kind)
    if recipients is None:
        return
    addresses = sorted({user.email for user in recipients(brief) if user.pk != by.pk})
    if not addresses:
        return
    context = {
        "brief": brief,
        "by": by.get_full_name() or by.get_username(),
        "note": note,
        "change_url": settings.SITE_URL + reverse("admin:briefs_brief_change", args=[brief.pk]),
        "site_name": settings.SITE_NAME,
    }
    subject = {
        "submit": f"For review: {brief.title}",
        "send_back": f"Sent back to draft: {brief.title}",
    }[transition.kind]
    body = render_to_string(f"briefs/email/{transition.kind}.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses))
