"""Image fields: uploads pass the project's validator and are stored under generated names."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.boundfield import BoundField

from briefs.images import naming
from briefs.images.validation import validate_upload

ACCEPT = "image/jpeg,image/png,image/webp"


class SingleFileBoundField(BoundField):
    """Hands the field every file sent under its name when there is more than one.

    Django would keep the last one and drop the others without a word; the field
    refuses them all instead.
    """

    @property
    def data(self):
        files = self.form.files
        sent = files.getlist(self.html_name) if hasattr(files, "getlist") else []
        return sent if len(sent) > 1 else super().data


class ValidatedImageFormField(forms.ImageField):
    """Runs ``validate_upload`` instead of Django's looser Pillow check, with clear errors."""

    bound_field_class = SingleFileBoundField

    def clean(self, data, initial=None):
        if isinstance(data, list):
            raise ValidationError(
                f"Only one image can be uploaded here, and {len(data)} files were sent. "
                "Choose one image and save again.",
                code="several_files",
            )
        return super().clean(data, initial)

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            validate_upload(upload)
        return upload

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": ACCEPT}


class UploadedImageField(models.ImageField):
    """Stores every image under a generated name (see ``naming``), never the uploader's."""

    def generate_filename(self, instance, filename):
        return super().generate_filename(instance, naming.random_name(filename))

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ValidatedImageFormField, **kwargs})
