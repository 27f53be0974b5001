from django.conf import settings
from django.utils.functional import cached_property

from .page_cache import current_generation, page_timeout


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

    @cached_property
    def counting_seconds(self):
        """For fragments that count or choose public briefs: no longer than ``seconds``, and
        never past the moment the next scheduled brief becomes public."""
        return page_timeout(self.generation, settings.AGGREGATE_CACHE_SECONDS)


def card_cache(request):
    return {"card_cache": CardCache()}
