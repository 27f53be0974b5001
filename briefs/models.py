"""The content model: briefs, the series they form, their authors and their themes."""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.models import ItemBase, TagBase

from briefs.content import figures, richtext
from briefs.content.querysets import BriefQuerySet
from briefs.content.richtext import RichTextField
from briefs.content.slug_rule import slug_for
from briefs.content.slug_urls import slug_url
from briefs.content.themes import ThemesField
from briefs.content.titles import one_line
from briefs.images.cards import card_fingerprint
from briefs.images.fields import UploadedImageField
from countries.models import Country


class Author(models.Model):
    name = models.CharField(max_length=150)
    slug = models.SlugField(
        max_length=150,
        unique=True,
        allow_unicode=True,
        help_text="Forms the author's page address: /authors/…/.",
    )
    role = models.CharField(
        "role or affiliation",
        max_length=200,
        blank=True,
        help_text="Shown under the name, e.g. “Senior Fellow, South Caucasus Programme”.",
    )
    bio = models.TextField(blank=True, help_text="Two or three sentences for the author's page.")
    photo = UploadedImageField(
        upload_to="authors/",
        blank=True,
        help_text="A square portrait works best. JPEG, PNG or WebP, up to 20 MB.",
    )
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="The login of this author, if they write in the admin: a contributor may "
        "edit the briefs that credit them.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("briefs:author-detail", self.slug)


class Series(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        allow_unicode=True,
        help_text="Forms the series' address: /series/…/.",
    )
    description = models.TextField(
        blank=True, help_text="Introduces the series on its page and in the series list."
    )

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("briefs:series-detail", self.slug)


class Theme(TagBase):
    """A theme that cuts across countries (neutrality, sanctions, energy security...)."""

    class Meta:
        ordering = ["name"]

    def get_absolute_url(self):
        return slug_url("briefs:theme-detail", self.slug)

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


class KeyPointsLabel(models.TextChoices):
    """What a brief's box of points above the body is headed."""

    KEY_POINTS = "key-points", "Key points"
    RECOMMENDATIONS = "recommendations", "Recommendations"


KEY_POINTS_MAX = 8  # a short list: more and it is a section of the body
KEY_POINTS_MAX_LENGTH = 2000


