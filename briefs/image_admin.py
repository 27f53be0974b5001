"""Admin support for records with an uploaded image: processing on save, thumbnails."""

from django.contrib import admin
from django.utils.html import format_html

from . import images
from .templatetags.pictures import thumbnail_url


class ImageAdminMixin:
    """For a ModelAdmin whose model has ``image_field`` and its ``renditions_field``.

    A new upload is re-encoded and its renditions written before the record is saved,
    so the first reader never waits on image work.
    """

    image_field = None
    renditions_field = None

    def save_model(self, request, obj, form, change):
        if self.image_field in form.changed_data:
            images.store_upload(obj, self.image_field, self.renditions_field)
        super().save_model(request, obj, form, change)

    def _thumbnail(self, obj, height):
        url = thumbnail_url(getattr(obj, self.renditions_field))
        if not url:
            return "No image yet."
        return format_html(
            '<img src="{}" alt="" height="{}" style="width:auto;border-radius:4px">', url, height
        )

    @admin.display(description="image")
    def thumbnail(self, obj):
        return self._thumbnail(obj, 48)

    @admin.display(description="current image")
    def image_preview(self, obj):
        return self._thumbnail(obj, 180)
