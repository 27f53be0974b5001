"""Tell this process at once when it changed public content.

The database replaces the public generation itself (triggers, see
``briefs/migrations/0007_content_generation.py``); other processes notice within
``GENERATION_CHECK_SECONDS``. The process that made the change reads the generation
afresh right away, so an editor's own next page already shows it. Connected in
``BriefsConfig.ready()``.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from briefs.caching import generation
from briefs.models import (
    Author,
    Brief,
    BriefAuthor,
    BriefKind,
    Correction,
    LibraryImage,
    Series,
    Theme,
    ThemedBrief,
)
from countries.models import Country, Region

PUBLIC_CONTENT = (
    Brief,
    BriefAuthor,
    BriefKind,
    Correction,
    Series,
    Author,
    Theme,
    ThemedBrief,
    LibraryImage,
    Country,
    Region,
)


def content_changed(sender, **kwargs):
    generation.forget()


def connect():
    for model in PUBLIC_CONTENT:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"pages-save-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"pages-delete-{model}")
    m2m_changed.connect(
        content_changed, sender=Brief.countries.through, dispatch_uid="pages-brief-countries"
    )
