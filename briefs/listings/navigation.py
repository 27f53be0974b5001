"""Previous/next and series position, computed only from public briefs.

In a series, neighbours follow the series positions of its public briefs; otherwise they
follow publish time across all public briefs, ties broken by id so the order is total.
A hidden brief is never a neighbour: every query starts from ``published()``.

A place in a series holds one brief per language (``unique_position_in_series``). A
brief's series is read in its language: each place is the public brief there in that
language, else the original there (public), and a place with neither is skipped, so a
Russian part 2 between English parts 1 and 3 links both English ones.
"""

from dataclasses import dataclass, field, replace

from django.db.models import Q

from briefs.caching.page_cache import remember
from briefs.models import Brief, BriefKind

NEIGHBOUR_FIELDS = (
    "id",
    "title",
    "slug",
    "series_position",
    "publish_at",
    "language",
    "translation_of_id",
)
# A neighbour's address needs its type's prefix: read with it, kept as ``prefix``.
KIND_FIELDS = ("kind__prefix", "kind__name")


@dataclass
class Navigation:
    previous: Brief | None = None
    next: Brief | None = None
    contents: list = field(default_factory=list)
    part: int | None = None

    @property
    def parts(self):
        return len(self.contents)


def remembered_navigation_for(brief):
    """``navigation_for`` a public brief, kept per content generation as plain values.

    Its answer changes only when content does; keeping it saves a public brief page two
    queries. Previews call ``navigation_for`` directly.
    """

    def as_values(navigation):
        def values(part):
            if not part:
                return part
            kind = {"prefix": part.kind.prefix, "name": part.kind.name}
            return {**{name: getattr(part, name) for name in NEIGHBOUR_FIELDS}, "kind": kind}

        return replace(
            navigation,
            previous=values(navigation.previous),
            next=values(navigation.next),
            contents=[values(part) for part in navigation.contents],
        )

    kept = remember(f"navigation:{brief.pk}", lambda: as_values(navigation_for(brief)))
    return replace(
        kept,
        previous=kept.previous and as_brief(kept.previous),
        next=kept.next and as_brief(kept.next),
        contents=[as_brief(part) for part in kept.contents],
    )


def as_brief(values):
    """A brief from kept values, with the type its address needs (no query)."""
    return Brief(**{**values, "kind": BriefKind(**values["kind"])})


def navigation_for(brief):
    """Neighbours of a brief, plus the series table of contents when it is in one."""
    if brief.series_id is not None:
        return _series_navigation(brief)
    if brief.publish_at is None:
        return Navigation()
    return Navigation(previous=_chronological(brief, older=True), next=_chronological(brief))


def _series_navigation(brief):
    every_language = (
        Brief.objects.published()
        .filter(series_id=brief.series_id)
        .order_by("series_position", "id")
        .select_related("kind")
        .only(*NEIGHBOUR_FIELDS, *KIND_FIELDS)
    )
    contents = in_language(every_language, brief)
    ids = [part.id for part in contents]
    if brief.id not in ids:
        # A hidden brief seen in preview: its public neighbours, no part number.
        earlier = [p for p in contents if p.series_position < brief.series_position]
        later = [p for p in contents if p.series_position > brief.series_position]
        return Navigation(
            previous=earlier[-1] if earlier else None,
            next=later[0] if later else None,
            contents=contents,
        )
    index = ids.index(brief.id)
    return Navigation(
        previous=contents[index - 1] if index > 0 else None,
        next=contents[index + 1] if index + 1 < len(contents) else None,
        contents=contents,
        part=index + 1,
    )


def in_language(parts, brief):
    """One public part per place of ``parts`` (a series' public briefs in every language,
    in order), as read from ``brief``: ``brief`` at its own place, elsewhere the part in
    its language, else the original at that place; a place with neither is left out."""
    chosen = {}
    for part in parts:
        place = part.series_position
        if part.id == brief.id or place == brief.series_position:
            if part.id == brief.id:
                chosen[place] = part
            continue
        if part.language == brief.language:
            chosen[place] = part
        elif part.translation_of_id is None:
            chosen.setdefault(place, part)
    return [chosen[place] for place in sorted(chosen)]


def _chronological(brief, older=False):
    # The plain bound on publish_at lets the index start at the brief instead of at one
    # end of the archive; the OR then only settles ties.
    if older:
        condition = Q(publish_at__lte=brief.publish_at) & (
            Q(publish_at__lt=brief.publish_at) | Q(id__lt=brief.id)
        )
        order = ("-publish_at", "-id")
    else:
        condition = Q(publish_at__gte=brief.publish_at) & (
            Q(publish_at__gt=brief.publish_at) | Q(id__gt=brief.id)
        )
        order = ("publish_at", "id")
    return (
        Brief.objects.published()
        .filter(condition)
        .order_by(*order)
        .select_related("kind")
        .only(*NEIGHBOUR_FIELDS, *KIND_FIELDS)
        .first()
    )
