"""Share links: signed, expiring, revocable preview addresses for unpublished briefs.

The token is the link record's id signed with ``TimestampSigner``; the signature proves
it was issued here, the timestamp bounds its age (``BRIEF_SHARE_LINK_MAX_AGE`` seconds,
7 days by default) and the stored record lets an editor revoke it.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .models import ShareLink

SALT = "briefs.share-link"


def _signer():
    return signing.TimestampSigner(salt=SALT)


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


def active_links(brief):
    """Links of ``brief`` that still open it: not revoked, not expired."""
    cutoff = timezone.now() - timedelta(seconds=settings.BRIEF_SHARE_LINK_MAX_AGE)
    return brief.share_links.filter(revoked_at__isnull=True, created_at__gt=cutoff)


def revoke(link):
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])


def link_from_token(token):
    """The live link a token stands for, or None if tampered, expired, revoked or unknown."""
    try:
        pk = _signer().unsign(token, max_age=settings.BRIEF_SHARE_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return ShareLink.objects.select_related("brief").filter(pk=pk, revoked_at__isnull=True).first()
