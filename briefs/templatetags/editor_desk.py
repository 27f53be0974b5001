"""The admin index's "Editorial desk" panel."""

from django import template
from django.urls import reverse

from briefs.editorial import coverage
from briefs.editorial.editor_desk import desk_for
from briefs.editorial.language_filter import LanguageFilter

register = template.Library()


@register.inclusion_tag("admin/briefs/editor_desk.html", takes_context=True)
def editor_desk(context):
    request = context["request"]
    languages = LanguageFilter(request.GET)
    return {
        "sections": desk_for(request.user, languages.language_or_none()),
        "languages": languages,
        "language_links": languages.links(reverse("admin:index")),
        # Only editors plan coverage; contributors are shown no link to a page they may not open.
        "coverage_url": reverse("admin:briefs_coverage") if coverage.may_see(request.user) else "",
    }
