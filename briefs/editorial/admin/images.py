"""Admin support for records with an uploaded image: processing on save, thumbnails."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from briefs import images
from briefs.images.renditions import thumbnail_url


class ImageAdminMixin:
    """For a ModelAdmin whose model has ``image_field`` and its ``renditions_field``.

    A new upload is re-encoded and its renditions written before the record is saved,
    so the first reader never waits on image work. The files of a replaced or cleared
    image are deleted once the new state is committed.
    """

    image_field = None
    renditions_field = None

    def save_model(self, request, obj, form, change):
        if self.image_field not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        previous = form.initial.get(self.image_field)
        replaced = images.stored_names(
            previous.name if previous else None, getattr(obj, self.renditions_field)
        )
        images.store_upload(obj, self.image_field, self.renditions_field)
        super().save_model(request, obj, form, change)
        images.delete_replaced_on_commit(replaced, obj, self.image_field, self.renditions_field)

    def _thumbnail(self, obj, height):
        url = thumbnail_url(getattr(obj, self.renditions_field))
        if not url:
            return _("No image yet.")
        return format_html(
            '<img src="{}" alt="" height="{}" style="width:auto;border-radius:4px">', url, height
        )

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        return self._thumbnail(obj, 48)

    @admin.display(description=_("current image"))
    def image_preview(self, obj):
        """The image, and the file name it was uploaded with (it is stored under another)."""
        uploaded = images.uploaded_name(obj, self.renditions_field)
        if not uploaded:
            return self._thumbnail(obj, 180)
        return format_html(
            '{}<p class="help">Uploaded as {}</p>', self._thumbnail(obj, 180), uploaded
        )
