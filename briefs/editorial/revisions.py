"""Revision history of briefs (django-reversion) and the differences between two revisions.

A revision of a brief holds the brief itself (countries and series position included)
and follows its byline rows (ordered authors) and theme rows, so restoring a revision
brings back who wrote it and how it was filed, not only its text.
"""

import difflib
import re
from dataclasses import dataclass

import reversion
from django.http import Http404
from reversion.models import Version

from briefs.content import richtext
from briefs.content.languages import language_name
from briefs.editorial.local_time import format_local
from briefs.models import Author, Brief, BriefAuthor, Series, Theme, ThemedBrief
from countries.models import Country

reversion.register(BriefAuthor)
reversion.register(ThemedBrief)
reversion.register(Brief, follow=["byline", "themedbrief_set"])

COMPARED_FIELDS = [
    "title",
    "slug",
    "language",
    "translation_of",
    "dek",
    "key_points_label",
    "key_points",
    "body",
    "notes",
    "authors",
    "countries",
    "themes",
    "series",
    "series_position",
    "status",
    "publish_at",
    "seo_title",
    "seo_description",
]
RICH_TEXT = {"body", "notes"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Change:
    field: str
    before: str
    after: str
    diff: list


def pick_pair(brief, older_id=None, newer_id=None):
    """Two revisions of ``brief`` in date order: the ones asked for, or the latest two."""
    versions = Version.objects.get_for_object(brief).select_related("revision__user")
    if older_id or newer_id:
        chosen = [_version(versions, older_id), _version(versions, newer_id)]
    else:
        chosen = list(versions[:2])
    if len(chosen) < 2:
        return None, None
    older, newer = sorted(chosen, key=lambda version: version.revision.date_created)
    return older, newer


def _version(versions, version_id):
    if not str(version_id or "").isdigit():
        raise Http404("No such revision.")
    try:
        return versions.get(pk=version_id)
    except Version.DoesNotExist:
        raise Http404("No such revision.") from None


def snapshot(version):
    """The compared fields of one revision, as editors read them."""
    data = version.field_dict
    related = version.revision.version_set.all()
    credits = sorted(
        (row.field_dict for row in related if row.content_type.model_class() is BriefAuthor),
        key=lambda credit: credit["position"],
    )
    authors = Author.objects.in_bulk([credit["author_id"] for credit in credits])
    theme_ids = [
        row.field_dict["tag_id"] for row in related if row.content_type.model_class() is ThemedBrief
    ]
    series = Series.objects.filter(pk=data.get("series_id")).first()
    original = Brief.objects.filter(pk=data.get("translation_of_id")).first()
    return {
        **{name: data.get(name) or "" for name in COMPARED_FIELDS},
        "authors": ", ".join(str(authors.get(c["author_id"], "(deleted)")) for c in credits),
        "countries": ", ".join(
            sorted(str(country) for country in Country.objects.filter(pk__in=data["countries"]))
        ),
        "themes": ", ".join(sorted(str(t) for t in Theme.objects.filter(pk__in=theme_ids))),
        "series": str(series or ""),
        "language": language_name(data["language"]) if data.get("language") else "",
        "translation_of": str(original or ""),
        "series_position": str(data.get("series_position") or ""),
        "status": Brief.Status(data["status"]).label,
        "publish_at": format_local(data["publish_at"]) if data.get("publish_at") else "",
        "body": richtext.plain_text(data.get("body") or ""),
        "notes": richtext.plain_text(data.get("notes") or ""),
    }


def differences(older, newer):
    """The fields that differ between two revisions, with a line diff for rich text."""
    before, after = snapshot(older), snapshot(newer)
    changes = []
    for name in COMPARED_FIELDS:
        if before[name] == after[name]:
            continue
        diff = []
        if name in RICH_TEXT:
            diff = list(
                difflib.unified_diff(
                    _sentences(before[name]), _sentences(after[name]), lineterm="", n=1
                )
            )[2:]
        label = Brief._meta.get_field(name).verbose_name
        changes.append(Change(str(label), before[name], after[name], diff))
    return changes


def _sentences(text):
    return [sentence for sentence in SENTENCE_END.split(text) if sentence]
