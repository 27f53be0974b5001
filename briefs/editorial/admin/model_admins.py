from django.contrib import admin
from django.db.models import Count, Prefetch, Q
from django.template.defaultfilters import pluralize
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from briefs.editorial import previews, workflow
from briefs.editorial.admin.autosave import AutosaveAdminMixin
from briefs.editorial.admin.corrections import CorrectionInline, CorrectionSavingMixin
from briefs.editorial.admin.hero import HERO_FIELDS, HeroAdminMixin
from briefs.editorial.admin.image_library import LibraryImageAdmin
from briefs.editorial.admin.images import ImageAdminMixin
from briefs.editorial.admin.list_filters import MyBriefsFilter, WorkflowStageFilter
from briefs.editorial.admin.mixin import WorkflowAdminMixin
from briefs.editorial.admin.scale import EstimatedCountPaginator, LeanChangeList, UsedTermsFilter
from briefs.editorial.admin.translations import BriefTranslationsMixin, TranslationsFilter
from briefs.editorial.local_time import format_local
from briefs.models import Author, Brief, BriefKind, LibraryImage, Series, Theme
from briefs.printing import engine
from ops.term_names import TermNamesAdmin

admin.site.register(LibraryImage, LibraryImageAdmin)


@admin.register(Brief)
class BriefAdmin(
    AutosaveAdminMixin,
    CorrectionSavingMixin,
    BriefTranslationsMixin,
    WorkflowAdminMixin,
    HeroAdminMixin,
    VersionAdmin,
):
    list_display = [
        "thumbnail",
        "title_in_language",
        "publication",
        "country_list",
        "series",
    ]
    list_filter = [
        MyBriefsFilter,
        WorkflowStageFilter,
        "status",
        "language",
        TranslationsFilter,
        ("countries__region", UsedTermsFilter),
        ("countries", UsedTermsFilter),
        ("series", UsedTermsFilter),
        "kind",
        ("themes", UsedTermsFilter),
        ("byline__author", UsedTermsFilter),
        # A date filter instead of date_hierarchy, whose year links scan every brief.
        "publish_at",
    ]
    # At 100,000 briefs: no full count on every load (see admin_scale.py).
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_defer = ["body", "notes", "search_document"]
    list_per_page = 50
    list_select_related = ["series", "hero"]
    search_fields = ["title", "dek"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["countries", "series", "hero"]
    radio_fields = {"key_points_label": admin.HORIZONTAL, "kind": admin.HORIZONTAL}
    list_display_links = ["thumbnail", "title_in_language"]
    readonly_fields = [
        "word_count",
        "reading_minutes",
        "created_at",
        "updated_at",
        "hero_preview",
        "publication_state",
        "pdf_state",
        "translation_of_link",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    ("language", "translation_of_link"),
                    "slug",
                    "byline",
                    "dek",
                    "key_points_label",
                    "key_points",
                    "body",
                    "notes",
                ]
            },
        ),
        (
            _("Hero image"),
            {"fields": HERO_FIELDS},
        ),
        (
            _("Filing"),
            {
                "fields": [
                    "kind",
                    "countries",
                    "themes",
                    ("series", "series_position"),
                    "shift_later_parts",
                ]
            },
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "publication_state",
                    "status",
                    ("publish_at", "take_down_at"),
                    "pdf_state",
                    "base_version",
                ]
            },
        ),
        (
            _("Advanced"),
            {
                "classes": ["collapse"],
                "fields": [
                    "seo_title",
                    "seo_description",
                    ("word_count", "reading_minutes"),
                    ("created_at", "updated_at"),
                ],
            },
        ),
    ]

    class Media:
        css = {"all": ["css/admin-brief-form.css"]}
        js = [
            "js/hero-picker.js",
            "js/byline.js",
            "js/series-part.js",
            "js/theme-chips.js",
            "js/widget-names.js",
        ]

    def get_queryset(self, request):
        """The briefs this user may see: the list, every page of a brief and the pickers."""
        briefs = super().get_queryset(request).prefetch_related("countries")
        return workflow.visible_briefs(request.user, briefs)

    def get_changelist(self, request, **kwargs):
        return LeanChangeList

    def get_inlines(self, request, obj):
        """Corrections and updates are notes on a brief that exists: none on the add form."""
        return [] if obj is None else [CorrectionInline]

    @admin.display(description=_("publication"), ordering="publish_at")
    def publication(self, brief):
        """The state and, for a public brief, since when and until when: one column where
        two did not fit."""
        if not brief.is_public:
            return previews.state_label(brief)
        since = format_html("{}<br>{}", brief.get_status_display(), format_local(brief.publish_at))
        if brief.take_down_at is None:
            return since
        return format_html("{}<br>{}", since, previews.take_down_label(brief))

    @admin.display(description=_("publication"))
    def publication_state(self, brief):
        """The state on the brief's own form ("New brief" before its first save)."""
        return previews.state_label(brief) if brief.pk else _("New brief")

    @admin.display(description=_("countries"))
    def country_list(self, brief):
        return ", ".join(country.name for country in brief.countries.all())

    @admin.display(description="PDF")
    def pdf_state(self, brief):
        """The PDFs readers can download, or why there are none."""
        reason = engine.unavailable_reason()
        if reason:
            return f"This server makes no PDFs: {reason}. See docs/production.md, “PDFs”."
        pdfs = list(brief.pdfs.all()) if brief.pk and brief.is_public else []
        if not pdfs:
            return _(
                "Made in the background once the brief is public, and again after each change."
            )
        return format_html_join(
            " · ",
            '<a href="{}">{}</a> ({} page{}, made {})',
            (
                (
                    pdf.get_absolute_url(),
                    pdf.get_paper_display(),
                    pdf.pages,
                    pluralize(pdf.pages),
                    format_local(pdf.made_at),
                )
                for pdf in pdfs
            ),
        )

    def view_on_site(self, brief):
        return brief.get_absolute_url() if brief.is_public else None

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class BriefCountMixin:
    """Shows how many briefs use a record, so editors see what a change affects.

    Only the briefs the user may see are counted (``workflow.visible_briefs``).
    """

    brief_path = "briefs"  # from the record to the briefs that use it

    def get_queryset(self, request):
        # Counting groups the rows, and Django leaves the model's default order out of
        # grouped queries: the autocomplete's pages of series or authors would come in no
        # stable order, repeating some records and skipping others.
        count = Count(self.brief_path, filter=self._visible(request))
        counted = super().get_queryset(request).annotate(brief_count=count)
        return counted.order_by(*(self.get_ordering(request) or self.model._meta.ordering))

    def _visible(self, request):
        if workflow.is_editor(request.user):
            return None  # editors see every brief: no filter to run
        return Q(**{f"{self.brief_path}__in": workflow.visible_briefs(request.user)})

    @admin.display(description=_("briefs"), ordering="brief_count")
    def brief_count(self, obj):
        return obj.brief_count


