"""The exporter: every brief, of every status, written as one WXR 1.2 file as it is read.

The file is written element by element with lxml's incremental writer, and briefs are read
in chunks (``.iterator(chunk_size)`` with their authors, countries, themes, figures and hero
image loaded per chunk), so memory and the number of queries per brief stay the same from
ten briefs to a hundred thousand. In order, as WordPress writes them: the channel, the
authors, the categories (countries and series under two parent categories), the tags
(themes), then the items: each library image a brief shows, as a figure or as its hero,
once as an attachment, then each brief. A hero is its library image's attachment, named
by the brief's ``_thumbnail_id``: an image that is the hero of two briefs, or the hero of
one and a figure of another, is one attachment. An image that becomes a hero or a figure
while the file is being written, after the attachments were, has its attachment written
just before the brief that shows it, still once.

Post ids are made from the database's ids (a brief ``3n``, a library image ``3n+1``;
``3n+2`` was once a brief's own hero image, and is no longer used), and GUIDs from the
site's address and those ids, so two exports of the same site give every post the same id
and GUID.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import UTC
from email.utils import format_datetime
from pathlib import PurePosixPath

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from lxml import etree

from briefs.content import wxr
from briefs.content.addresses import site_root
from briefs.exports import blocks
from briefs.models import (
    Author,
    Brief,
    BriefAuthor,
    BriefFigure,
    KeyPointsLabel,
    LibraryImage,
    Series,
    Theme,
)
from countries.models import Country

CHUNK_SIZE = 500
# Characters XML 1.0 cannot hold, even escaped: dropped wherever text is written.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_STATUSES = {
    Brief.Status.DRAFT: wxr.STATUS_DRAFT,
    Brief.Status.REVIEW: wxr.STATUS_PENDING,
}


def xml_text(value):
    """``value`` as text XML can hold (``None`` is empty; ``0`` stays ``0``)."""
    return _NOT_XML.sub("", "" if value is None else str(value))


def cdata_parts(value):
    """``value`` as CDATA sections: a ``]]>`` inside is split across two sections."""
    pieces = xml_text(value).split("]]>")
    last = len(pieces) - 1
    return [
        etree.CDATA((">" if i else "") + piece + ("]]" if i < last else ""))
        for i, piece in enumerate(pieces)
    ]


def wp_status(brief, now):
    if brief.status == Brief.Status.PUBLISHED:
        future = brief.publish_at is not None and brief.publish_at > now
        return wxr.STATUS_FUTURE if future else wxr.STATUS_PUBLISH
    return _STATUSES[brief.status]


def local_date(moment):
    return timezone.localtime(moment).strftime(wxr.DATE_FORMAT) if moment else wxr.NO_DATE


def gmt_date(moment):
    return moment.astimezone(UTC).strftime(wxr.DATE_FORMAT) if moment else wxr.NO_DATE


def precise_time(moment):
    """``moment`` in UTC to the microsecond (ISO 8601), or None."""
    return moment.astimezone(UTC).isoformat() if moment else None


@dataclass
class Summary:
    """What an export wrote."""

    briefs: int = 0
    authors: int = 0
    categories: int = 0
    tags: int = 0
    attachments: int = 0
    media_files: int = 0
    media_missing: int = 0


class WxrWriter:
    """Writes the site as WXR to ``out`` (a binary file); originals go to ``media``.

    ``media`` (``briefs.exports.media``) receives each original image under its path in
    ``wp-content/uploads``; ``media_url``, when given, is the address that folder will be
    served from, and attachments point there; without it they point at this site's copy.
    ``progress`` is called with 1 after each brief.
    """

    def __init__(
        self,
        out,
        *,
        site_url=None,
        media=None,
        media_url=None,
        chunk_size=CHUNK_SIZE,
        progress=None,
    ):
        self.out = out
        self.media = media
        self.media_url = media_url.rstrip("/") if media_url else None
        self.chunk_size = chunk_size
        self.progress = progress
        self.now = timezone.now()
        self.root = (site_url or site_root()).rstrip("/")
        if not self.root:
            raise ValueError("An export needs the site's address: set SITE_URL.")
        self.guid_namespace = uuid.uuid5(uuid.NAMESPACE_URL, self.root)
        self.summary = Summary()
        # The library images whose attachment is written: each one once.
        self.written_images = set()

    # ---- ids and addresses

    @staticmethod
    def brief_post_id(brief_id):
        return 3 * brief_id

    @staticmethod
    def image_post_id(image_id):
        return 3 * image_id + 1

    def guid(self, post_id):
        return f"urn:uuid:{uuid.uuid5(self.guid_namespace, f'wxr/post/{post_id}')}"

    @staticmethod
    def upload_path(file_name, moment):
        """The file's path under ``wp-content/uploads``: year/month/stored name."""
        moment = timezone.localtime(moment)
        return f"{moment:%Y}/{moment:%m}/{PurePosixPath(file_name).name}"

    def attachment_url(self, field_file, upload_path):
        if self.media_url:
            return f"{self.media_url}/{upload_path}"
        return self.absolute(field_file.url)

    def absolute(self, path):
        return path if "://" in path else self.root + path

    # ---- writing helpers

    def _text(self, tag, value, **attributes):
        with self.xf.element(tag, attributes):
            self.xf.write(xml_text(value))

    def _cdata(self, tag, value):
        with self.xf.element(tag):
            for part in cdata_parts(value):
                self.xf.write(part)

    def _newline(self):
        self.xf.write("\n")

    def _meta(self, key, value):
        if value is None or value == "":
            return
        with self.xf.element(wxr.wp("postmeta")):
            self._cdata(wxr.wp("meta_key"), key)
            self._cdata(wxr.wp("meta_value"), str(value))
        self._newline()

    # ---- the file

    def write(self):
        with etree.xmlfile(self.out, encoding="utf-8") as xf:
            self.xf = xf
            xf.write_declaration()
            with xf.element("rss", {"version": "2.0"}, nsmap=dict(wxr.NSMAP)):
                self._newline()
                with xf.element("channel"):
                    self._newline()
                    self._channel()
                    self._authors()
                    self._categories()
                    self._tags()
                    self._text("generator", self.root + "/")
                    self._newline()
                    self._library_images()
                    self._briefs()
        return self.summary

    def _channel(self):
        self._text("title", settings.SITE_NAME)
        self._text("link", self.root + "/")
        self._text("description", "")
        self._text("pubDate", format_datetime(self.now))
        self._text("language", settings.LANGUAGE_CODE)
        self._text(wxr.wp("wxr_version"), wxr.WXR_VERSION)
        self._text(wxr.wp("base_site_url"), self.root + "/")
        self._text(wxr.wp("base_blog_url"), self.root + "/")
        self._newline()

    def _authors(self):
        """Authors by display name only: no e-mail, no password, no login of this site."""
        for author in Author.objects.order_by("pk").iterator(chunk_size=self.chunk_size):
            with self.xf.element(wxr.wp("author")):
                self._text(wxr.wp("author_id"), author.pk)
                self._cdata(wxr.wp("author_login"), author.slug)
                self._cdata(wxr.wp("author_email"), "")
                self._cdata(wxr.wp("author_display_name"), author.name)
                self._cdata(wxr.wp("author_first_name"), "")
                self._cdata(wxr.wp("author_last_name"), "")
                self._cdata(wxr.qualified(wxr.BRIEFS, wxr.AUTHOR_ROLE), author.role)
                self._cdata(wxr.qualified(wxr.BRIEFS, wxr.AUTHOR_BIO), author.bio)
            self._newline()
            self.summary.authors += 1

    def _category(self, term_id, nicename, name, parent="", description="", meta=None):
        with self.xf.element(wxr.wp("category")):
            self._text(wxr.wp("term_id"), term_id)
            self._cdata(wxr.wp("category_nicename"), nicename)
            self._cdata(wxr.wp("category_parent"), parent)
            self._cdata(wxr.wp("cat_name"), name)
            self._cdata(wxr.wp("category_description"), description)
            for key, value in (meta or {}).items():
                with self.xf.element(wxr.wp("termmeta")):
                    self._cdata(wxr.wp("meta_key"), key)
                    self._cdata(wxr.wp("meta_value"), value)
        self._newline()
        self.summary.categories += 1

    def _categories(self):
        term_id = 1
        self._category(term_id, wxr.COUNTRIES_CATEGORY, "Countries")
        term_id += 1
        self._category(term_id, wxr.SERIES_CATEGORY, "Series")
        countries = Country.objects.filter(briefs__isnull=False).distinct().order_by("pk")
        for country in countries.iterator(chunk_size=self.chunk_size):
            term_id += 1
            self._category(
                term_id,
                country.slug,
                country.name,
                parent=wxr.COUNTRIES_CATEGORY,
                description=country.profile,
                meta={wxr.META_ISO_CODE: country.code},
            )
        for series in Series.objects.order_by("pk").iterator(chunk_size=self.chunk_size):
            term_id += 1
            self._category(
                term_id,
                wxr.SERIES_CATEGORY_PREFIX + series.slug,
                series.title,
                parent=wxr.SERIES_CATEGORY,
                description=series.description,
            )
        self.next_term_id = term_id + 1

    def _tags(self):
        term_id = self.next_term_id
        for theme in Theme.objects.order_by("pk").iterator(chunk_size=self.chunk_size):
            with self.xf.element(wxr.wp("tag")):
                self._text(wxr.wp("term_id"), term_id)
                self._cdata(wxr.wp("tag_slug"), theme.slug)
                self._cdata(wxr.wp("tag_name"), theme.name)
            self._newline()
            term_id += 1
            self.summary.tags += 1

    # ---- attachments

    def _library_attachment(self, image):
        path = self.upload_path(image.image.name, image.uploaded_at)
        return blocks.Attachment(
            post_id=self.image_post_id(image.pk),
            url=self.attachment_url(image.image, path),
            alt=image.alt,
            caption=image.caption,
            credit=image.credit,
        )

    def _attachment_item(self, *, post_id, title, field_file, moment, alt, caption, credit, parent):
        path = self.upload_path(field_file.name, moment)
        name = PurePosixPath(field_file.name).stem
        with self.xf.element("item"):
            self._text("title", title)
            self._text("link", self.attachment_url(field_file, path))
            self._text("pubDate", format_datetime(moment))
            self._cdata(wxr.qualified(wxr.DC, "creator"), "")
            self._text("guid", self.guid(post_id), isPermaLink="false")
            self._text("description", "")
            self._cdata(wxr.qualified(wxr.CONTENT, "encoded"), credit)
            self._cdata(wxr.qualified(wxr.EXCERPT, "encoded"), caption)
            self._text(wxr.wp("post_id"), post_id)
            self._cdata(wxr.wp("post_date"), local_date(moment))
            self._cdata(wxr.wp("post_date_gmt"), gmt_date(moment))
            self._cdata(wxr.wp("post_modified"), local_date(moment))
            self._cdata(wxr.wp("post_modified_gmt"), gmt_date(moment))
            self._cdata(wxr.wp("comment_status"), "closed")
            self._cdata(wxr.wp("ping_status"), "closed")
            self._cdata(wxr.wp("post_name"), name)
            self._cdata(wxr.wp("status"), "inherit")
            self._text(wxr.wp("post_parent"), parent)
            self._text(wxr.wp("menu_order"), 0)
            self._cdata(wxr.wp("post_type"), wxr.POST_TYPE_ATTACHMENT)
            self._cdata(wxr.wp("post_password"), "")
            self._text(wxr.wp("is_sticky"), 0)
            self._cdata(wxr.wp("attachment_url"), self.attachment_url(field_file, path))
            self._newline()
            self._meta(wxr.META_ATTACHED_FILE, path)
            self._meta(wxr.META_IMAGE_ALT, alt)
            self._meta(wxr.META_CREDIT, credit)
        self._newline()
        self.summary.attachments += 1
        if self.media is not None:
            if self.media.add(path, field_file):
                self.summary.media_files += 1
            else:
                self.summary.media_missing += 1

    def _image_item(self, image):
        """The library image's attachment, unless this file already holds it."""
        if image.pk in self.written_images:
            return
        self.written_images.add(image.pk)
        self._attachment_item(
            post_id=self.image_post_id(image.pk),
            title=image.title,
            field_file=image.image,
            moment=image.uploaded_at,
            alt=image.alt,
            caption=image.caption,
            credit=image.credit,
            parent=0,
        )

    def _library_images(self):
        """Every library image a brief shows, as a figure or as its hero."""
        shown = Exists(BriefFigure.objects.filter(image=OuterRef("pk"))) | Exists(
            Brief.objects.filter(hero=OuterRef("pk"))
        )
        images = LibraryImage.objects.filter(shown).defer("renditions").order_by("pk")
        for image in images.iterator(chunk_size=self.chunk_size):
            self._image_item(image)

    # ---- briefs

    def briefs(self):
        """Every brief, whatever its status, with what its item needs, a chunk at a time."""
        return (
            Brief.objects.order_by("pk")
            # Derived for search only, and as long as the body: never written out.
            .defer("search_document", "search_vector", "facet_terms", "hero__renditions")
            .select_related("series", "hero", "kind")
            .prefetch_related(
                Prefetch("byline", queryset=BriefAuthor.objects.select_related("author")),
                "countries",
                "themes",
                Prefetch("figure_uses", queryset=BriefFigure.objects.select_related("image")),
            )
            .iterator(chunk_size=self.chunk_size)
        )

    def _briefs(self):
        for brief in self.briefs():
            # Written already, unless the brief came to show it after the attachments were.
            if brief.hero_id:
                self._image_item(brief.hero)
            for use in brief.figure_uses.all():
                self._image_item(use.image)
            self._brief_item(brief)
            self.summary.briefs += 1
            if self.progress:
                self.progress(1)

    def brief_content(self, brief, post_id):
        """The brief's content: key points, body (figures, footnotes), then sources."""
        attachments = {
            use.image_id: self._library_attachment(use.image) for use in brief.figure_uses.all()
        }
        namespace = uuid.uuid5(self.guid_namespace, f"wxr/footnotes/{post_id}")
        body = blocks.convert(brief.body, attachments, namespace)
        parts = []
        if brief.key_point_list:
            label = KeyPointsLabel(brief.key_points_label).label
            parts.append(blocks.key_points(label, brief.key_point_list))
        if body.markup:
            parts.append(body.markup)
        if brief.notes.strip():
            parts.append(
                blocks.sources(
                    Brief._meta.get_field("notes").verbose_name.capitalize(), brief.notes
                )
            )
        return "\n\n".join(parts), body

    def _brief_item(self, brief):
        post_id = self.brief_post_id(brief.pk)
        authors = brief.ordered_authors
        content, body = self.brief_content(brief, post_id)
        date = brief.publish_at or brief.created_at
        with self.xf.element("item"):
            self._text("title", brief.title)
            self._text("link", self.absolute(brief.get_absolute_url()))
            self._text("pubDate", format_datetime(date))
            self._cdata(wxr.qualified(wxr.DC, "creator"), authors[0].slug if authors else "")
            self._text("guid", self.guid(post_id), isPermaLink="false")
            self._text("description", "")
            self._cdata(wxr.qualified(wxr.CONTENT, "encoded"), content)
            self._cdata(wxr.qualified(wxr.EXCERPT, "encoded"), brief.dek)
            self._text(wxr.wp("post_id"), post_id)
            self._cdata(wxr.wp("post_date"), local_date(date))
            self._cdata(wxr.wp("post_date_gmt"), gmt_date(brief.publish_at))
            self._cdata(wxr.wp("post_modified"), local_date(brief.updated_at))
            self._cdata(wxr.wp("post_modified_gmt"), gmt_date(brief.updated_at))
            self._cdata(wxr.wp("comment_status"), "closed")
            self._cdata(wxr.wp("ping_status"), "closed")
            self._cdata(wxr.wp("post_name"), brief.slug)
            self._cdata(wxr.wp("status"), wp_status(brief, self.now))
            self._text(wxr.wp("post_parent"), 0)
            self._text(wxr.wp("menu_order"), 0)
            self._cdata(wxr.wp("post_type"), wxr.POST_TYPE_POST)
            self._cdata(wxr.wp("post_password"), "")
            self._text(wxr.wp("is_sticky"), 0)
            self._newline()
            for country in brief.countries.all():
                self._term("category", country.slug, country.name)
            if brief.series is not None:
                nicename = wxr.SERIES_CATEGORY_PREFIX + brief.series.slug
                self._term("category", nicename, brief.series.title)
            for theme in brief.themes.all():
                self._term("post_tag", theme.slug, theme.name)
            if brief.hero_id:
                self._meta(wxr.META_THUMBNAIL, self.image_post_id(brief.hero_id))
            self._meta(wxr.META_FOOTNOTES, body.footnotes_meta())
            self._meta(wxr.META_AUTHORS, ",".join(author.slug for author in authors))
            self._meta(wxr.META_COUNTRY_CODES, ",".join(c.code for c in brief.countries.all()))
            self._meta(wxr.META_TYPE, brief.kind.slug)
            if brief.series is not None:
                self._meta(wxr.META_SERIES, brief.series.slug)
                self._meta(wxr.META_SERIES_POSITION, brief.series_position)
            if brief.key_point_list:
                self._meta(wxr.META_KEY_POINTS, "\n".join(brief.key_point_list))
                self._meta(wxr.META_KEY_POINTS_LABEL, brief.key_points_label)
            self._meta(wxr.META_SOURCES, brief.notes.strip())
            self._meta(wxr.META_SEO_TITLE, brief.seo_title)
            self._meta(wxr.META_SEO_DESCRIPTION, brief.seo_description)
            self._meta(wxr.META_PUBLISH_TIME, precise_time(brief.publish_at))
            self._meta(wxr.META_MODIFIED_TIME, precise_time(brief.updated_at))
        self._newline()

    def _term(self, domain, nicename, name):
        with self.xf.element("category", {"domain": domain, "nicename": xml_text(nicename)}):
            for part in cdata_parts(name):
                self.xf.write(part)
        self._newline()


def export(out, **options):
    """Write every brief to the binary file ``out`` as WXR; the ``Summary`` of what was written."""
    return WxrWriter(out, **options).write()
