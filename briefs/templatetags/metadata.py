"""Tags for what browsers, feed readers, crawlers and reference managers read in the <head>."""

from django import template
from django.utils.translation import to_locale

from briefs.content.addresses import absolute_url, share_image_url
from briefs.public import citations, feeds
from briefs.public.structured_data import brief_json_ld, json_ld_script

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


@register.inclusion_tag("includes/brief_meta.html", takes_context=True)
def brief_meta(context, brief):
    """Canonical link, hreflang alternates, Open Graph, Twitter card, Google Scholar and
    JSON-LD for a brief. Its public translations come from the page's ``translations`` (a
    ``TranslationSet``); a page without them (a preview) names none."""
    request = context["request"]
    translations = context.get("translations")
    others = translations.others if translations else []
    return {
        "brief": brief,
        "site_name": context.get("site_name"),
        "canonical": absolute_url(brief.get_absolute_url(), request),
        "title": brief.seo_title or brief.title,
        "description": brief.seo_description or brief.dek,
        "image": share_image_url(brief, request),
        "authors": [
            {"name": author.name, "url": absolute_url(author.get_absolute_url(), request)}
            for author in brief.ordered_authors
        ],
        "themes": [theme.local_name for theme in brief.themes.all()],
        "alternates": [
            (hreflang, absolute_url(path, request))
            for hreflang, path in (translations.alternates() if translations else [])
        ],
        "locale": to_locale(brief.page_language),
        "alternate_locales": [to_locale(member.brief.page_language) for member in others],
        "json_ld": json_ld_script(brief_json_ld(brief, request, translations)),
        "pdf_url": next(
            (absolute_url(pdf.get_absolute_url(), request) for pdf in context.get("pdfs", [])),
            None,
        ),
    }


@register.inclusion_tag("includes/cite_brief.html", takes_context=True)
def cite_brief(context, brief):
    """The "Cite this brief" block: APA, Chicago and MLA text and the BibTeX and RIS files."""
    citation = citations.Citation.of(brief, context["request"])
    return {"brief": brief, "styles": citations.styles(citation)}
