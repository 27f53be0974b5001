"""What the API reads from the database, as plain values, in a fixed number of queries.

Every brief comes through ``Brief.objects.published()``; every term through the counts
of public briefs the database keeps (``listings.views.kept_counts``), so a term that only
hidden briefs use is never listed. Addresses are absolute (``content.addresses``): an API
client has no page to resolve a path against.
"""

from collections import defaultdict
from urllib.parse import urlencode

from django.core.files.storage import default_storage
from django.db.models import prefetch_related_objects
from django.urls import reverse

from briefs.content import figures
from briefs.content.addresses import absolute_url
from briefs.content.drawn_figures import draw_figures
from briefs.content.printed_body import printed_body
from briefs.content.querysets import listing_prefetches
from briefs.content.richtext import printable
from briefs.content.slug_urls import brief_url, slug_url
from briefs.images.renditions import FORMATS
from briefs.listings.navigation import remembered_navigation_for
from briefs.listings.views import kept_counts
from briefs.models import Author, Brief, BriefAuthor, LibraryImage, Series, Theme, ThemedBrief
from countries.models import Country, Region

SUMMARY_FIELDS = (
    "pk",
    "slug",
    "title",
    "dek",
    "publish_at",
    "language",
    "series__slug",
    "series__title",
    "kind__prefix",
    "kind__slug",
    "kind__name",
)


def page_address(name, slug, request):
    """The absolute address of the public page ``name`` (a ``briefs:`` URL) of ``slug``."""
    return absolute_url(slug_url(f"briefs:{name}", slug), request)


def api_address(request, name="brief-list", slug=None, **query):
    """The absolute address of an API view, with ``query`` as its query string."""
    path = slug_url(f"api-v1:{name}", slug) if slug else reverse(f"api-v1:{name}")
    if query:
        path = f"{path}?{urlencode(query)}"
    return absolute_url(path, request)


def summaries(rows, request):
    """Summaries of the briefs ``rows`` (``SUMMARY_FIELDS`` tuples of public briefs), in
    their order: three more queries whatever their number (authors, countries, themes)."""
    ids = [row[0] for row in rows]
    terms = _terms_of(ids, request)
    return [
        {
            "slug": slug,
            "title": title,
            "summary": dek,
            "published_at": publish_at,
            "language": language,
            "type": {"slug": kind_slug, "name": kind_name},
            "url": absolute_url(brief_url(prefix, slug), request),
            "api_url": api_address(request, "brief-detail", slug),
            "series": series_slug
            and {
                "slug": series_slug,
                "title": series_title,
                "url": page_address("series-detail", series_slug, request),
            },
            **{name: terms[name][pk] for name in ("authors", "countries", "themes")},
        }
        for pk, slug, title, dek, publish_at, language, series_slug, series_title, *kind in rows
        for prefix, kind_slug, kind_name in [kind]
    ]


def _terms_of(ids, request):
    """{"authors"|"countries"|"themes": {brief id: [term, ...]}} for the briefs ``ids``."""
    found = {name: defaultdict(list) for name in ("authors", "countries", "themes")}
    if not ids:
        return found
    byline = BriefAuthor.objects.filter(brief_id__in=ids).order_by("brief_id", "position")
    for brief, slug, name in byline.values_list("brief_id", "author__slug", "author__name"):
        found["authors"][brief].append(_term(slug, name, "author-detail", request))
    filed = Brief.countries.through.objects.filter(brief_id__in=ids).order_by("country__name")
    for brief, slug, name, code in filed.values_list(
        "brief_id", "country__slug", "country__name", "country__code"
    ):
        found["countries"][brief].append(
            {**_term(slug, name, "country-detail", request), "code": code}
        )
    # The themes in the order the editor typed them (the link rows' ids).
    themed = ThemedBrief.objects.filter(content_object_id__in=ids).order_by("id")
    for brief, slug, name in themed.values_list("content_object_id", "tag__slug", "tag__name"):
        found["themes"][brief].append(_term(slug, name, "theme-detail", request))
    return found


def _term(slug, name, page, request):
    return {"slug": slug, "name": name, "url": page_address(page, slug, request)}


def public_brief(slug):
    """The public brief at ``slug`` with what its detail shows loaded, or None."""
    briefs = Brief.objects.published().select_related("series", "hero", "kind")
    brief = briefs.filter(slug=slug).first()
    if brief is not None:
        prefetch_related_objects([brief], *listing_prefetches(Brief), "themes", "pdfs")
    return brief


def renditions(stored, request):
    """A record's renditions (``images.renditions``) as absolute addresses per format,
    narrowest first; the record's own width and height stay out."""
    return {
        kind: [
            {
                "url": absolute_url(default_storage.url(item["name"]), request),
                "width": item["width"],
                "height": item.get("height"),
            }
            for item in items
        ]
        for kind, items in (stored or {}).items()
        if kind in FORMATS
    }


