"""RSS and Atom feeds of the newest corrections and updates of public briefs, of the briefs
in the address's language unless ``?language=`` asks for another or all."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext

from briefs.caching.page_cache import public_page
from briefs.content.addresses import absolute_url
from briefs.listings.languages import ListLanguage
from briefs.models import Correction

FEED_LENGTH = 20
FEED_TYPES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}
LABELS = {"rss": "RSS", "atom": "Atom"}


class CorrectionsFeed(Feed):
    """The newest notes of public briefs, as read at ``request``'s address."""

    def __init__(self, request, feed_type):
        self.request = request
        self.feed_type = feed_type
        self.list_language = ListLanguage.of(request.GET)
        self.language = self.list_language.chosen

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response.content = response.content  # one write, as the briefs' feeds do
        return response

    def items(self):
        notes = Correction.objects.public().newest_first().select_related("brief__kind")
        return self.list_language.narrow(notes, "brief__language")[:FEED_LENGTH]

    def title(self):
        return gettext("Corrections and updates · %(site)s") % {"site": settings.SITE_NAME}

    def link(self):
        return absolute_url(reverse("briefs:correction-list"), self.request)

    def description(self):
        return gettext("Corrections and updates to the briefs of %(site)s.") % {
            "site": settings.SITE_NAME
        }

    def author_name(self):
        return settings.SITE_NAME

    def item_title(self, note):
        title = gettext("%(kind)s to “%(title)s”") % {
            "kind": note.get_kind_display(),
            "title": note.brief.title,
        }
        return gettext("Withdrawn: %(title)s") % {"title": title} if note.struck_at else title

    def item_description(self, note):
        if note.struck_at:
            return gettext("%(text)s (Withdrawn: %(reason)s)") % {
                "text": note.text,
                "reason": note.strike_reason,
            }
        return note.text

    def item_link(self, note):
        return absolute_url(note.get_absolute_url(), self.request)

    def item_guid(self, note):
        return absolute_url(f"{reverse('briefs:correction-list')}#{note.anchor}", self.request)

    def item_guid_is_permalink(self, note):
        return False

    def item_pubdate(self, note):
        return note.noted_at

    def item_updateddate(self, note):
        return note.struck_at or note.created_at


def feed_view(feed_type):
    def view(request):
        return CorrectionsFeed(request, feed_type)(request)

    return view


def feed_paths(prefix):
    """The RSS feed at ``<prefix>feed/`` and the Atom feed at ``<prefix>feed/atom/``."""
    return [
        path(
            f"{prefix}{suffix}",
            public_page(feed_view(FEED_TYPES[kind])),
            name=f"corrections-feed-{kind}",
        )
        for kind, suffix in (("rss", "feed/"), ("atom", "feed/atom/"))
    ]


def feed_links():
    """Title, MIME type and address of the two feeds, for ``<link rel="alternate">``."""
    return [
        {
            "title": gettext("Corrections and updates (%(format)s)") % {"format": label},
            "type": FEED_TYPES[kind].content_type.split(";")[0],
            "url": reverse(f"briefs:corrections-feed-{kind}"),
        }
        for kind, label in LABELS.items()
    ]
