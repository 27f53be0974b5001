"""Share links: signed, expiring, revocable preview addresses for unpublished briefs.

The token is the link record's id signed with ``Signer``: the signature proves it was
issued here, so the address stays the same however often the share page shows it. The
stored record carries what can change: its creation time bounds its age
(``BRIEF_SHARE_LINK_MAX_AGE`` seconds, 7 days by default) and an editor can revoke it.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from briefs.models import ShareLink

SALT = "briefs.share-link"


def _signer():
    return signing.Signer(salt=SALT)


def max_age_days():
    return round(settings.BRIEF_SHARE_LINK_MAX_AGE / 86400, 1)


def create_link(brief, by):
    return ShareLink.objects.create(brief=brief, created_by=by)


def token_for(link):
    return _signer().sign(str(link.pk))


def url_for(link):
    return reverse("briefs:brief-share", args=[token_for(link)])


def expires_at(link):
    return link.created_at + timedelta(seconds=settings.BRIEF_SHARE_LINK_MAX_AGE)


def _live(links):
    cutoff = timezone.now() - timedelta(seconds=settings.BRIEF_SHARE_LINK_MAX_AGE)
    return links.filter(revoked_at__isnull=True, created_at__gt=cutoff)


def active_links(brief):
    """Links of ``brief`` that still open it: not revoked, not expired."""
    return _live(brief.share_links.all())


def revoke(link):
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])


def link_from_token(token):
    """The live link a token stands for, or None if tampered, expired, revoked or unknown."""
    try:
        pk = int(_signer().unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return _live(ShareLink.objects.select_related("brief").filter(pk=pk)).first()
