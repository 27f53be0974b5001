"""What a brief card shows, read as plain values, and lists of cards loaded on first use.

A card shows a brief's title, address, type, summary (or a search snippet), publish
time, series, authors and countries, and its language (shown where it is not the page's).
As model instances with their bylines and countries prefetched, twenty cards cost the first
reader after a change several times more, mostly in the ORM (a queryset made per brief for
each prefetched relation); read as values they are three small queries. Every card comes
through ``Brief.objects.published()``.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import cached_property

from briefs.content.languages import language_name
from briefs.content.slug_urls import brief_url_in
from briefs.models import Brief, BriefAuthor
from ops.term_names import name_in_sql


@dataclass(frozen=True)
class Card:
    pk: int
    title: str
    url: str
    dek: str
    publish_at: datetime
    kind: str
    """The name of the brief's content type (Brief, Commentary, Report…)."""
    series_title: str | None
    authors: tuple
    """Each author as ``{"name": ...}``, in byline order (what ``includes/byline.html`` reads)."""
    countries: tuple
    """Country names in the active language, in that order."""
    language: str
    """The code of the language the brief is written in."""
    snippet: str | None = None

    @property
    def language_name(self):
        return language_name(self.language)


def load_cards(ids, snippets=None):
    """The public briefs among ``ids`` as cards, in that order; a brief no longer public is
    left out. ``snippets``, if given, maps the ids of the public ones to their snippets."""
    rows = Brief.objects.published().filter(pk__in=ids).order_by()
    series_title = name_in_sql("series__title", "series__titles")
    rows = rows.values_list(
        "pk",
        "slug",
        "kind__prefix",
        name_in_sql("kind__name", "kind__names"),
        "title",
        "dek",
        "publish_at",
        series_title,
        "language",
    )
    found = {row[0]: row for row in rows}
    authors, countries = defaultdict(list), defaultdict(list)
    byline = BriefAuthor.objects.filter(brief_id__in=list(found)).order_by("brief_id", "position")
    for brief, name in byline.values_list("brief_id", "author__name"):
        authors[brief].append({"name": name})
    filed = Brief.countries.through.objects.filter(brief_id__in=list(found))
    filed = filed.annotate(name=name_in_sql("country__name", "country__names"))
    for brief, name in filed.order_by("name").values_list("brief_id", "name"):
        countries[brief].append(name)
    snippets = snippets(list(found)) if snippets and found else {}
    return [
        Card(
            pk=pk,
            title=title,
            url=brief_url_in(language, prefix, slug),
            dek=dek,
            publish_at=publish_at,
            kind=kind,
            series_title=series_title,
            authors=tuple(authors[pk]),
            countries=tuple(countries[pk]),
            language=language,
            snippet=snippets.get(pk),
        )
        for pk, slug, prefix, kind, title, dek, publish_at, series_title, language in (
            found[pk] for pk in ids if pk in found
        )
    ]


class Cards(Sequence):
    """The cards of the briefs ``ids``, in that order, loaded when first drawn.

    ``card_key`` names exactly these briefs in this order, so ``includes/brief_cards.html``
    can serve the whole list from the fragment cache, kept as long as a ``card_kind`` of
    kept thing lives, and never load them.
    """

    card_kind = "aggregate"

    def __init__(self, ids, card_key):
        self.ids, self.card_key = ids, card_key

    def load(self):
        return load_cards(self.ids)

    @cached_property
    def cards(self):
        return self.load()

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, int | slice):
            # Templates try ``cards["card_key"]`` before the attribute: answer without loading.
            raise TypeError("Cards indices are integers or slices.")
        return self.cards[index]

    def __iter__(self):
        return iter(self.cards)