@admin.register(Author)
class AuthorAdmin(TermNamesAdmin, ImageAdminMixin, BriefCountMixin, admin.ModelAdmin):
    translated_fields = {"role": "roles"}
    image_field = "photo"
    renditions_field = "photo_renditions"
    list_display = ["thumbnail", "name", "role", "brief_count"]
    list_display_links = ["thumbnail", "name"]
    readonly_fields = ["image_preview"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Series)
class SeriesAdmin(TermNamesAdmin, BriefCountMixin, admin.ModelAdmin):
    translated_fields = {"title": "titles"}
    list_display = ["title", "brief_count", "contents"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        parts = workflow.visible_briefs(request.user).only("series", "series_position", "title")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("briefs", queryset=parts.order_by("series_position")))
        )

    @admin.display(description=_("parts"))
    def contents(self, series):
        return format_html_join(
            ", ", "{}. {}", ((brief.series_position, brief.title) for brief in series.briefs.all())
        )


@admin.register(Theme)
class ThemeAdmin(TermNamesAdmin, BriefCountMixin, admin.ModelAdmin):
    translated_fields = {"name": "names"}
    brief_path = "tagged_briefs__content_object"
    list_display = ["name", "slug", "brief_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(BriefKind)
class BriefKindAdmin(TermNamesAdmin, BriefCountMixin, admin.ModelAdmin):
    """Content types (brief, commentary, report…): administrators add and change them,
    named in each site language; editors choose one per item. A prefix another address
    uses is refused (``clean``)."""

    translated_fields = {"name": "names", "plural_name": "plural_names"}

    list_display = ["name", "plural_name", "prefix", "schema_type", "order", "brief_count"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"], "prefix": ["plural_name"]}
