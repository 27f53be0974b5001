"""The admin index's "Editorial desk" panel."""

from django import template

from briefs.editorial.editor_desk import desk_for

register = template.Library()


@register.inclusion_tag("admin/briefs/editor_desk.html", takes_context=True)
def editor_desk(context):
    return {"sections": desk_for(context["request"].user)}
