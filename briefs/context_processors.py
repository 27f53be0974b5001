from django.conf import settings


def site(request):
    """The site's name and public address, for every template."""
    return {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
