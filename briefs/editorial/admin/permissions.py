"""Who may do what in the brief admin, and what someone who may only view a brief sees.

The answers come from ``briefs.editorial.workflow``; this module maps them onto the admin's
permission hooks, so every admin page, the extra ones included, asks the same rules.
A brief the user may view but not change shows its rich text as it reads on the page
(the body with its figures, numbered footnotes and tables: ``read_only_body``).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from briefs.content import richtext
from briefs.editorial import workflow
from briefs.editorial.admin.read_only_body import body_as_read

# On a brief the user may only view, rich text reads as it will on the page, not as
# markup, and the authors as the byline.
READ_ONLY_DISPLAY = {"body": "body_display", "notes": "notes_display", "byline": "byline_display"}
# Fields of moves only editors may make.
EDITORS_ONLY = {"shift_later_parts"}


class BriefPermissionsMixin:
    """The admin's permission hooks, answered by the workflow's rules."""

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or workflow.may_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_publish_permission(self, request):
        return workflow.is_editor(request.user)

    def has_restore_permission(self, request):
        return workflow.may_restore(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.is_editor(request.user):
            fields += ["publish_at", "take_down_at"]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not workflow.is_editor(request.user):
            fieldsets = [
                (name, {**options, "fields": fields_without(options["fields"], EDITORS_ONLY)})
                for name, options in fieldsets
            ]
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [READ_ONLY_DISPLAY.get(f, f) for f in options["fields"]]})
            for name, options in fieldsets
        ]

    def get_object(self, request, object_id, from_field=None):
        """The brief, knowing who reads it: its read-only body shows only their images."""
        brief = super().get_object(request, object_id, from_field)
        if brief is not None:
            brief.admin_reader = request.user
        return brief

    @admin.display(description=_("body"))
    def body_display(self, brief):
        return body_as_read(getattr(brief, "admin_reader", None), brief.body)

    @admin.display(description=_("sources"))
    def notes_display(self, brief):
        return richtext.printable(brief, "notes")

    @admin.display(description=_("authors"))
    def byline_display(self, brief):
        return ", ".join(author.name for author in brief.ordered_authors)


def fields_without(fields, names):
    """A fieldset's ``fields`` (names, or tuples of names on one line) without ``names``."""
    kept = []
    for field in fields:
        if isinstance(field, tuple | list):
            field = tuple(name for name in field if name not in names)
            if field:
                kept.append(field if len(field) > 1 else field[0])
        elif field not in names:
            kept.append(field)
    return kept
