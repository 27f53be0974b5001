"""Retire the anonymous page cache whenever anything a public page shows changes.

Connected in ``BriefsConfig.ready()``. Writes that bypass signals (``QuerySet.update()``,
``bulk_create``) must call ``page_cache.invalidate()`` themselves.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from countries.models import Country, Region

from . import page_cache
from .models import Author, Brief, BriefAuthor, Series, Theme, ThemedBrief

PUBLIC_CONTENT = (Brief, BriefAuthor, Series, Author, Theme, ThemedBrief, Country, Region)


def content_changed(sender, **kwargs):
    """Invalidate now, and again when the transaction commits.

    The second call retires pages that a concurrent request rendered from the old,
    still-committed data while this transaction was open.
    """
    page_cache.invalidate()
    transaction.on_commit(page_cache.invalidate)


def connect():
    for model in PUBLIC_CONTENT:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"pages-save-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"pages-delete-{model}")
    m2m_changed.connect(
        content_changed, sender=Brief.countries.through, dispatch_uid="pages-brief-countries"
    )