def detail(brief, request):
    """Everything the API says about the public ``brief`` (see ``schemas.BriefDetail``)."""
    body = printed_body(brief)
    figure_ids = figures.figure_ids(body.html)
    images = LibraryImage.objects.in_bulk(figure_ids) if figure_ids else {}
    navigation = remembered_navigation_for(brief) if brief.series_id else None
    terms = {
        "authors": [
            {
                **_term(author.slug, author.name, "author-detail", request),
                "role": author.role,
            }
            for author in brief.ordered_authors
        ],
        "countries": [
            {**_term(country.slug, country.name, "country-detail", request), "code": country.code}
            for country in brief.countries.all()
        ],
        "themes": [
            _term(theme.slug, theme.name, "theme-detail", request) for theme in brief.themes.all()
        ],
    }
    series = None
    if brief.series is not None:
        series = {
            "slug": brief.series.slug,
            "title": brief.series.title,
            "url": page_address("series-detail", brief.series.slug, request),
            "part": navigation.part,
            "parts": navigation.parts,
        }
    # The hero is a library image, shown with its words (the brief is public, so is it).
    hero = None
    if brief.hero_id:
        hero = {
            "alt": brief.hero.alt,
            "caption": brief.hero.caption,
            "credit": brief.hero.credit,
            "renditions": renditions(brief.hero.renditions, request),
        }
    return {
        "slug": brief.slug,
        "title": brief.title,
        "summary": brief.dek,
        "published_at": brief.publish_at,
        "language": brief.language,
        "modified_at": brief.updated_at,
        "type": {"slug": brief.kind.slug, "name": brief.kind.name},
        "url": absolute_url(brief.get_absolute_url(), request),
        "api_url": api_address(request, "brief-detail", brief.slug),
        "word_count": brief.word_count,
        "reading_minutes": brief.reading_minutes,
        "key_points_label": brief.get_key_points_label_display(),
        "key_points": brief.key_point_list,
        "contents": [
            {"anchor": section.anchor, "title": section.title} for section in body.contents
        ],
        "body_html": str(draw_figures(body.html, eager_start=not brief.hero_id, images=images)),
        "footnotes": [
            {"number": number, "html": str(note)} for number, note in enumerate(body.notes, start=1)
        ],
        "sources_html": str(printable(brief, "notes")),
        "hero_image": hero,
        "figures": [
            {
                "id": image.pk,
                "alt": image.alt,
                "caption": image.caption,
                "credit": image.credit,
                "renditions": renditions(image.renditions, request),
            }
            for image in (images.get(pk) for pk in figure_ids)
            if image is not None
        ],
        "series": series,
        "pdfs": [
            {
                "paper": pdf.paper,
                "url": absolute_url(pdf.get_absolute_url(), request),
                "pages": pdf.pages,
                "bytes": pdf.size,
            }
            for pdf in brief.pdfs.all()
        ],
        "translations": translations(brief, request),
        **terms,
    }


def translations(brief, request):
    """The same analysis in other languages: the public briefs of ``brief``'s family (its
    original and the original's translations), in one query."""
    family = (
        Brief.objects.published()
        .in_translation_set(brief)
        .exclude(pk=brief.pk)
        .select_related("kind")
        .only("slug", "language", "translation_of", "kind__prefix")
        .order_by("language")
    )
    return [
        {
            "language": other.language,
            "original": other.translation_of_id is None,
            "url": absolute_url(other.get_absolute_url(), request),
            "api_url": api_address(request, "brief-detail", other.slug),
        }
        for other in family
    ]


# The taxonomies the API lists: (filter parameter, model, its public page, its fields).
TERMS = {
    "countries": ("country", Country, "country-detail"),
    "regions": ("region", Region, "region-detail"),
    "themes": ("theme", Theme, "theme-detail"),
    "series": ("series", Series, "series-detail"),
    "authors": ("author", Author, "author-detail"),
}


def terms(kind, request):
    """The terms of ``kind`` (a key of ``TERMS``) that public briefs use, each with how many
    use it, in the model's own order: two queries at most (the kept counts are memoized)."""
    param, model, page = TERMS[kind]
    counts = kept_counts(param)
    rows = model.objects.filter(id__in=list(counts))
    if model is Country:
        rows = rows.select_related("region")
    listed = []
    for term in rows:
        item = {
            "slug": term.slug,
            "name": term.title if model is Series else term.name,
            "briefs": counts[term.pk],
            "url": page_address(page, term.slug, request),
            "briefs_api_url": api_address(request, **{param: term.slug}),
        }
        if model is Country:
            item["code"] = term.code
            item["region"] = term.region and term.region.slug
        elif model is Author:
            item["role"], item["bio"] = term.role, term.bio
        elif model is Series:
            item["description"] = term.description
        listed.append(item)
    return listed
