"""The image library in the admin: who sees which image, the library's pages, and the two
addresses the body editor calls to upload an image or find one.

Who sees which image (``visible_images``): editors see every image. Anyone else sees
the images they uploaded (or uploaded again: the same file, ``briefs.library``) and the
images shown, as a figure or as the hero, in a brief they may see (their own and the
public ones, ``workflow.visible_briefs``), never an image shown only in other people's
unpublished briefs. Only editors and an image's uploader may change or delete it;
nobody may delete an image that a brief shows. A delete and a save of a brief that shows
the image, at the same moment, take turns (``delete_queryset``): the delete is refused
with the list of briefs, or the brief's figure draws nothing; neither is a 500.

A brief may show only images its editor sees: the brief form refuses any other id, as a
figure (``refused_figures``) or as the hero (its choices are ``visible_images``), an id
that no longer exists included. Once a brief that shows an image is published, every
reader sees that image, and so does every contributor.
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.db import IntegrityError, transaction
from django.db.models import F, Func, OuterRef, ProtectedError, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect, JsonResponse
from django.template.defaultfilters import pluralize
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from briefs import images
from briefs.content import figures
from briefs.editorial import workflow
from briefs.editorial.admin.images import ImageAdminMixin
from briefs.images.renditions import thumbnail_url
from briefs.library import uploads
from briefs.models import Brief, BriefFigure, LibraryImage

CHOICES_SHOWN = 24
SEARCH_LENGTH = 100


def visible_images(user, library=None):
    """The library images ``user`` may see (the rule in this module's docstring)."""
    library = LibraryImage.objects.all() if library is None else library
    if workflow.is_editor(user):
        return library
    briefs = workflow.visible_briefs(user).values("pk")
    shown = BriefFigure.objects.filter(brief__in=briefs).values("image")
    heroes = Brief.objects.filter(pk__in=briefs, hero__isnull=False).values("hero")
    return library.filter(
        Q(uploaded_by=user)
        | Q(
            pk__in=LibraryImage.uploaded_again_by.through.objects.filter(user=user).values(
                "libraryimage"
            )
        )
        | Q(pk__in=shown)
        | Q(pk__in=heroes)
    )


def may_manage(user, image):
    """May ``user`` change or delete ``image``? Editors, and whoever uploaded it."""
    return workflow.is_editor(user) or (image.uploaded_by_id == user.pk)


def refused_figures(user, body):
    """The figure ids of ``body`` (as it will be stored) that ``user`` may not show."""
    ids = figures.figure_ids(Brief._meta.get_field("body").sanitize(body or ""))
    if not ids:
        return []
    allowed = set(visible_images(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [image for image in ids if image not in allowed]


def describe(image):
    """What the editor's figure dialog shows of an image."""
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
        "thumbnail": thumbnail_url(image.renditions),
    }


class UploadForm(forms.ModelForm):
    """A new library image from the body editor; its title defaults to its alt text."""

    class Meta:
        model = LibraryImage
        fields = ["image", "title", "alt", "caption", "credit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title") and cleaned.get("alt"):
            cleaned["title"] = cleaned["alt"][: LibraryImage._meta.get_field("title").max_length]
        return cleaned


class LibraryImageForm(forms.ModelForm):
    """The library's own form: a replacement file may not be one the library holds."""

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if self.instance.pk and image and "image" in self.changed_data:
            key = uploads.upload_fingerprint(image)
            twin = LibraryImage.objects.filter(fingerprint=key).exclude(pk=self.instance.pk)
            if twin.exists():
                raise forms.ValidationError(
                    "This file is already in the library as “%(title)s”: use that image.",
                    code="duplicate",
                    params={"title": twin.first()},
                )
        return image


class LibraryImageAdmin(ImageAdminMixin, admin.ModelAdmin):
    form = LibraryImageForm
    image_field = "image"
    renditions_field = "renditions"
    list_display = ["thumbnail", "title", "alt", "use_count", "uploaded_at"]
    search_fields = ["title", "alt"]
    fields = ["image", "image_preview", "title", "alt", "caption", "credit"]
    readonly_fields = ["image_preview"]

    def get_queryset(self, request):
        library = visible_images(request.user, super().get_queryset(request))
        counted = library.annotate(use_count=briefs_using_count(request.user))
        # Grouped queries leave the default order out: pages would repeat and skip images.
        return counted.order_by(*(self.get_ordering(request) or LibraryImage._meta.ordering))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_manage(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_manage(request.user, obj))

    def save_model(self, request, obj, form, change):
        """A new upload goes through ``add_to_library``: a file already in the library
        gives back that image, which this page then shows with a notice."""
        if change:
            if "image" in form.changed_data:
                obj.fingerprint = uploads.file_fingerprint(obj.image)
            super().save_model(request, obj, form, change)
            return
        added = uploads.add_to_library(obj, request.user)
        if not added.created:
            obj.pk = added.image.pk
            obj.refresh_from_db()
            request.library_notice = added.notice

    def log_addition(self, request, obj, message):
        if getattr(request, "library_notice", ""):
            return None  # nothing was added
        return super().log_addition(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        notice = getattr(request, "library_notice", "")
        if not notice:
            return super().response_add(request, obj, post_url_continue)
        messages.warning(request, notice)
        return HttpResponseRedirect(reverse("admin:briefs_libraryimage_change", args=[obj.pk]))

    def delete_model(self, request, obj):
        self.delete_queryset(request, LibraryImage.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        """Delete the records, then their files once the deletion is committed.

        The images are locked first, as a brief's save locks those it shows
        (``Brief.record_figures``): a save under way finishes, and its use then refuses
        the delete (``ImageInUse``, naming the briefs); a save that comes later waits and
        finds the image gone.
        """
        chosen = [image.pk for image in queryset]
        try:
            with transaction.atomic():
                locked = LibraryImage.objects.select_for_update().filter(pk__in=chosen)
                doomed = list(locked.order_by("pk"))
                names = [
                    name
                    for image in doomed
                    for name in images.stored_names(image.image.name, image.renditions)
                ]
                LibraryImage.objects.filter(pk__in=chosen).delete()
        except (ProtectedError, IntegrityError):
            raise ImageInUse(request.user, chosen) from None
        transaction.on_commit(partial(images.delete_files, names))

    def delete_view(self, request, object_id, extra_context=None):
        """The delete page; a brief that came to show the image meanwhile refuses it."""
        try:
            return super().delete_view(request, object_id, extra_context)
        except ImageInUse as in_use:
            refused = in_use
        except IntegrityError:  # a use committed after the lock: never seen, but never a 500
            refused = ImageInUse(request.user, [object_id] if object_id.isdigit() else [])
        self.message_user(request, refused.message, messages.ERROR)
        return HttpResponseRedirect(reverse("admin:briefs_libraryimage_change", args=[object_id]))

    def response_action(self, request, queryset):
        """The list's actions; "Delete" refused as on the delete page."""
        try:
            return super().response_action(request, queryset)
        except ImageInUse as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_deleted_objects(self, objs, request):
        """An image shown in a brief is not deleted: the page lists the briefs instead.

        Django's own list would name every brief, those the user may not see included.
        """
        in_use = [uses_described(image, request.user) for image in objs if in_use_anywhere(image)]
        if in_use:
            return [], {}, set(), in_use
        return super().get_deleted_objects(objs, request)

    @admin.display(description=_("used in"), ordering="use_count")
    def use_count(self, image):
        return image.use_count

    def change_view(self, request, object_id, form_url="", extra_context=None):
        image = self.get_object(request, object_id)
        used_in = uses_described(image, request.user) if image else ""
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "used_in": used_in}
        )

    def get_urls(self):
        own = [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="briefs_libraryimage_upload",
            ),
            path(
                "choices/",
                self.admin_site.admin_view(self.choices_view),
                name="briefs_libraryimage_choices",
            ),
        ]
        return own + super().get_urls()

    @method_decorator(require_POST)
    def upload_view(self, request):
        """POST an image with its alt text (and title, caption, source): the new library
        image as JSON, or 400 with the form's errors; 403 without the right to add."""
        if not self.has_add_permission(request):
            return JsonResponse({"error": "You may not add images to the library."}, status=403)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        added = uploads.add_to_library(form.save(commit=False), request.user)
        answer = {**describe(added.image), "notice": added.notice}
        return JsonResponse(answer, status=201 if added.created else 200)

    @method_decorator(require_GET)
    def choices_view(self, request):
        """GET ``?q=`` words of a title or alt text, or ``?id=``: the matching images the
        user may see, newest first, as JSON."""
        if not self.has_view_permission(request):
            return JsonResponse({"error": "You may not see the image library."}, status=403)
        library = visible_images(request.user)
        wanted = request.GET.get("id")
        if wanted is not None:
            image = figures.checked_id(wanted)
            library = library.filter(pk=image) if image else library.none()
        else:
            for word in request.GET.get("q", "")[:SEARCH_LENGTH].split():
                library = library.filter(Q(title__icontains=word) | Q(alt__icontains=word))
        return JsonResponse({"results": [describe(image) for image in library[:CHOICES_SHOWN]]})


def briefs_using(image):
    """The briefs that show ``image``, as a figure or as their hero."""
    figures_of = BriefFigure.objects.filter(image=image).values("brief")
    return Brief.objects.filter(Q(hero=image) | Q(pk__in=figures_of))


def in_use_anywhere(image):
    return briefs_using(image).exists()


def briefs_using_count(user):
    """How many briefs that ``user`` may see show each library image (figure or hero):
    an annotation for a query of library images."""
    figures_of = BriefFigure.objects.filter(image=OuterRef(OuterRef("pk"))).values("brief")
    using = Brief.objects.filter(Q(hero=OuterRef("pk")) | Q(pk__in=figures_of))
    count = Func(F("pk"), function="COUNT", template="COUNT(DISTINCT %(expressions)s)")
    counted = workflow.visible_briefs(user, using).order_by().annotate(n=count).values("n")
    return Coalesce(Subquery(counted), 0)


class ImageInUse(Exception):
    """Nothing was deleted: a brief shows (since the page was opened) one of the images."""

    def __init__(self, user, image_ids):
        chosen = LibraryImage.objects.filter(pk__in=image_ids)
        described = [uses_described(image, user) for image in chosen if in_use_anywhere(image)]
        self.message = format_html(
            "{} Nothing was deleted: remove the image from those briefs first.",
            format_html_join(" ", "{}", ((text,) for text in described))
            or "The image came into use while it was being deleted.",
        )
        super().__init__(self.message)


def uses_described(image, user):
    """The briefs showing ``image`` that ``user`` may see, linked; the others counted."""
    shown = briefs_using(image).order_by("title")
    visible = list(workflow.visible_briefs(user, shown).only("pk", "title"))
    hidden = shown.count() - len(visible)
    if not visible and not hidden:
        return "Not used in any brief yet."
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((reverse("admin:briefs_brief_change", args=[brief.pk]), brief.title) for brief in visible),
    )
    others = f"{hidden} brief{pluralize(hidden)} you cannot open" if hidden else ""
    where = format_html("{} and {}", links, others) if visible and hidden else links or others
    return format_html("“{}” is shown in {}.", image, where)
