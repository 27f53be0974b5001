from django.conf import settings

from briefs.search.engine import MAX_QUERY_LENGTH


def site(request):
    """The site's name and public address, and the longest search query, for every template."""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "search_max_length": MAX_QUERY_LENGTH,
    }
