"""An image field whose uploads pass the project's validator before anything else."""

from django import forms
from django.db import models

from .validation import validate_upload

ACCEPT = "image/jpeg,image/png,image/webp"


class ValidatedImageFormField(forms.ImageField):
    """Runs ``validate_upload`` instead of Django's looser Pillow check, with clear errors."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            validate_upload(upload)
        return upload

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": ACCEPT}


class UploadedImageField(models.ImageField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ValidatedImageFormField, **kwargs})
