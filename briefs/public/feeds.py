"""RSS 2.0 and Atom feeds of public briefs, for the whole site or for one taxonomy term.

One feed class serves every taxonomy of ``taxonomies.py``; ``feed_paths`` makes an RSS
and an Atom address for the site or for one taxonomy, and ``feed_links`` names them for
the ``<link rel="alternate">`` tags of the matching pages.

A feed lists the briefs in its address's language as the pages do (``/feed/`` the English
ones, ``/ru/feed/`` the Russian ones; ``?language=all`` every language's, see
``listings.languages``), and names each entry's language: ``dc:language`` in RSS,
``xml:lang`` on an Atom entry.
"""

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from briefs.caching.page_cache import public_page, remember
from briefs.content.addresses import absolute_url, hero_image, site_root
from briefs.listings.languages import ListLanguage
from briefs.listings.views import kept_counts
from briefs.models import Brief, Correction

FEED_LENGTH = 20
DC_NS = "http://purl.org/dc/elements/1.1/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
FORMATS = {"rss": "RSS", "atom": "Atom"}
# A term's feed describes itself as one phrase, since languages place and inflect the term
# differently; any other taxonomy's is "on" the term.
DESCRIPTIONS = {
    "author": _("The latest briefs by %(term)s from %(site)s."),
    "series": _("The latest briefs in the series %(term)s from %(site)s."),
}


class BriefRssFeed(Rss201rev2Feed):
    """RSS 2.0 with every author as ``dc:creator`` and the hero image as ``media:content``."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _url in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("dc:language", item["language"])
        add_media(handler, item)


class BriefAtomFeed(Atom1Feed):
    """Atom with one ``author`` per author and the hero image as ``media:content``."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def item_attributes(self, item):
        return {**super().item_attributes(item), "xml:lang": item["language"]}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")
        add_media(handler, item)


def add_media(handler, item):
    if item["image"]:
        url, mime_type = item["image"]
        handler.addQuickElement(
            "media:content", "", {"url": url, "type": mime_type, "medium": "image"}
        )


class BriefsFeed(Feed):
    """The newest public briefs, all of them or those filed under one taxonomy term, as
    read at ``request``'s address (``addresses.site_root``): one instance per request."""

    def __init__(self, request, taxonomy=None, feed_type=BriefRssFeed):
        self.request = request
        self.taxonomy = taxonomy
        self.feed_type = feed_type
        self.list_language = ListLanguage.of(request.GET)
        # The feed's own language: its briefs', or the page's for all languages.
        self.language = self.list_language.chosen

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed generator writes the document in hundreds of small pieces, and the
        # server sends each piece with a call of its own: joined into one, a feed goes out
        # several times faster (docs/performance.md).
        response.content = response.content
        return response

    def get_object(self, request, slug=None):
        # An unknown slug raises DoesNotExist, which Feed turns into a 404.
        return None if self.taxonomy is None else self.taxonomy.get_term(slug)

    def items(self, term):
        """The feed's entries as plain values, kept per content generation (``entry``)."""
        key = "site" if term is None else f"{self.taxonomy.name}:{term.pk}"
        key += f":{self.list_language.key}" if self.list_language.key else ""
        entries = remember(f"feed:{key}", lambda: [entry(brief) for brief in self.briefs(term)])
        if not entries and term is not None and self.taxonomy.hidden_when_empty:
            # Like its page, a term that only hidden briefs use has no feed; one with public
            # briefs in other languages only has an empty one in this language.
            in_any = self.list_language.chosen and kept_counts(self.taxonomy.name).get(term.pk)
            if not in_any:
                raise Http404("No such feed.")
        return entries

    def briefs(self, term):
        briefs = self.list_language.narrow(Brief.objects.published())
        if term is not None:
            briefs = self.taxonomy.briefs(briefs, term)
        briefs = briefs.annotate(notes_changed_at=notes_changed_at())
        briefs = briefs.for_cards().select_related("hero").prefetch_related("themes")
        return briefs.newest_first()[:FEED_LENGTH]

    def title(self, term):
        if term is None:
            return settings.SITE_NAME
        return f"{term} · {settings.SITE_NAME}"

    def link(self, term):
        path = reverse("briefs:home") if term is None else term.get_absolute_url()
        return absolute_url(path, self.request)

    def description(self, term):
        if term is None:
            return gettext("The latest briefs from %(site)s.") % {"site": settings.SITE_NAME}
        described = DESCRIPTIONS.get(
            self.taxonomy.name, _("The latest briefs on %(term)s from %(site)s.")
        )
        return described % {"term": term, "site": settings.SITE_NAME}

    def author_name(self):
        # Atom needs an author for every entry; the publisher stands in for a brief without one.
        return settings.SITE_NAME

    def item_title(self, entry):
        return entry["title"]

    def item_description(self, entry):
        return entry["dek"]

    def item_link(self, entry):
        return absolute_url(entry["link"], self.request)

    def item_guid(self, entry):
        """An id that no rename, unpublish or re-publish changes (RFC 4151 tag URI):
        ``tag:<site's host>,<day the brief was created, UTC>:brief/<id>``."""
        authority = urlsplit(site_root(self.request)).hostname
        return f"tag:{authority},{entry['created']:%Y-%m-%d}:brief/{entry['id']}"

    def item_guid_is_permalink(self, entry):
        return False

    def item_pubdate(self, entry):
        return entry["published"]

    def item_updateddate(self, entry):
        return entry["updated"]

    def item_categories(self, entry):
        return entry["categories"]

    def item_extra_kwargs(self, entry):
        image = entry["image"]
        return {
            "authors": [(name, absolute_url(url, self.request)) for name, url in entry["authors"]],
            "image": image and (absolute_url(image[0], self.request), image[1]),
            "language": entry["language"],
        }


