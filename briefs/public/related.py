"""Related briefs: public briefs that share countries or themes with a brief.

Ranked by how many countries and themes they share, then newest first, among the
``CANDIDATE_POOL`` newest public briefs that share at least one of them, leaving out the
brief's own translation set (the same analysis in another language is named under "Also
in", not as related reading). The pool keeps
the cost flat as the archive grows: a country or theme may be on tens of thousands of
briefs, and counting shared terms for all of them would take most of a second. One
query: the brief's own countries and themes come from what its page prefetched, and the
shared terms are counted by correlated subqueries over the pool only.

That ranking still reads a few thousand index entries (docs/performance.md has the cost),
and its answer changes only when content does, so ``related_briefs`` remembers each brief's
answer (the few fields a page shows, as plain values) per content generation.
"""

from django.db.models import F, Func, OuterRef, Q, Subquery

from briefs.caching.page_cache import remember
from briefs.models import Brief, BriefKind, ThemedBrief
from ops.term_names import name_in_sql

RELATED_LIMIT = 3
CANDIDATE_POOL = 500
RELATED_FIELDS = ("id", "title", "slug", "dek", "publish_at", "language")

BriefCountry = Brief.countries.through


def _count(queryset):
    """COUNT(*) of a correlated subquery, as an expression."""
    return Subquery(queryset.annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1])


def related_briefs(brief, limit=RELATED_LIMIT):
    """Up to ``limit`` public briefs sharing the most countries and themes with ``brief``."""
    rows = remember(f"related:{brief.pk}:{limit}", lambda: _ranked(brief, limit))
    return [
        Brief(**row, kind=BriefKind(prefix=prefix, name=name))
        for *fields, prefix, name in rows
        for row in [dict(zip(RELATED_FIELDS, fields, strict=True))]
    ]


def _ranked(brief, limit):
    country_ids = [country.id for country in brief.countries.all()]
    theme_ids = [theme.id for theme in brief.themes.all()]
    if not country_ids and not theme_ids:
        return []
    countries = BriefCountry.objects.filter(country_id__in=country_ids)
    themes = ThemedBrief.objects.filter(tag_id__in=theme_ids)
    shared = _count(countries.filter(brief_id=OuterRef("pk"))) + _count(
        themes.filter(content_object_id=OuterRef("pk"))
    )
    pool = (
        Brief.objects.published()
        .filter(
            Q(id__in=countries.values("brief_id")) | Q(id__in=themes.values("content_object_id"))
        )
        .exclude(pk__in=Brief.objects.in_translation_set(brief).values("pk"))
        .newest_first()
        .values("id")[:CANDIDATE_POOL]
    )
    return list(
        Brief.objects.published()
        .filter(id__in=pool)
        .annotate(shared=shared)
        .order_by("-shared", "-publish_at", "-id")
        .values_list(*RELATED_FIELDS, "kind__prefix", name_in_sql("kind__name", "kind__names"))[
            :limit
        ]
    )