class Brief(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=250)
    slug = models.SlugField(
        max_length=250,
        unique=True,
        allow_unicode=True,
        help_text="Forms the brief's address: /briefs/…/. Keep it stable once published.",
    )
    dek = models.TextField(
        "summary",
        max_length=600,
        help_text="One paragraph under the title; also shown in lists, feeds and search results.",
    )
    key_points_label = models.CharField(
        "label of the key points",
        max_length=20,
        choices=KeyPointsLabel.choices,
        default=KeyPointsLabel.KEY_POINTS,
    )
    key_points = models.TextField(
        blank=True,
        max_length=KEY_POINTS_MAX_LENGTH,
        help_text=f"Optional. One point per line, at most {KEY_POINTS_MAX} points; shown in a "
        "box above the body under the label chosen above.",
    )
    body = RichTextField(extensions=richtext.BODY_EXTENSIONS)
    notes = RichTextField(
        "sources",
        extensions=richtext.NOTES_EXTENSIONS,
        blank=True,
        help_text="Sources and further reading not tied to one place in the text, listed under "
        "the numbered notes. A note about one sentence is a footnote: put it in the body with "
        "the “Note” button.",
    )
    hero = models.ForeignKey(
        "LibraryImage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hero_of",
        verbose_name="hero image",
        help_text="Shown above the body and on social cards, with the library image's alt "
        "text, caption and credit. At least 1600 pixels wide looks sharp on every screen.",
    )
    authors = models.ManyToManyField(Author, through="BriefAuthor", related_name="briefs")
    countries = models.ManyToManyField(
        Country,
        related_name="briefs",
        help_text="Every country the brief analyses; readers browse briefs by country and region.",
    )
    themes = ThemesField(
        through=ThemedBrief,
        # In the editor's order on every read, prefetched ones too (taggit leaves those
        # unordered: the database's whim, so feeds changed order between runs).
        ordering=["tagged_briefs__id"],
        blank=True,
        verbose_name="themes",
        help_text="Separate themes with commas: “neutrality, energy security, Russia” is three "
        "themes. They are shown in the order typed; a new theme is created on first use.",
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="briefs",
        help_text="Optional. Readers walk a series in the order of its positions.",
    )
    series_position = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 for the first part of the series, 2 for the next..."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        help_text="When a published brief becomes public. A future time schedules it; "
        "empty means now.",
    )
    seo_title = models.CharField(
        "search engine title",
        max_length=70,
        blank=True,
        help_text="Replaces the title in search results and social cards, if set.",
    )
    seo_description = models.CharField(
        "search engine description",
        max_length=200,
        blank=True,
        help_text="Replaces the summary in search results and social cards, if set.",
    )
    word_count = models.PositiveIntegerField(default=0, editable=False)
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    search_document = models.TextField(editable=False, blank=True)
    # Weighted full-text index on PostgreSQL, kept current by briefs.search.index;
    # an untyped, unused column on SQLite. Its GIN index is made by migration 0005.
    search_vector = SearchVectorField(null=True, editable=False)
    # The ids of the brief's countries, themes and authors, {"country": [...], "theme": [...],
    # "author": [...]}, written by the database from the link tables whatever writes them
    # (triggers of migration 0017; a value saved from Python is replaced). A search counts
    # its facets from them (briefs.listings.candidate_facets).
    facet_terms = models.JSONField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
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
        permissions = [("publish_brief", "Can publish, schedule and unpublish briefs")]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "series_position"], name="unique_position_in_series"
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
        ]
        indexes = [
            models.Index(fields=["status", "publish_at", "id"], name="brief_public_order"),
            # The admin change list's default order, whatever the status.
            models.Index(fields=["publish_at", "id"], name="brief_newest_order"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        adding = self._state.adding
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.record_figures(adding)

    def get_absolute_url(self):
        return slug_url("briefs:brief-detail", self.slug)

    def record_figures(self, adding=False):
        """Note which library images the body shows, for the library's "used in" and its
        refusal to delete an image in use. Ids of images that do not exist are left out."""
        ids = figures.figure_ids(self.body)
        if not ids:
            if not adding:
                self.figure_uses.all().delete()
            return
        shown = set(LibraryImage.objects.filter(pk__in=ids).values_list("pk", flat=True))
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

    @property
    def key_point_list(self):
        """The key points, one per non-empty line."""
        return [line.strip() for line in self.key_points.splitlines() if line.strip()]

    def clean(self):
        if len(self.key_point_list) > KEY_POINTS_MAX:
            raise ValidationError(
                {"key_points": f"Keep to {KEY_POINTS_MAX} points at most, one per line."}
            )

    def social_card_url(self):
        """Address of the brief's social card; it changes whenever what the card shows does."""
        url = reverse("briefs:brief-card", args=[self.slug])
        return f"{url}?v={card_fingerprint(self)}"

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
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


class LibraryImage(models.Model):
    """An image of the image library, uploaded once and shown as a figure or as the hero
    image of any brief.

    The alt text, caption and source belong to the image: every brief that shows it shows
    them, and a correction here corrects them all. Who sees which image in the admin:
    ``briefs.editorial.admin.image_library.visible_images``.
    """

    image = UploadedImageField(
        upload_to="library/%Y/",
        help_text="JPEG, PNG or WebP, up to 20 MB and 40 megapixels; at least 1600 pixels "
        "wide looks sharp on every screen.",
    )
    title = models.CharField(
        max_length=200, help_text="For finding the image in the library; readers do not see it."
    )
    alt = models.CharField(
        "alt text",
        max_length=300,
        help_text="What the image shows or says, for readers who cannot see it: for a chart, "
        "its main finding.",
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(
        "source or credit",
        max_length=200,
        blank=True,
        help_text="E.g. “Source: IMF, World Economic Outlook” or “Photo: Reuters”.",
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
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "library image"
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
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="credits")
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
    year, whose ``term`` is the year in UTC), kept by the database's triggers."""

    facet = models.CharField(max_length=10)
    term = models.BigIntegerField()
    count = models.IntegerField()

    class Meta:
        abstract = True
        ordering = ["facet", "term"]

    def __str__(self):
        return f"{self.facet} {self.term}: {self.count}"


class PublishedCount(TermCount):
    """How many published briefs (scheduled ones included) a term has, kept by the database.

    Triggers made by migration 0008 change it in the same transaction as any write to
    briefs, their links or countries, so it is exact whatever path wrote. Read through
    ``briefs.listings.public_counts``, never directly.
    """

    class Meta(TermCount.Meta):
        verbose_name = "published count"
        constraints = [models.UniqueConstraint(fields=["facet", "term"], name="one_count_per_term")]


class ScheduledCount(TermCount):
    """How many published briefs with a publish time after
    ``ContentGeneration.scheduled_counted_at`` a term has, in the facets of ``PublishedCount``.

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
    size = models.PositiveIntegerField(help_text="Bytes.")
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
        return reverse(name, args=[self.brief.slug])
