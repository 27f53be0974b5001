"""A brief's translation set as readers see it: its public members, in the site's languages.

The set is the original and its translations (``Brief.translation_of``); only public
members (``published()``) are ever named, so a draft, scheduled or taken-down translation
appears in no hreflang, "Also in" line, switcher, sitemap or JSON-LD. Reading the set is
one query; the brief page reads it only when one of its kept fragments has to be drawn.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from briefs.content.languages import bcp47, language_name
from briefs.models import Brief

# What naming a member takes: its address and its language (and what sets it apart).
MEMBER_FIELDS = ("id", "slug", "language", "translation_of_id", "kind__prefix")


@dataclass(frozen=True)
class Member:
    """One public member of a translation set: the brief and how its language is named."""

    brief: Brief

    @property
    def tag(self):
        """BCP 47 (``en-GB``, ``ru``): for ``hreflang``, ``lang`` and ``inLanguage``."""
        return bcp47(self.brief.page_language)

    @property
    def name(self):
        """The language's name in itself: "Русский"."""
        return language_name(self.brief.page_language)

    @property
    def url(self):
        return self.brief.get_absolute_url()


class TranslationSet:
    """The public members of ``brief``'s translation set (``brief`` itself included when it
    is public), in the order of ``settings.LANGUAGES``."""

    def __init__(self, brief, members):
        order = {code: position for position, (code, _name) in enumerate(settings.LANGUAGES)}
        self.brief = brief
        self.members = sorted(
            (Member(member) for member in members),
            key=lambda member: (order.get(member.brief.page_language, len(order)), member.tag),
        )

    @classmethod
    def of(cls, brief):
        """Read ``brief``'s public set: one query."""
        public = Brief.objects.published().in_translation_set(brief).select_related("kind")
        return cls(brief, public)

    @classmethod
    def of_each(cls, briefs):
        """{brief id: its public set} for every one of ``briefs``, all public (a sitemap
        page): one query, for the members not in hand only (the translations of these
        briefs and the originals of those that are translations), so that a page of
        briefs without translations reads an index and no rows."""
        in_hand = {brief.pk: brief for brief in briefs}
        original_ids = {brief.translation_of_id or brief.pk for brief in briefs}
        missing_originals = original_ids - in_hand.keys()
        others = (
            Brief.objects.published()
            .filter(Q(pk__in=missing_originals) | Q(translation_of_id__in=original_ids))
            .select_related("kind")
            .only(*MEMBER_FIELDS)
        )
        by_original = {}
        for member in [*in_hand.values(), *(b for b in others if b.pk not in in_hand)]:
            by_original.setdefault(member.translation_of_id or member.pk, []).append(member)
        return {
            brief.pk: cls(brief, by_original[brief.translation_of_id or brief.pk])
            for brief in briefs
        }

    def __bool__(self):
        """Whether the brief has a public translation (or original) besides itself."""
        return bool(self.others)

    @property
    def others(self):
        """The public members other than the brief itself."""
        return [member for member in self.members if member.brief.pk != self.brief.pk]

    @property
    def original(self):
        """The public original, or None (the brief's original is hidden or it has none)."""
        original_id = self.brief.translation_of_id or self.brief.pk
        return next((m for m in self.members if m.brief.pk == original_id), None)

    @property
    def x_default(self):
        """The member for readers whose language is none of the set's: the original, else
        the one in the default language, else None."""
        if self.original is not None:
            return self.original
        return next(
            (m for m in self.members if m.brief.page_language == settings.LANGUAGE_CODE), None
        )

    def url_by_language(self):
        """{site language code: address} of the public members."""
        return {member.brief.page_language: member.url for member in self.members}

    def alternates(self):
        """(hreflang, address) of every public member, then ``x-default``: what a page's
        ``<link rel="alternate">`` and the sitemap's ``xhtml:link`` say. Empty when the
        brief has no public translation."""
        if not self:
            return []
        links = [(member.tag, member.url) for member in self.members]
        if self.x_default is not None:
            links.append(("x-default", self.x_default.url))
        return links
