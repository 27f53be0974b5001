"""The hero image on the brief form: pick one from the image library, or upload one there.

The brief keeps a reference to a library image (``Brief.hero``); its alt text, caption and
credit are the library image's. The form offers both ways in one step:

- ``hero``: a searchable pick from the images this user may see (``visible_images``), the
  admin's autocomplete. Its choices are that same query on the server, so an id from
  another person's draft, or one that does not exist, is a form error whatever is posted.
- ``hero_image`` with ``hero_alt`` (required with a file), ``hero_caption`` and
  ``hero_credit``: a new file, added to the library when the brief is saved
  (``uploads.add_to_library``). A file the library already holds gives back that image,
  and the editor is told so. An upload wins over a pick made in the same save.

A form refused for another reason (a taken address, a missing summary) keeps the upload:
it joins the library then, and comes back picked in ``hero``, shown, and saved with the
brief on the next save (``HeroAdminMixin.keep_refused_upload``).
"""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from briefs import images
from briefs.content import figures
from briefs.editorial.admin.image_library import visible_images
from briefs.images.fields import ValidatedImageFormField
from briefs.images.renditions import thumbnail_url
from briefs.library import uploads
from briefs.models import LibraryImage

HERO_FIELDS = ["hero_preview", "hero", "hero_image", "hero_alt", ("hero_caption", "hero_credit")]
ALT_REQUIRED = "Describe the new image for readers who cannot see it."
NOT_ALLOWED = "You may not add images to the library."


def _library_field(name, **options):
    field = LibraryImage._meta.get_field(name)
    return forms.CharField(
        label=options.pop("label", capfirst(field.verbose_name)),
        max_length=field.max_length,
        required=False,
        help_text=options.pop("help_text", field.help_text),
        **options,
    )


class HeroFormMixin(forms.Form):
    """The hero fields of the brief form; ``user`` is set per request."""

    hero_image = ValidatedImageFormField(
        label=_("Or upload a new hero image"),
        required=False,
        help_text="JPEG, PNG or WebP, up to 20 MB and 40 megapixels; at least 1600 pixels "
        "wide looks sharp on every screen. It joins the image library when you save, and "
        "replaces the image picked above.",
    )
    hero_alt = _library_field(
        "alt",
        help_text="What the new image shows, for readers who cannot see it. Required "
        "with a new image.",
    )
    hero_caption = _library_field("caption", help_text="")
    hero_credit = _library_field("credit")

    junk_hero = False  # a posted hero that is no id at all

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        posted = self.data.get(self.add_prefix("hero")) if self.is_bound else None
        if posted and figures.checked_id(posted) is None:
            # The autocomplete widget looks the posted value up to draw it again, and a
            # value that is no id would fail there: it is refused here, and drawn empty.
            self.data = self.data.copy()
            self.data[self.add_prefix("hero")] = ""
            self.junk_hero = True
        if "hero" in self.fields:
            self.fields["hero"].queryset = visible_images(self.user, LibraryImage.objects.all())
            self.fields["hero"].help_text = (
                "Type words of an image's title or alt text to pick it from the library. "
                "Its alt text, caption and credit come with it: a correction in the library "
                "corrects every brief that shows it."
            )

    def clean(self):
        cleaned = super().clean()
        if self.junk_hero and "hero" in self.fields:
            self.add_error("hero", self.fields["hero"].error_messages["invalid_choice"])
        upload = cleaned.get("hero_image")
        if upload:
            if not self.user.has_perm("briefs.add_libraryimage"):
                self.add_error("hero_image", NOT_ALLOWED)
            elif not cleaned.get("hero_alt", "").strip():
                self.add_error("hero_alt", ALT_REQUIRED)
        return cleaned

    def new_hero(self):
        """An unsaved library image of the uploaded file and its words, or None."""
        upload = self.cleaned_data.get("hero_image")
        if not upload:
            return None
        alt = self.cleaned_data["hero_alt"].strip()
        return LibraryImage(
            image=upload,
            title=alt[: LibraryImage._meta.get_field("title").max_length],
            alt=alt,
            caption=self.cleaned_data.get("hero_caption", ""),
            credit=self.cleaned_data.get("hero_credit", ""),
        )


class HeroAdminMixin:
    """The brief admin's side: the upload joins the library inside the brief's save (after
    the version check, in its transaction); the chosen hero's thumbnail on the form and in
    the list."""

    def save_model(self, request, obj, form, change):
        record = form.new_hero()
        if record is None:
            super().save_model(request, obj, form, change)
            return
        added = uploads.add_to_library(record, request.user)
        obj.hero = added.image
        try:
            super().save_model(request, obj, form, change)
        except Exception:
            # The brief's save failed (an address taken meanwhile, say) and takes the new
            # library image's row with it: its files go too.
            if added.created:
                images.delete_files(images.stored_names(record.image.name, record.renditions))
            raise
        if added.notice:
            messages.warning(request, added.notice)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        self.keep_refused_upload(request, context["adminform"].form)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @staticmethod
    def keep_refused_upload(request, form):
        """A refused form's new hero image, itself in order (a picture, its alt text, a
        user who may add to the library), joins the library and comes back picked in
        ``hero``: a browser cannot send a file field back filled in, and the editor would
        have to find and upload the file again."""
        refused = form.is_bound and form.errors
        hero_in_order = not any(map(form.has_error, ["hero", "hero_image", "hero_alt"]))
        if not (refused and hero_in_order and form.cleaned_data.get("hero_image")):
            return
        added = uploads.add_to_library(form.new_hero(), request.user)
        form.data = form.data.copy()
        form.data[form.add_prefix("hero")] = str(added.image.pk)
        for name in ["hero_alt", "hero_caption", "hero_credit"]:
            form.data[form.add_prefix(name)] = ""
        form.instance.hero = added.image
        # The bound field copied the help text when the form was checked: both are told.
        form.fields["hero"].help_text = form["hero"].help_text = format_html(
            "<strong>Your new image is kept:</strong> it is in the image library as “{}” and "
            "picked here; it is saved with the brief when the rest of the form is in order.",
            added.image,
        )

    @admin.display(description=_("image"))
    def thumbnail(self, brief):
        url = thumbnail_url(brief.hero.renditions) if brief.hero_id else ""
        if not url:
            return "No image yet."
        return format_html(
            '<img src="{}" alt="" height="48" style="width:auto;border-radius:4px">', url
        )

    @admin.display(description=_("current hero image"))
    def hero_preview(self, brief):
        """The hero's thumbnail and words; ``static/js/hero-picker.js`` shows a new pick's
        before the save, from the library's own answer (``choices_view``)."""
        hero = brief.hero if brief.hero_id else None
        url = thumbnail_url(hero.renditions) if hero else ""
        words = " · ".join(filter(None, [hero.alt, hero.caption, hero.credit])) if hero else ""
        uploaded = images.uploaded_name(hero, "renditions") if hero else ""
        return format_html(
            '<div class="hero-preview" data-choices="{}">'
            '<img src="{}" alt="" height="180" style="width:auto;border-radius:4px"{}>'
            "<p data-hero-words>{}</p>{}</div>",
            reverse("admin:briefs_libraryimage_choices"),
            url or "data:,",
            mark_safe("" if url else " hidden"),
            words or "No hero image yet.",
            format_html("<p data-hero-uploaded>Uploaded as {}</p>", uploaded) if uploaded else "",
        )
