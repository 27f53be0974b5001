from django.conf import settings
from django.utils.functional import cached_property

from .page_cache import current_generation


def site(request):
    """The site's name and public address, for every template."""
    return {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}


class CardCache:
    """How long and under which content generation a brief card's HTML may be kept.

    A card shows only what its brief, series, authors and countries say, all of which
    replace the generation when they change. Nothing is looked up until a card renders.
    """

    seconds = property(lambda self: settings.AGGREGATE_CACHE_SECONDS)

    @cached_property
    def generation(self):
        return current_generation()


def card_cache(request):
    return {"card_cache": CardCache()}
