"""Translations of briefs: starting one, the set a brief belongs to, and which are out of date.

A brief is an original (``translation_of`` empty) or the translation of one original,
never of another translation: an original and its translations form a *set*, at most one
brief per language (``one_translation_per_language``). Each member is a brief like any
other, with its own workflow, schedule, revisions and address.

**Out of date.** A brief keeps when its words last changed (``Brief.text_changed_at``:
title, summary, key points, body or sources; a status, filing or schedule change leaves
it). A translation is out of date when its original's words changed after the translation
was last saved (``original.text_changed_at > translation.updated_at``): saving the
translation, once its translator has caught up, makes it current again, and publishing or
unpublishing the original changes nothing.
"""

import reversion
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext

from briefs.content.languages import language_choices, language_name
from briefs.content.slugs import free_brief_slug
from briefs.models import Brief, BriefAuthor, ThemedBrief

# What a translation starts from: the words, the hero, the search engine texts and the
# type; countries, themes, byline and the place in the series are copied after.
COPIED_FIELDS = [
    "title",
    "dek",
    "key_points_label",
    "key_points",
    "body",
    "notes",
    "hero_id",
    "seo_title",
    "seo_description",
    "kind_id",
    "series_id",
    "series_position",
]


def original_of(brief):
    """The original of ``brief``'s set: the brief itself when it is one."""
    return brief.translation_of if brief.translation_of_id else brief


def members(brief):
    """Every brief of ``brief``'s set, the original first, then the translations in the
    order of the site's languages (one query)."""
    if (brief.translation_of_id or brief.pk) is None:
        return []
    found = list(Brief.objects.in_translation_set(brief))
    order = {code: index for index, (code, _name) in enumerate(language_choices())}

    def place(member):
        return member.translation_of_id is not None, order.get(member.language, len(order))

    return sorted(found, key=place)


def is_out_of_date(translation, original):
    """Whether ``original``'s words changed after ``translation`` was last saved."""
    changed = original.text_changed_at
    if translation.pk == original.pk or changed is None:
        return False
    return changed > translation.updated_at


def missing_languages(set_members):
    """The site's languages (code, name) the set has no brief in yet."""
    present = {member.language for member in set_members}
    return [(code, name) for code, name in language_choices() if code not in present]


def out_of_date(briefs):
    """The translations among ``briefs`` whose original's words changed since their last save."""
    return briefs.filter(translation_of__text_changed_at__gt=F("updated_at"))


def untranslated_originals(briefs):
    """The originals among ``briefs`` that no brief translates yet."""
    return briefs.filter(translation_of__isnull=True, translations__isnull=True)


def start_translation(source, language, by):
    """A new draft of ``source`` in ``language``, linked to the set's original; returns
    (brief, created).

    The draft copies ``COPIED_FIELDS`` (the place in a series included: part 2 in English
    is part 2 in Russian), the countries, the themes and the byline in their order. Its
    slug is the original's with the language code added (``-ru``), or the next free one.
    It records a revision, as a brief added in the admin does, and no workflow event: a
    new draft has made no move. If the set already has a brief in ``language`` (a second
    click, or another editor at the same moment), that brief is returned instead: the
    original's row is locked first, and the unique constraint catches whatever slips
    through.
    """
    original = original_of(source)
    with transaction.atomic():
        Brief.objects.select_for_update().filter(pk=original.pk).first()
        existing = member_in(original, language)
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic(), reversion.create_revision():
                draft = _copy(source, original, language, by)
                reversion.set_user(by)
                reversion.set_comment(
                    gettext("Translation into %(language)s started from “%(source)s”.")
                    % {"language": language_name(language), "source": source}
                )
        except IntegrityError:
            existing = member_in(original, language)
            if existing is None:
                raise
            return existing, False
    return draft, True


def member_in(original, language):
    """The brief of ``original``'s set in ``language``, or None."""
    return (
        Brief.objects.in_translation_set(original).filter(language=language).order_by("pk").first()
    )


def _copy(source, original, language, by):
    draft = Brief(
        **{name: getattr(source, name) for name in COPIED_FIELDS},
        language=language,
        translation_of=original,
        status=Brief.Status.DRAFT,
        slug=free_brief_slug(f"{original.slug}-{language}"),
        created_by=by,
        updated_by=by,
    )
    draft.save()
    draft.countries.set(source.countries.all())
    # Rows are made in order: their ids give the themes' order.
    ThemedBrief.objects.bulk_create(
        ThemedBrief(content_object=draft, tag=theme) for theme in source.themes.all()
    )
    BriefAuthor.objects.bulk_create(
        BriefAuthor(brief=draft, author_id=credit.author_id, position=credit.position)
        for credit in source.byline.order_by("position")
    )
    return draft


def hand_over_originals(deleted):
    """Keep each set linked when its original is deleted: the oldest remaining translation
    becomes the original and the others translate it. ``deleted`` is the queryset of
    briefs about to be deleted; call it in the delete's transaction, before the delete
    (which would otherwise empty every translation's link)."""
    gone = set(deleted.values_list("pk", flat=True))
    heirs = (
        Brief.objects.filter(translation_of__in=gone)
        .exclude(pk__in=gone)
        .order_by("translation_of", "created_at", "pk")
    )
    oldest = {}
    for brief in heirs.only("pk", "translation_of"):
        oldest.setdefault(brief.translation_of_id, brief.pk)
    for original, heir in oldest.items():
        Brief.objects.filter(pk=heir).update(translation_of=None)
        Brief.objects.filter(translation_of=original).exclude(pk__in=gone).update(
            translation_of=heir
        )
    return len(oldest)
