"""Tags for what browsers, feed readers, crawlers and reference managers read in the <head>."""

from django import template

from briefs import feeds
from briefs.addresses import absolute_url

register = template.Library()


@register.inclusion_tag("includes/feed_links.html", takes_context=True)
def feed_links(context):
    """The site's feeds, preceded on a taxonomy page by the feeds of its term."""
    view = context.get("view")
    return {"feeds": feeds.feed_links(getattr(view, "taxonomy", None), context.get("term"))}


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's absolute address, keeping only the page number of a paginated list."""
    request = context["request"]
    path = request.path
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        path += f"?page={page.number}"
    return absolute_url(path, request)
