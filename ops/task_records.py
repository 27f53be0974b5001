"""Records of background work done for an administrator (a WordPress export, an import):
who may see them in the admin, how a failure is written down, how their file is handed
over, and how it goes with its record.

Each such record has a ``state`` (with a ``FAILED`` choice), an ``error`` and a
``finished_at``; its admin is open only to holders of one permission (superusers hold
every permission).
"""

import logging
from functools import partial

from django.contrib import admin
from django.core.files.storage import storages
from django.db import transaction
from django.db.models.signals import post_delete
from django.http import FileResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

ERROR_LENGTH = 500

# The storage their files go to: outside MEDIA_ROOT and never served (settings.STORAGES);
# an export written holds every draft, an export uploaded the old site's e-mail addresses.
PRIVATE_STORAGE = "private"


def may(user, permission):
    """Whether ``user`` may open the admin pages guarded by ``permission``."""
    return user.is_active and user.is_staff and user.has_perm(permission)


class PermissionOnlyAdmin(admin.ModelAdmin):
    """An admin whose every page needs ``permission``; records are never edited by hand."""

    permission = None  # "app_label.codename"

    def has_module_permission(self, request):
        return may(request.user, self.permission)

    def has_view_permission(self, request, obj=None):
        return may(request.user, self.permission)

    def has_add_permission(self, request):
        return may(request.user, self.permission)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return may(request.user, self.permission)


def mark_failed(model, pk, error, *, why=None):
    """Record that the work on ``model`` ``pk`` failed: ``why``, or the error's type and
    message for an error nobody foresaw (logged with its traceback too)."""
    if why is None:
        logger.exception("%s %s failed", model._meta.verbose_name, pk)
        why = f"{type(error).__name__}: {error}"
    model.objects.filter(pk=pk).update(
        state=model.State.FAILED, error=why[:ERROR_LENGTH], finished_at=timezone.now()
    )


def private_download(file, filename, content_type=None):
    """``file`` as a download named ``filename`` that no cache keeps."""
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def delete_files_with_records(model, *, field="file_name"):
    """Delete a record's file from the private storage once its deletion is committed."""

    def deleted(sender, instance, **kwargs):
        name = getattr(instance, field)
        if name:
            transaction.on_commit(partial(storages[PRIVATE_STORAGE].delete, name))

    post_delete.connect(
        deleted, sender=model, weak=False, dispatch_uid=f"{model._meta.label_lower}-file-delete"
    )
