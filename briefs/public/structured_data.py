"""schema.org JSON-LD for a brief: what search engines read about its authors, places and series.

Everything comes from the brief and what its page already loaded (byline, countries,
themes, series, corrections, public translations), so the JSON-LD costs no query of its
own. A note struck
through is withdrawn: the page shows it struck, the JSON-LD leaves it out.
"""

import json

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from briefs.content.addresses import absolute_url, share_image_url
from briefs.content.languages import bcp47

HEADLINE_LENGTH = 110  # what search engines show of a headline

# The characters that could end a <script> element or open a comment inside it,
# escaped the way Django's json_script filter escapes them.
SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def brief_json_ld(brief, request=None, translations=None):
    """A schema.org ``Report`` (or the type the brief's content type maps to:
    ``OpinionNewsArticle`` for a commentary…) describing ``brief``, in its language, with its
    public translations (``translations``, a ``TranslationSet``) as ``workTranslation`` on an
    original and its public original as ``translationOfWork`` on a translation."""
    url = absolute_url(brief.get_absolute_url(), request)
    title = brief.seo_title or brief.title
    data = {
        "@context": "https://schema.org",
        "@type": brief.kind.schema_type,
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": title[:HEADLINE_LENGTH],
        "name": brief.title,
        "description": brief.seo_description or brief.dek,
        "inLanguage": bcp47(brief.page_language),
        "wordCount": brief.word_count,
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": absolute_url(author.get_absolute_url(), request),
            }
            for author in brief.ordered_authors
        ],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": absolute_url(reverse("briefs:home"), request),
        },
        "about": [
            {"@type": "Country", "name": country.local_name, "identifier": country.code}
            for country in brief.countries.all()
        ],
        "keywords": [theme.local_name for theme in brief.themes.all()],
    }
    if brief.publish_at:
        data["datePublished"] = brief.publish_at.isoformat()
    data["dateModified"] = brief.last_modified.isoformat()
    notes = [note for note in brief.corrections.all() if note.struck_at is None]
    if notes:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": f"{note.get_kind_display()}: {note.text}",
                "datePublished": note.noted_at.isoformat(),
                "url": absolute_url(note.get_absolute_url(), request),
            }
            for note in notes
        ]
    if brief.series_id:
        data["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": brief.series.local_title,
            "url": absolute_url(brief.series.get_absolute_url(), request),
        }
        data["position"] = brief.series_position
    image = share_image_url(brief, request)
    if image:
        data["image"] = image
    if translations:
        data.update(_translation_links(brief, translations, request))
    return data


def _translation_links(brief, translations, request):
    def work(member):
        return {
            "@type": member.brief.kind.schema_type,
            "url": absolute_url(member.url, request),
            "inLanguage": member.tag,
        }

    if brief.translation_of_id is None:
        return {"workTranslation": [work(member) for member in translations.others]}
    original = translations.original
    return {"translationOfWork": work(original)} if original is not None else {}


def json_ld_script(data):
    """``data`` in a ``<script type="application/ld+json">`` no string inside can break out of."""
    payload = json.dumps(data, ensure_ascii=False).translate(SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