def entry(brief):
    """What a feed says of one brief, as plain values that a cache can keep: addresses are
    paths (or already absolute), made absolute for each request."""
    return {
        "id": brief.pk,
        "created": brief.created_at.astimezone(UTC),
        "title": brief.title,
        "dek": brief.dek,
        "link": brief.get_absolute_url(),
        "language": brief.language,
        "published": brief.publish_at,
        # A correction or update (or its strike-through) moves the entry's updated date.
        "updated": max(filter(None, [brief.updated_at, getattr(brief, "notes_changed_at", None)])),
        # The type, countries by name, then themes in the editor's order: the same on
        # every run.
        "categories": [brief.kind.local_name]
        + [country.local_name for country in brief.countries.all()]
        + [theme.local_name for theme in brief.themes.all()],
        "authors": [(author.name, author.get_absolute_url()) for author in brief.ordered_authors],
        "image": hero_image(brief),
    }


def notes_changed_at():
    """Subquery: when the outer brief's notes last changed (one added or struck through),
    read for the feed's few rows only."""
    changed = Greatest("created_at", Coalesce("struck_at", "created_at"))
    return Subquery(
        Correction.objects.filter(brief=OuterRef("pk"))
        .annotate(changed=changed)
        .order_by("-changed")
        .values("changed")[:1]
    )


FEED_TYPES = {"rss": BriefRssFeed, "atom": BriefAtomFeed}


def _url_name(taxonomy, kind):
    return f"{taxonomy.name if taxonomy else 'site'}-feed-{kind}"


def feed_view(taxonomy, feed_type):
    """A view that answers each request with a ``BriefsFeed`` made for it."""

    def view(request, **kwargs):
        return BriefsFeed(request, taxonomy, feed_type)(request, **kwargs)

    return view


def feed_paths(prefix, taxonomy=None):
    """The RSS feed at ``<prefix>feed/`` and the Atom feed at ``<prefix>feed/atom/``."""
    return [
        path(
            f"{prefix}{suffix}",
            public_page(feed_view(taxonomy, FEED_TYPES[kind])),
            name=_url_name(taxonomy, kind),
        )
        for kind, suffix in (("rss", "feed/"), ("atom", "feed/atom/"))
    ]


def feed_links(taxonomy=None, term=None):
    """Title, MIME type and address of the feeds a page advertises: its term's, then the site's."""
    feeds = [(None, settings.SITE_NAME, [])]
    if taxonomy is not None and term is not None:
        feeds.insert(0, (taxonomy, str(term), [term.slug]))
    return [
        {
            "title": f"{title} ({label})",
            "type": FEED_TYPES[kind].content_type.split(";")[0],
            "url": reverse(f"briefs:{_url_name(feed_taxonomy, kind)}", args=args),
        }
        for feed_taxonomy, title, args in feeds
        for kind, label in FORMATS.items()
    ]
