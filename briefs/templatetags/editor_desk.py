"""The admin index's "Editorial desk" panel."""

from django import template
from django.urls import reverse

from briefs.editorial import coverage
from briefs.editorial.editor_desk import desk_for

register = template.Library()


@register.inclusion_tag("admin/briefs/editor_desk.html", takes_context=True)
def editor_desk(context):
    user = context["request"].user
    return {
        "sections": desk_for(user),
        # Only editors plan coverage; contributors are shown no link to a page they may not open.
        "coverage_url": reverse("admin:briefs_coverage") if coverage.may_see(user) else "",
    }
