"""The content model: briefs, the series they form, their authors and their themes."""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.models import ItemBase, TagBase

from briefs.content import figures, richtext
from briefs.content.languages import default_language, language_choices, page_language
from briefs.content.prefixes import prefix_clash
from briefs.content.querysets import BriefQuerySet, CorrectionQuerySet
from briefs.content.richtext import RichTextField
from briefs.content.slug_rule import slug_for
from briefs.content.slug_urls import brief_url_in, slug_url
from briefs.content.themes import ThemesField
from briefs.content.titles import one_line
from briefs.images.cards import card_fingerprint
from briefs.images.fields import UploadedImageField
from countries.models import Country
from ops.term_names import name_in, names_field


class Author(models.Model):
    name = models.CharField(pgettext_lazy("a person's", "name"), max_length=150)
    slug = models.SlugField(
        _("slug"),
        max_length=150,
        unique=True,
        allow_unicode=True,
        help_text=_("Forms the author's page address: /authors/…/."),
    )
    role = models.CharField(
        _("role or affiliation"),
        max_length=200,
        blank=True,
        help_text=_("Shown under the name, e.g. “Senior Fellow, South Caucasus Programme”."),
    )
    roles = names_field("role")
    bio = models.TextField(
        _("bio"), blank=True, help_text=_("Two or three sentences for the author's page.")
    )
    photo = UploadedImageField(
        _("photo"),
        upload_to="authors/",
        blank=True,
        help_text=_("A square portrait works best. JPEG, PNG or WebP, up to 20 MB."),
    )
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name=_("user"),
        help_text=_(
            "The login of this author, if they write in the admin: a contributor may "
            "edit the briefs that credit them."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("briefs:author-detail", self.slug)

    @property
    def local_role(self):
        """The role in the active language (the default language's when it has none)."""
        return name_in(self.role, self.roles)


class Series(models.Model):
    title = models.CharField(pgettext_lazy("what a thing is called", "title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        help_text=_("Forms the series' address: /series/…/."),
    )
    titles = names_field("title")
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Introduces the series on its page and in the series list."),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("series")
        # The same English word, another Russian one («серии»).
        verbose_name_plural = pgettext_lazy("plural", "series")

    def __str__(self):
        return self.local_title

    def get_absolute_url(self):
        return slug_url("briefs:series-detail", self.slug)

    @property
    def local_title(self):
        """The title in the active language (the default language's when it has none)."""
        return name_in(self.title, self.titles)


class Theme(TagBase):
    """A theme that cuts across countries (neutrality, sanctions, energy security...)."""

    names = names_field("name")

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.local_name

    def get_absolute_url(self):
        return slug_url("briefs:theme-detail", self.slug)

    @property
    def local_name(self):
        """The name in the active language (the default language's when it has none)."""
        return name_in(self.name, self.names)

    def slugify(self, tag, i=None):
        """The site's slug rule; taggit asks again with ``i`` = 1, 2... while a slug is taken."""
        number = 1 if i is None else i + 1
        return slug_for(tag, "theme", number, self._meta.get_field("slug").max_length)


class ThemedBrief(ItemBase):
    """A theme filed on a brief; the rows' ids give the order the editor typed them in."""

    tag = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tagged_briefs")
    content_object = models.ForeignKey("Brief", on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_theme_per_brief")
        ]
        # A theme's page finds its briefs from the theme side.
        indexes = [models.Index(fields=["tag", "content_object"], name="theme_briefs")]


class BriefKind(models.Model):
    """A type of item: brief, commentary, report, or any an administrator adds.

    Each has its own address prefix (/commentary/…/); a brief's other addresses (another
    type's prefix, a prefix its type had before, ``FormerPrefix``) redirect to it. Named so
    that it does not clash with Django's own content types.
    """

    class SchemaType(models.TextChoices):
        REPORT = "Report", _("Report")
        ANALYSIS = "AnalysisNewsArticle", _("Analysis (AnalysisNewsArticle)")
        OPINION = "OpinionNewsArticle", _("Opinion (OpinionNewsArticle)")
        SCHOLARLY = "ScholarlyArticle", _("Scholarly article (ScholarlyArticle)")
        NEWS = "NewsArticle", _("News (NewsArticle)")
        BLOG = "BlogPosting", _("Blog post (BlogPosting)")
        ARTICLE = "Article", _("Article")

    name = models.CharField(
        _("name"),
        max_length=60,
        unique=True,
        help_text=_("Shown on cards and pages."),
    )
    names = names_field("name")
    plural_name = models.CharField(
        _("plural name"),
        max_length=60,
        help_text=_("Shown in the archive's and search's filters, e.g. “Reports”."),
    )
    plural_names = names_field("plural name")
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        help_text=_("The filter's value in addresses: /briefs/?type=…"),
    )
    schema_type = models.CharField(
        _("schema.org type"),
        max_length=30,
        choices=SchemaType.choices,
        default=SchemaType.REPORT,
        help_text=_("What search engines are told each item of this type is."),
    )
    prefix = models.SlugField(
        _("address prefix"),
        max_length=60,
        unique=True,
        help_text=_(
            "Items of this type live at /prefix/slug/. Changing it keeps the old "
            "addresses working as permanent redirects."
        ),
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Lower comes first in lists; the first type is the default."),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("content type")
        verbose_name_plural = _("content types")

    def __str__(self):
        return self.local_name

    def save(self, *args, **kwargs):
        """Keep the prefix being replaced as a former one, which redirects (a prefix that
        comes back into use stops being a former one)."""
        with transaction.atomic():
            stored = BriefKind.objects.filter(pk=self.pk).values_list("prefix", flat=True).first()
            super().save(*args, **kwargs)
            FormerPrefix.objects.filter(prefix=self.prefix).delete()
            if stored and stored != self.prefix:
                FormerPrefix.objects.create(prefix=stored, kind=self)

    def clean(self):
        clash = prefix_clash(self.prefix)
        if clash:
            raise ValidationError({"prefix": clash})

    @property
    def local_name(self):
        """The name in the active language (the default language's when it has none)."""
        return name_in(self.name, self.names)


class FormerPrefix(models.Model):
    """An address prefix a content type had: its items' addresses under it redirect."""

    prefix = models.SlugField(max_length=60, unique=True)
    kind = models.ForeignKey(BriefKind, on_delete=models.CASCADE, related_name="former_prefixes")

    class Meta:
        ordering = ["prefix"]
        verbose_name_plural = "former prefixes"

    def __str__(self):
        return f"{self.prefix} → {self.kind.prefix}"


def default_kind():
    """The first content type in order: what a new item is unless the editor says otherwise."""
    return BriefKind.objects.order_by("order", "pk").values_list("pk", flat=True).first()


class KeyPointsLabel(models.TextChoices):
    """What a brief's box of points above the body is headed."""

    KEY_POINTS = "key-points", _("Key points")
    RECOMMENDATIONS = "recommendations", _("Recommendations")


CORRECTION_MAX_LENGTH = 2000


TAKE_DOWN_BEFORE_PUBLISH = "The take-down time must be after the publish time."

KEY_POINTS_MAX = 8  # a short list: more and it is a section of the body
KEY_POINTS_MAX_LENGTH = 2000

# The words of a brief, what a translation renders: a change to any of them (and to no
# other field) moves ``Brief.text_changed_at``.
TEXT_FIELDS = ("title", "dek", "key_points", "body", "notes")


class Brief(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=250,
        unique=True,
        allow_unicode=True,
        help_text=_("Forms the brief's address: /briefs/…/. Keep it stable once published."),
    )
    dek = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_(
            "One paragraph under the title; also shown in lists, feeds and search results."
        ),
    )
    key_points_label = models.CharField(
        _("label of the key points"),
        max_length=20,
        choices=KeyPointsLabel.choices,
        default=KeyPointsLabel.KEY_POINTS,
    )
    key_points = models.TextField(
        _("key points"),
        blank=True,
        max_length=KEY_POINTS_MAX_LENGTH,
        help_text=f"Optional. One point per line, at most {KEY_POINTS_MAX} points; shown in a "
        "box above the body under the label chosen above.",
    )
    body = RichTextField(_("body"), extensions=richtext.BODY_EXTENSIONS)
    notes = RichTextField(
        _("sources"),
        extensions=richtext.NOTES_EXTENSIONS,
        blank=True,
        help_text=_(
            "Sources and further reading not tied to one place in the text, listed under "
            "the numbered notes. A note about one sentence is a footnote: put it in the body with "
            "the “Note” button."
        ),
    )
    hero = models.ForeignKey(
        "LibraryImage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hero_of",
        verbose_name=_("hero image"),
        help_text=_(
            "Shown above the body and on social cards, with the library image's alt "
            "text, caption and credit. At least 1600 pixels wide looks sharp on every screen."
        ),
    )
    authors = models.ManyToManyField(Author, through="BriefAuthor", related_name="briefs")
    countries = models.ManyToManyField(
        Country,
        related_name="briefs",
        verbose_name=_("countries"),
        help_text=_(
            "Every country the brief analyses; readers browse briefs by country and region."
        ),
    )
    themes = ThemesField(
        through=ThemedBrief,
        # In the editor's order on every read, prefetched ones too (taggit leaves those
        # unordered: the database's whim, so feeds changed order between runs).
        ordering=["tagged_briefs__id"],
        blank=True,
        verbose_name=_("themes"),
        help_text=_(
            "Separate themes with commas: “neutrality, energy security, Russia” is three "
            "themes. They are shown in the order typed; a new theme is created on first use."
        ),
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="briefs",
        verbose_name=_("series"),
        help_text=_("Optional. Readers walk a series in the order of its positions."),
    )
    series_position = models.PositiveSmallIntegerField(
        _("series position"),
        null=True,
        blank=True,
        help_text=_("1 for the first part of the series, 2 for the next..."),
    )
    kind = models.ForeignKey(
        BriefKind,
        on_delete=models.PROTECT,
        default=default_kind,
        related_name="briefs",
        verbose_name=_("type"),
        help_text=_(
            "Brief, commentary, report…: shown on cards and the page, and sets the "
            "address (/commentary/…/). Changing it keeps the old address as a redirect."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=15,
        choices=language_choices,
        default=default_language,
        help_text=_(
            "The language the brief is written in; its page is at that language's "
            "addresses (/ru/briefs/…/ for Russian)."
        ),
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("The original this brief translates; empty for an original."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        help_text=_(
            "When a published brief becomes public. A future time schedules it; empty means now."
        ),
    )
    take_down_at = models.DateTimeField(
        _("take down at"),
        null=True,
        blank=True,
        help_text=_(
            "Optional: when the brief leaves every public page by itself (an embargo "
            "ends, a statement expires). Must be after the publish time; empty keeps it up."
        ),
    )
    seo_title = models.CharField(
        _("search engine title"),
        max_length=70,
        blank=True,
        help_text=_("Replaces the title in search results and social cards, if set."),
    )
    seo_description = models.CharField(
        _("search engine description"),
        max_length=200,
        blank=True,
        help_text=_("Replaces the summary in search results and social cards, if set."),
    )
    word_count = models.PositiveIntegerField(_("word count"), default=0, editable=False)
    reading_minutes = models.PositiveSmallIntegerField(
        _("reading minutes"), default=1, editable=False
    )
    search_document = models.TextField(editable=False, blank=True)
    # Weighted full-text index on PostgreSQL, kept current by briefs.search.index;
    # an untyped, unused column on SQLite. Its GIN index is made by migration 0005.
    search_vector = SearchVectorField(null=True, editable=False)
    # The ids of the brief's countries, themes and authors, {"country": [...], "theme": [...],
    # "author": [...]}, written by the database from the link tables whatever writes them
    # (triggers of migration 0017; a value saved from Python is replaced). A search counts
    # its facets from them (briefs.listings.candidate_facets).
    facet_terms = models.JSONField(null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # When the words (``TEXT_FIELDS``) last changed, set by ``prepare_for_save``: a status,
    # a filing or a schedule change leaves it. Its translations are out of date when it is
    # later than their last save (``briefs.editorial.translations``).
    text_changed_at = models.DateTimeField("text last changed", null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = BriefQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        # Its own message: "brief" alone is the facets' count of briefs ("1 brief", "2 briefs").
        verbose_name = pgettext_lazy("one brief", "brief")
        verbose_name_plural = _("briefs")
        permissions = [("publish_brief", "Can publish, schedule and unpublish briefs")]
        constraints = [
            # A part of a series is one brief in each language: a translation of part 2
            # is part 2 too.
            models.UniqueConstraint(
                fields=["series", "series_position", "language"],
                name="unique_position_in_series",
            ),
            models.CheckConstraint(
                condition=Q(series__isnull=True, series_position__isnull=True)
                | Q(series__isnull=False, series_position__isnull=False),
                name="series_and_position_together",
                violation_error_message="A brief in a series needs a position, and only then.",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="published_has_publish_time",
            ),
            models.CheckConstraint(
                condition=Q(take_down_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(take_down_at__gt=F("publish_at")),
                name="take_down_after_publish",
                violation_error_message=TAKE_DOWN_BEFORE_PUBLISH,
            ),
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                name="one_translation_per_language",
                violation_error_message="The original already has a translation in this language.",
            ),
            models.CheckConstraint(
                condition=~Q(translation_of=F("pk")),
                name="not_a_translation_of_itself",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at", "id"], name="brief_public_order"),
            # The newest public briefs of one language (a per-language list).
            models.Index(
                fields=["language", "status", "publish_at", "id"], name="brief_language_order"
            ),
            # The admin change list's default order, whatever the status.
            models.Index(fields=["publish_at", "id"], name="brief_newest_order"),
            # The next and the last take-down (the public generation), and the few briefs
            # still to come down (the public counts).
            models.Index(
                fields=["take_down_at"],
                name="brief_take_down",
                condition=Q(take_down_at__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        adding = self._state.adding
        # The brief and the uses of its figures are written together, or not at all.
        with transaction.atomic():
            super().save(*args, **kwargs)
            update_fields = kwargs.get("update_fields")
            if update_fields is None or "body" in update_fields:
                self.record_figures(adding)
        self.remember_text()

    def get_absolute_url(self):
        """The brief's page, at its language's addresses whatever language is active."""
        return brief_url_in(self.language, self.kind.prefix, self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        brief = super().from_db(db, field_names, values)
        brief.remember_text()
        return brief

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self.remember_text()

    @property
    def page_language(self):
        """The language of the brief's page (``languages.page_language``)."""
        return page_language(self.language)

    def record_figures(self, adding=False):
        """Note which library images the body shows, for the library's "used in" and its
        refusal to delete an image in use. Ids of images that do not exist are left out,
        and kept in ``figures_missing``: the body keeps them, and they draw nothing.

        The images are locked until the save commits (PostgreSQL; on SQLite the save's
        immediate transaction holds the whole database), so an image deleted at the same
        moment either goes first, and is missing here, or waits, and finds this use and
        is not deleted (``LibraryImageAdmin.delete_queryset``).
        """
        ids = figures.figure_ids(self.body)
        self.figures_missing = []
        if not ids:
            if not adding:
                self.figure_uses.all().delete()
            return
        locked = LibraryImage.objects.select_for_update(no_key=True).filter(pk__in=ids)
        shown = set(locked.order_by("pk").values_list("pk", flat=True))
        self.figures_missing = [image for image in ids if image not in shown]
        recorded = set(self.figure_uses.values_list("image_id", flat=True))
        self.figure_uses.filter(image_id__in=recorded - shown).delete()
        BriefFigure.objects.bulk_create(
            BriefFigure(brief=self, image_id=image) for image in shown - recorded
        )

    def prepare_for_save(self):
        """Sanitize the rich text, fold the title onto one line and derive the fields no
        one types by hand.

        ``save()`` calls it; bulk writers (``bench/archive.py``) call it on each brief
        before ``bulk_create`` so both paths store the same thing.
        """
        self.title = one_line(self.title)
        for name in ("body", "notes"):
            setattr(self, name, self._meta.get_field(name).sanitize(getattr(self, name)))
        if self.text_changed_since_read():
            self.text_changed_at = timezone.now()
        body_text = richtext.plain_text(self.body)
        self.word_count = richtext.word_count(body_text)
        self.reading_minutes = richtext.reading_minutes(self.word_count)
        self.search_document = " ".join(
            part
            for part in (
                self.title,
                self.dek,
                " ".join(self.key_point_list),
                body_text,
                richtext.plain_text(self.notes),
            )
            if part
        )

    def remember_text(self):
        """Keep the words as read from (or written to) the database, for
        ``text_changed_since_read``; deferred fields were not read and are left out."""
        deferred = self.get_deferred_fields()
        self._text_as_read = {
            name: getattr(self, name) for name in TEXT_FIELDS if name not in deferred
        }

    def text_changed_since_read(self):
        """Whether this save writes new words: always for a brief not saved yet (or one
        not read from the database), else when one of the text fields read differs."""
        read = getattr(self, "_text_as_read", None)
        if self._state.adding or read is None:
            return True
        return any(getattr(self, name) != value for name, value in read.items())

    @property
    def key_point_list(self):
        """The key points, one per non-empty line."""
        return [line.strip() for line in self.key_points.splitlines() if line.strip()]

    def clean(self):
        self._clean_translation()
        if len(self.key_point_list) > KEY_POINTS_MAX:
            raise ValidationError(
                {"key_points": f"Keep to {KEY_POINTS_MAX} points at most, one per line."}
            )
        if not self.comes_down_after_publishing:
            raise ValidationError({"take_down_at": TAKE_DOWN_BEFORE_PUBLISH})

    def _clean_translation(self):
        """A translation translates an original (never another translation, nor itself),
        in another language than the original's."""
        original = self.translation_of
        if original is None:
            return
        if original.pk == self.pk or original.translation_of_id is not None:
            raise ValidationError(
                _("A translation must point at the original brief, not at a translation.")
            )
        if original.language == self.language:
            raise ValidationError(
                {"language": _("A translation must be in another language than its original.")}
            )

    @property
    def comes_down_after_publishing(self):
        """Whether the take-down time, if any, is after the publish time, if any (the rule
        the ``take_down_after_publish`` constraint keeps in the database)."""
        return None in (self.take_down_at, self.publish_at) or self.take_down_at > self.publish_at

    def social_card_url(self):
        """Address of the brief's social card, at its language's addresses like its page; it
        changes whenever what the card shows does."""
        with translation.override(self.page_language):
            url = reverse("briefs:brief-card", args=[self.slug])
        return f"{url}?v={card_fingerprint(self)}"

    @property
    def is_public(self):
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= now
            and (self.take_down_at is None or self.take_down_at > now)
        )

    @property
    def is_taken_down(self):
        """Published, and its take-down time has passed: public no more, by itself."""
        return (
            self.status == self.Status.PUBLISHED
            and self.take_down_at is not None
            and self.take_down_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def ordered_authors(self):
        """Authors in byline order; uses the prefetched byline when there is one."""
        return [credit.author for credit in self.byline.all()]

    @property
    def last_modified(self):
        """When what readers see of the brief last changed: its last save, or a later note
        or strike-through (uses the prefetched corrections when there are some)."""
        moments = [self.updated_at]
        for note in self.corrections.all():
            moments += [note.created_at, note.struck_at]
        return max(moment for moment in moments if moment is not None)


class LibraryImage(models.Model):
    """An image of the image library, uploaded once and shown as a figure or as the hero
    image of any brief.

    The alt text, caption and source belong to the image: every brief that shows it shows
    them, and a correction here corrects them all. Who sees which image in the admin:
    ``briefs.editorial.admin.image_library.visible_images``.
    """

    image = UploadedImageField(
        _("image"),
        upload_to="library/%Y/",
        help_text=_(
            "JPEG, PNG or WebP, up to 20 MB and 40 megapixels; at least 1600 pixels "
            "wide looks sharp on every screen."
        ),
    )
    title = models.CharField(
        pgettext_lazy("what a thing is called", "title"),
        max_length=200,
        help_text=_("For finding the image in the library; readers do not see it."),
    )
    alt = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_(
            "What the image shows or says, for readers who cannot see it: for a chart, "
            "its main finding."
        ),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(
        _("source or credit"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Source: IMF, World Economic Outlook” or “Photo: Reuters”."),
    )
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    # The sha256 of the file as it was uploaded (``briefs.library.uploads``): the same
    # file uploaded again finds this image instead of making a second one. Empty for an
    # image whose file could not be read when fingerprints were first taken (0018): NULL,
    # not "", because a unique column holds many NULLs but only one "".
    fingerprint = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, editable=False
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # People who uploaded the same file again: they hold it, so they see it as their own.
    uploaded_again_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, editable=False, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("library image")
        verbose_name_plural = _("library images")
        constraints = [
            models.CheckConstraint(
                condition=~Q(alt=""),
                name="library_image_has_alt_text",
                violation_error_message="Describe the image in its alt text.",
            ),
        ]

    def __str__(self):
        return self.title


class BriefFigure(models.Model):
    """A library image shown in a brief's body; kept by ``Brief.record_figures``."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="figure_uses")
    # An image in use cannot be deleted: the admin lists the briefs that show it.
    image = models.ForeignKey(LibraryImage, on_delete=models.PROTECT, related_name="uses")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["brief", "image"], name="one_use_per_brief_and_image")
        ]

    def __str__(self):
        return f"{self.image} in {self.brief}"


class BriefAuthor(models.Model):
    """One author's credit on a brief, in byline order."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="byline")
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="credits", verbose_name=_("author")
    )
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["position"]
        verbose_name = "author"
        constraints = [
            models.UniqueConstraint(fields=["brief", "author"], name="unique_author_per_brief"),
        ]
        # An author's page finds their briefs from the author side.
        indexes = [models.Index(fields=["author", "brief"], name="author_briefs")]

    def __str__(self):
        return f"{self.author} on {self.brief}"


class OldSlug(models.Model):
    """A former address of a brief that has been public; it redirects to the current one."""

    slug = models.SlugField(max_length=250, unique=True, allow_unicode=True)
    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = "former address"

    def __str__(self):
        return f"{self.slug} → {self.brief.slug}"


class ShareLink(models.Model):
    """A revocable preview link for an unpublished brief; the URL carries a signed token."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="share_links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Share link {self.pk} for {self.brief}"


class ContentGeneration(models.Model):
    """One row whose token the database replaces whenever public content changes.

    Triggers on briefs, their links and their terms (migration 0007) write it in the same
    transaction as the change, so it cannot be lost the way a cache write can. Read through
    ``briefs.caching.generation``, never directly.
    """

    ONLY = 1

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()
    # When ``ScheduledCount`` was last counted (migration 0009); empty: not counted.
    scheduled_counted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "public content generation"

    def __str__(self):
        return f"{self.token} (changed {self.changed_at:%Y-%m-%d %H:%M:%S})"

    @classmethod
    def bump(cls):
        """A new token now, for writes the triggers cannot see (a restored database)."""
        cls.objects.update_or_create(
            pk=cls.ONLY, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
        )


class TermCount(models.Model):
    """A number of briefs per term of a facet (country, region, theme, series, author, or
    year, whose ``term`` is the year in UTC), kept by the database's triggers: of every
    language under the facet's name ("country"), and of one under the name and the
    language ("country@ru", migration 0031)."""

    facet = models.CharField(max_length=30)
    term = models.BigIntegerField()
    count = models.IntegerField()

    class Meta:
        abstract = True
        ordering = ["facet", "term"]

    def __str__(self):
        return f"{self.facet} {self.term}: {self.count}"


class PublishedCount(TermCount):
    """How many published briefs without a take-down time (scheduled ones included) a term
    has, kept by the database.

    Triggers made by migration 0008 (with 0028's rule) change it in the same transaction as
    any write to briefs, their links or countries, so it is exact whatever path wrote. Read
    through ``briefs.listings.public_counts``, never directly.
    """

    class Meta(TermCount.Meta):
        verbose_name = "published count"
        constraints = [models.UniqueConstraint(fields=["facet", "term"], name="one_count_per_term")]


class ScheduledCount(TermCount):
    """How many published briefs without a take-down time, with a publish time after
    ``ContentGeneration.scheduled_counted_at``, a term has, in the facets of ``PublishedCount``.

    Counted afresh by the triggers of migration 0009, in the same transaction as any write
    that touches such a brief or its links, at the moment of that write. Read through
    ``briefs.listings.public_counts``, never directly.
    """

    class Meta(TermCount.Meta):
        verbose_name = "scheduled count"
        constraints = [
            models.UniqueConstraint(fields=["facet", "term"], name="one_scheduled_count_per_term")
        ]


class BriefPdf(models.Model):
    """The PDF of a brief on one paper size, made in the background (``briefs.printing``).

    The file's storage name is random and never shown: readers fetch it through the
    brief's PDF address, which asks ``Brief.objects.published()`` on every request.
    """

    class Paper(models.TextChoices):
        A4 = "a4", "A4"
        LETTER = "letter", "US Letter"

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="pdfs")
    paper = models.CharField(max_length=6, choices=Paper.choices)
    file_name = models.CharField(max_length=200)
    pages = models.PositiveSmallIntegerField()
    size = models.PositiveIntegerField(help_text=_("Bytes."))
    # A fingerprint of what the file was made from (page, stylesheets, paper): a PDF is
    # made again only when it changes.
    source = models.CharField(max_length=64)
    made_at = models.DateTimeField()

    class Meta:
        ordering = ["brief", "paper"]
        verbose_name = "PDF"
        constraints = [
            models.UniqueConstraint(fields=["brief", "paper"], name="one_pdf_per_paper"),
        ]

    def __str__(self):
        return f"{self.brief} ({self.get_paper_display()})"

    def get_absolute_url(self):
        name = "briefs:brief-pdf" if self.paper == self.Paper.A4 else "briefs:brief-pdf-letter"
        with translation.override(self.brief.page_language):
            return reverse(name, args=[self.brief.slug])


class WxrExport(models.Model):
    """A WordPress export of every brief, made in the background for an administrator.

    The file (``briefs.exports``) holds drafts, briefs in review and scheduled ones, so it
    is stored under a random name and served only through the admin, to holders of the
    ``export_wxr`` permission (superusers have it).
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Being written"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    size = models.PositiveBigIntegerField("size in bytes", null=True, blank=True)
    briefs = models.PositiveIntegerField(null=True, blank=True)
    images = models.PositiveIntegerField(null=True, blank=True)
    missing_images = models.PositiveIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("WordPress export")
        verbose_name_plural = _("WordPress exports")
        permissions = [("export_wxr", "Can export all briefs, drafts too, to WordPress")]

    def __str__(self):
        return f"WordPress export of {self.requested_at:%Y-%m-%d %H:%M}"


class Subscriber(models.Model):
    """A reader's e-mail address that confirmed at least one alert (``briefs.alerts``).

    Nothing is stored for an address until its owner follows the confirmation link: a
    subscribe request only sends that link.
    """

    email = models.EmailField(max_length=254, unique=True, help_text=_("Stored in lower case."))
    created_at = models.DateTimeField(auto_now_add=True)
    # When the next weekly digest is due; none while no alert of theirs is weekly.
    digest_due_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [models.Index(fields=["digest_due_at"], name="subscriber_digest_due")]

    def __str__(self):
        return self.email


class Subscription(models.Model):
    """One confirmed alert: everything, or one country, region, theme, series or author."""

    class Topic(models.TextChoices):
        ALL = "all", _("Every brief")
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")
        THEME = "theme", _("Theme")
        SERIES = "series", _("Series")
        AUTHOR = "author", _("Author")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("As each brief is published")
        WEEKLY = "weekly", _("A weekly digest")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    topic = models.CharField(max_length=10, choices=Topic.choices)
    # The id of the country, region, theme, series or author; 0 for every brief.
    term_id = models.BigIntegerField(default=0)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    # Briefs published from this moment on are announced; earlier ones never are.
    confirmed_at = models.DateTimeField()
    # The language of the page the reader confirmed the alert on: its e-mails speak it and
    # link that language's pages (briefs.alerts.messages).
    language = models.CharField(max_length=15, choices=language_choices, default=default_language)

    class Meta:
        ordering = ["subscriber", "topic", "term_id"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "topic", "term_id"], name="one_subscription_per_topic"
            ),
            models.CheckConstraint(
                condition=Q(topic="all", term_id=0) | (~Q(topic="all") & Q(term_id__gt=0)),
                name="subscription_term_matches_topic",
            ),
        ]
        indexes = [models.Index(fields=["topic", "term_id"], name="subscription_topic")]

    def __str__(self):
        return f"{self.subscriber}: {self.topic} {self.term_id or ''}".rstrip()


class AlertDelivery(models.Model):
    """A brief announced to a subscriber: one row per pair, ever, so no brief goes twice.

    The row is made before the e-mail is sent and claimed by the task that sends it
    (pending -> sending -> sent), so two workers or a repeated task cannot both send it.
    Failed rows stay: a brief refused for good is not tried again.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Refused by the mail server"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="alert_deliveries")
    digest = models.BooleanField(default=False)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # The task that took the row to send it writes its own mark here, then sends only the
    # rows that bear it: a claim that needs no row lock, on SQLite as on PostgreSQL.
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # A waiting row is (re)queued from this time on: after a temporary failure, later.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "alert deliveries"
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "brief"], name="one_alert_per_brief"),
        ]
        indexes = [models.Index(fields=["state", "brief"], name="alert_delivery_state")]

    def __str__(self):
        return f"{self.brief_id} to {self.subscriber_id}: {self.state}"


class AlertRequest(models.Model):
    """A subscribe request, counted for the rate limits per address and per client address.

    ``bucket`` is a keyed hash of ``email:<address>`` or ``ip:<address>``, never the value
    itself; rows older than the limits' window are deleted as new ones come.
    """

    bucket = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["bucket", "at"], name="alert_request_bucket")]

    def __str__(self):
        return f"{self.bucket[:8]}… at {self.at:%Y-%m-%d %H:%M}"


class Correction(models.Model):
    """A dated note telling readers what changed in a brief after it went public.

    Shown on the brief's page, in its PDF, feed entry and JSON-LD, and on /corrections/,
    only while the brief is public (``CorrectionQuerySet.public``). Once the brief has gone
    public (it has a publish time that has passed: readers may have seen the note, and the
    note is *fixed*) a note is never deleted nor reworded: it can only be struck
    through, once, with a reason. The admin offers nothing else, and the database refuses
    any other change to such a row whatever path writes it (triggers of migration 0020).
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    brief = models.ForeignKey(Brief, on_delete=models.PROTECT, related_name="corrections")
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.CORRECTION,
        help_text=_("A correction fixes an error; an update adds what happened since."),
    )
    noted_at = models.DateTimeField(
        _("date"),
        default=timezone.now,
        help_text=_("Shown to readers with the note; now, unless the change was made earlier."),
    )
    text = models.TextField(
        _("text"),
        max_length=CORRECTION_MAX_LENGTH,
        help_text=_(
            "What was wrong and what is right, e.g. “An earlier version gave the aid as "
            "15 million dollars; it was 15 million euros.” Fixed once the brief is public."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    struck_at = models.DateTimeField(_("struck through"), null=True, blank=True, editable=False)
    strike_reason = models.CharField(
        _("reason for striking it through"),
        max_length=500,
        blank=True,
        help_text=_(
            "Only to withdraw a note that was itself wrong: readers see the note struck "
            "through with this reason. A struck note stays struck."
        ),
    )
    struck_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-noted_at", "-id"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(struck_at__isnull=True, strike_reason="")
                | (Q(struck_at__isnull=False) & ~Q(strike_reason="")),
                name="correction_struck_with_reason",
                violation_error_message="A note is struck through with a reason, and only then.",
            ),
        ]
        indexes = [models.Index(fields=["noted_at", "id"], name="correction_newest_order")]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.noted_at:%d %b %Y}: {self.brief}"

    def get_absolute_url(self):
        return f"{self.brief.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        return f"correction-{self.pk}"

    def clean(self):
        if self.noted_at and self.noted_at > timezone.now():
            raise ValidationError({"noted_at": "Date a note today or earlier, not in the future."})


# The actions of ``WorkflowEvent`` that move a brief between statuses.
WORKFLOW_MOVES = [
    "submit",
    "withdraw",
    "send_back",
    "publish",
    "schedule",
    "reschedule",
    "unpublish",
]


class WorkflowEvent(models.Model):
    """One move of a brief through the workflow, or one change to its corrections.

    Written by ``briefs.editorial.workflow`` (and the corrections' admin) in the same
    transaction as the change it records, so a move that rolls back leaves no event and a
    move made leaves exactly one. The editor desk, the review e-mails and the History page
    read these rows; revision comments are no longer parsed.
    """

    class Action(models.TextChoices):
        SUBMIT = "submit", "Submitted for review"
        WITHDRAW = "withdraw", "Withdrawn to draft"
        SEND_BACK = "send_back", "Sent back to draft"
        PUBLISH = "publish", "Published"
        SCHEDULE = "schedule", "Scheduled"
        RESCHEDULE = "reschedule", "Rescheduled"
        UNPUBLISH = "unpublish", "Unpublished (back to draft)"
        CORRECT = "correct", "Note added"
        EDIT_NOTE = "edit_note", "Note changed before publication"
        DELETE_NOTE = "delete_note", "Note deleted before publication"
        STRIKE = "strike", "Note struck through"

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="events")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=12, choices=Action.choices)
    from_status = models.CharField(max_length=10, blank=True, choices=Brief.Status.choices)
    to_status = models.CharField(max_length=10, blank=True, choices=Brief.Status.choices)
    # When the brief goes public, for publications and schedules.
    publish_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    correction = models.ForeignKey(
        Correction, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    # The brief's version the move produced; empty for events recovered from old revisions.
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            # One move per saved version: two editors pressing "Publish" on the same
            # version cannot both record one (the version claim lets one save through).
            models.UniqueConstraint(
                fields=["brief", "version"],
                condition=Q(action__in=WORKFLOW_MOVES),
                name="one_move_per_brief_version",
            ),
        ]
        indexes = [models.Index(fields=["brief", "action", "at"], name="event_brief_action")]

    def __str__(self):
        return f"{self.get_action_display()}: {self.brief} ({self.at:%Y-%m-%d %H:%M})"

    @property
    def approved(self):
        """A publication or schedule straight from review: the review's approval."""
        return self.from_status == Brief.Status.REVIEW and self.to_status == Brief.Status.PUBLISHED


class ImportedPost(models.Model):
    """A post of a WordPress or Squarespace export (WXR) and the brief it became.

    Keyed on the export's GUID (or its site and post id when it has none), so that running
    the same export again finds the brief instead of making another (``briefs.imports``).
    ``fingerprint`` says what the post held when last imported, ``brief_updated_at`` when
    the importer last wrote the brief: a later ``updated_at`` means someone edited it here.
    """

    source_key = models.CharField(max_length=500, unique=True)
    post_id = models.PositiveBigIntegerField(null=True, blank=True)
    brief = models.ForeignKey(
        Brief, on_delete=models.SET_NULL, null=True, blank=True, related_name="imported_from"
    )
    fingerprint = models.CharField(max_length=64)
    brief_updated_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source_key"]
        verbose_name = _("imported post")
        verbose_name_plural = _("imported posts")

    def __str__(self):
        return self.source_key


class ImportedImage(models.Model):
    """An image of an export (an attachment or a picture in a post) brought into the
    library once, found again by its address in the export on every later post or run."""

    source_url = models.TextField()
    source_hash = models.CharField(max_length=64, unique=True, editable=False)
    image = models.ForeignKey(LibraryImage, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["source_hash"]
        verbose_name = "imported image"

    def __str__(self):
        return self.source_url


class ImportRun(models.Model):
    """An export an administrator uploaded in the admin, and its import (``briefs.imports``).

    The file is kept in the private ``imports`` storage under a generated name, never under
    the public media root: it holds drafts and the old site's e-mail addresses. The preview
    reads ``counts`` and ``terms``, written once when the file was checked; ``mapping`` is
    what the administrator chose for each term; the task worker writes the progress and,
    at the end, the report. Deleting the record deletes the file.
    """

    class State(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded, not started"
        QUEUED = "queued", "Waiting for the task worker"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    file_name = models.CharField(max_length=200, editable=False)
    original_name = models.CharField(
        max_length=255, help_text=_("The uploaded file's own name, shown to administrators only.")
    )
    size = models.PositiveBigIntegerField("size in bytes")
    state = models.CharField(max_length=10, choices=State.choices, default=State.UPLOADED)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # {"posts": {status: n}, "authors": n, "attachments": n, "other_items": n}
    counts = models.JSONField(default=dict)
    # [{"kind", "slug", "name", "becomes"}]: each category and tag, and what the rules make it
    terms = models.JSONField(default=list)
    # [choice]: what the administrator chose for each of ``terms``, in their order
    mapping = models.JSONField(default=list)
    fetch_media = models.BooleanField(default=False)
    posts_total = models.PositiveIntegerField(default=0)
    posts_done = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True)
    report = models.TextField(blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("WordPress import")
        verbose_name_plural = _("WordPress imports")
        permissions = [("import_wxr", "Can import WordPress exports")]

    def __str__(self):
        return f"Import of {self.original_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"


class OldAddress(models.Model):
    """An address a brief had on the site it was imported from (``/2022/05/03/slug/``,
    ``/?p=123``, ``/blog/slug``): it redirects permanently to the brief once, and while,
    the brief is public (``briefs.imports.redirects``)."""

    path = models.CharField(
        _("path"),
        max_length=500,
        unique=True,
        help_text=_(
            "The old address without the site's name, e.g. “/2022/05/03/slug/” or "
            "“/?p=123”. Readers who follow it land on the brief."
        ),
    )
    brief = models.ForeignKey(
        Brief,
        on_delete=models.CASCADE,
        related_name="old_addresses",
        verbose_name=pgettext_lazy("one brief", "brief"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return f"{self.path} → {self.brief.slug}"


class Autosave(models.Model):
    """What one person has typed into a brief's admin form and not saved yet.

    The form posts its fields here every few seconds while they change
    (``briefs.editorial.admin.autosave``); a save of the form deletes the row. It is not a
    revision and never touches the brief, so no public page is retired by it. ``brief`` is
    empty for the add form of a brief not saved yet (one such row per person).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    brief = models.ForeignKey(
        Brief, on_delete=models.CASCADE, null=True, blank=True, related_name="autosaves"
    )
    # The form's fields as posted: {"title": ["…"], "countries": ["3", "7"], …}.
    data = models.JSONField()
    # The brief's version the form was opened on; empty for the add form.
    base_version = models.PositiveIntegerField(null=True, blank=True)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-saved_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "brief"], name="one_autosave_per_user_brief"),
            # NULLs are distinct in a unique constraint: the add form's row needs its own.
            models.UniqueConstraint(
                fields=["user"], condition=Q(brief__isnull=True), name="one_new_brief_autosave"
            ),
        ]

    def __str__(self):
        return f"Unsaved changes of {self.user} to {self.brief or 'a new brief'}"
