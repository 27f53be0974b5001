"""User admin with a "Deactivate" action: people leave, the briefs they wrote stay."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

User = get_user_model()

admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    actions = ["deactivate"]

    @admin.action(
        description="Deactivate selected users (keeps their briefs)", permissions=["change"]
    )
    def deactivate(self, request, queryset):
        """Block logins at once; briefs and revisions keep their author and history."""
        count = queryset.exclude(pk=request.user.pk).update(is_active=False)
        self.message_user(request, f"{count} user(s) deactivated.", messages.SUCCESS)
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(request, "You cannot deactivate yourself.", messages.WARNING)
