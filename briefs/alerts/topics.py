"""What a reader can subscribe to, and which subscriptions a brief answers.

A topic is every brief (``all``) or one country, region, theme, series or author. In a
form it travels as ``all`` or ``<topic>:<id>``. Countries and regions always have a public
page; a theme, series or author is offered only while a public brief uses it, as its page
is, so subscribing reveals nothing about unpublished briefs.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from briefs.models import Author, Brief, BriefAuthor, Series, Subscription, Theme, ThemedBrief
from countries.models import Country, Region

Topic = Subscription.Topic

MODELS = {
    Topic.COUNTRY: Country,
    Topic.REGION: Region,
    Topic.THEME: Theme,
    Topic.SERIES: Series,
    Topic.AUTHOR: Author,
}
# How a public brief is found under a term of the topics that exist only through them.
BRIEF_LOOKUPS = {Topic.THEME: "themes", Topic.SERIES: "series", Topic.AUTHOR: "byline__author"}


@dataclass(frozen=True)
class Choice:
    """A topic and its term (``None`` for every brief), as a reader picked it."""

    topic: str
    term: object = None

    @property
    def term_id(self):
        return self.term.pk if self.term is not None else 0

    @property
    def value(self):
        return form_value(self.topic, self.term)

    def __str__(self):
        return describe(self.topic, self.term)


def form_value(topic, term=None):
    """The hidden form field's value for ``topic`` and ``term``."""
    return Topic.ALL.value if term is None else f"{topic}:{term.pk}"


# How a page or an e-mail names a topic, and what a subscribe form offers, in the
# active language (a whole phrase each, as languages order and inflect them differently).
DESCRIPTIONS = {
    Topic.COUNTRY: _("the country %(term)s"),
    Topic.REGION: _("the region %(term)s"),
    Topic.THEME: _("the theme %(term)s"),
    Topic.SERIES: _("the series %(term)s"),
    Topic.AUTHOR: _("the author %(term)s"),
}
REMOVED = {
    Topic.COUNTRY: _("a country since removed"),
    Topic.REGION: _("a region since removed"),
    Topic.THEME: _("a theme since removed"),
    Topic.SERIES: _("a series since removed"),
    Topic.AUTHOR: _("an author since removed"),
}
INVITATIONS = {
    Topic.SERIES: _("new parts of %(term)s"),
    Topic.AUTHOR: _("new briefs by %(term)s"),
}


def describe(topic, term):
    """How an e-mail or page names the topic: "every brief", "the theme Sanctions"."""
    if term is None:
        return gettext("every new brief")
    return DESCRIPTIONS[topic] % {"term": term}


def invitation(topic, term):
    """What a subscribe form offers: "every new brief", "new briefs by Jane Doe"."""
    if term is None:
        return gettext("every new brief")
    return INVITATIONS.get(topic, _("new briefs on %(term)s")) % {"term": term}


def parse(value):
    """The ``Choice`` a form's ``topic`` value names, or ``None`` when it names nothing a
    reader can see (malformed, unknown, or a term without a public brief)."""
    value = (value or "").strip()
    if value == Topic.ALL:
        return Choice(Topic.ALL)
    topic, _, number = value.partition(":")
    if topic not in MODELS or not number.isdigit() or len(number) > 18:
        return None
    return find(topic, int(number))


def find(topic, term_id):
    """``Choice(topic, term)`` for the term's id, if it exists and has a public page."""
    if topic == Topic.ALL:
        return Choice(Topic.ALL)
    if topic not in MODELS:
        return None
    term = MODELS[topic].objects.filter(pk=term_id).first()
    if term is None:
        return None
    if topic in BRIEF_LOOKUPS:
        public = Brief.objects.published().filter(**{BRIEF_LOOKUPS[topic]: term})
        if not public.exists():
            return None
    return Choice(topic, term)


def answered_by(brief):
    """The subscriptions (a ``Q``) that ``brief`` answers: every brief, and each of its terms."""
    countries = list(brief.countries.values_list("pk", "region_id"))
    themes = ThemedBrief.objects.filter(content_object=brief).values_list("tag_id", flat=True)
    authors = BriefAuthor.objects.filter(brief=brief).values_list("author_id", flat=True)
    matches = (
        Q(topic=Topic.ALL)
        | Q(topic=Topic.COUNTRY, term_id__in=[pk for pk, _ in countries])
        | Q(topic=Topic.REGION, term_id__in={region for _, region in countries if region})
        | Q(topic=Topic.THEME, term_id__in=list(themes))
        | Q(topic=Topic.AUTHOR, term_id__in=list(authors))
    )
    if brief.series_id:
        matches |= Q(topic=Topic.SERIES, term_id=brief.series_id)
    return matches


def names(subscriptions):
    """``{subscription id: description}`` for ``subscriptions``, a few queries in all."""
    wanted = {}
    for subscription in subscriptions:
        wanted.setdefault(subscription.topic, set()).add(subscription.term_id)
    terms = {
        topic: MODELS[topic].objects.in_bulk(ids)
        for topic, ids in wanted.items()
        if topic in MODELS
    }
    described = {}
    for subscription in subscriptions:
        term = terms.get(subscription.topic, {}).get(subscription.term_id)
        if subscription.topic != Topic.ALL and term is None:
            described[subscription.pk] = str(REMOVED[subscription.topic])
        else:
            described[subscription.pk] = describe(subscription.topic, term)
    return described
