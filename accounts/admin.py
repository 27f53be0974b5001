"""User admin with a "Deactivate" action: people leave, the briefs they wrote stay."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy, ngettext

User = get_user_model()

admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    actions = ["deactivate"]

    @admin.action(
        description=gettext_lazy("Deactivate selected users (keeps their briefs)"),
        permissions=["change"],
    )
    def deactivate(self, request, queryset):
        """Block logins at once; briefs and revisions keep their author and history."""
        count = queryset.exclude(pk=request.user.pk).update(is_active=False)
        deactivated = ngettext("%(count)d user deactivated.", "%(count)d users deactivated.", count)
        self.message_user(request, deactivated % {"count": count}, messages.SUCCESS)
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(request, "You cannot deactivate yourself.", messages.WARNING)


# Login attempts, newest first: axes' own admin gives its list no order, so its pages
# could repeat or skip attempts.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class OrderedAccessAttemptAdmin(AccessAttemptAdmin):
    ordering = ["-attempt_time"]
