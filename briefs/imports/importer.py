"""An export's posts become briefs, one post per transaction (``Importer.run``).

Each post is found again on a later run by its GUID (``ImportedPost``): a post whose export
text is unchanged is left alone; a changed one updates its brief, unless someone edited the
brief here since the import (then only ``overwrite`` replaces it). A post that fails rolls
back alone and is reported with why; the others go on.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html import unescape
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed

from briefs import images
from briefs.content import wxr
from briefs.content.slug_rule import is_valid_slug, slug_for
from briefs.content.slugs import free_brief_slug
from briefs.imports import content, media, redirects
from briefs.imports.terms import Decision, TermDecider, folded
from briefs.models import (
    Author,
    Brief,
    BriefAuthor,
    BriefKind,
    ImportedPost,
    KeyPointsLabel,
    Series,
    Theme,
    ThemedBrief,
)
from countries.models import Country

STATUSES = {
    wxr.STATUS_PUBLISH: Brief.Status.PUBLISHED,
    wxr.STATUS_FUTURE: Brief.Status.PUBLISHED,
    wxr.STATUS_DRAFT: Brief.Status.DRAFT,
    wxr.STATUS_PENDING: Brief.Status.REVIEW,
    wxr.STATUS_PRIVATE: Brief.Status.DRAFT,
}
# The post meta a rerun compares, besides the post's own text: what this site's exports
# carry that WordPress has no place for, and WordPress's footnotes.
FINGERPRINTED_META = (
    wxr.META_FOOTNOTES,
    wxr.META_AUTHORS,
    wxr.META_SERIES,
    wxr.META_SERIES_POSITION,
    wxr.META_TYPE,
    wxr.META_KEY_POINTS,
    wxr.META_KEY_POINTS_LABEL,
    wxr.META_SOURCES,
    wxr.META_SEO_TITLE,
    wxr.META_SEO_DESCRIPTION,
    wxr.META_PUBLISH_TIME,
    wxr.META_MODIFIED_TIME,
)
NOT_IMPORTED = {
    "trash": "in the trash",
    "inherit": "a revision",
    "auto-draft": "an automatic draft WordPress never showed",
}
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+")


class DryRunRollback(Exception):
    """Undoes a post's transaction in a dry run."""


@dataclass
class Report:
    """What an import did, for the terminal and the report file."""

    export: str = ""
    dry_run: bool = False
    created: list = field(default_factory=list)  # titles
    updated: list = field(default_factory=list)
    unchanged: int = 0
    skipped: list = field(default_factory=list)  # (post, why)
    failed: list = field(default_factory=list)  # (post, why)
    images_found: int = 0
    images_missing: list = field(default_factory=list)  # (brief, address, why)
    alt_text_made_up: list = field(default_factory=list)  # (brief, address)
    redirects_made: int = 0
    redirects_taken: list = field(default_factory=list)  # (path, brief)
    shortcodes: dict = field(default_factory=dict)  # name -> [brief titles]
    renamed_slugs: list = field(default_factory=list)  # (old, new)
    series_taken: list = field(default_factory=list)  # (brief, series, position)
    unknown_types: list = field(default_factory=list)  # (brief, type slug)
    terms: dict = field(default_factory=dict)  # "category Name" -> what it became
    other_items: int = 0

    def summary(self):
        verb = "would be " if self.dry_run else ""
        return [
            f"Created: {len(self.created)}{' (dry run: nothing saved)' if self.dry_run else ''}",
            f"Updated: {len(self.updated)}",
            f"Skipped: {self.unchanged + len(self.skipped)} "
            f"({self.unchanged} unchanged since the last import)",
            f"Failed: {len(self.failed)}",
            f"Images found: {self.images_found}, missing: {len(self.images_missing)}",
            f"Redirects {verb}made: {self.redirects_made}",
        ]

    def lines(self):
        out = [f"Import of {self.export}", *self.summary()]

        def section(title, rows):
            if rows:
                out.extend(["", f"{title}:", *(f"  {row}" for row in rows)])

        section("Skipped", [f"{post}: {why}" for post, why in self.skipped])
        section("Failed", [f"{post}: {why}" for post, why in self.failed])
        section(
            "Missing images",
            [f"{brief}: {address} ({why})" for brief, address, why in self.images_missing],
        )
        section(
            "Alt text to write (the export had none; the title or caption stands in)",
            [f"{brief}: {address}" for brief, address in self.alt_text_made_up],
        )
        section(
            "Shortcodes kept as text",
            [
                f"[{name}] in {', '.join(titles)}"
                for name, titles in sorted(self.shortcodes.items())
            ],
        )
        section(
            "Slugs taken here, imported under another",
            [f"{a} -> {b}" for a, b in self.renamed_slugs],
        )
        section(
            "Series positions taken here (imported outside the series)",
            [
                f"{brief}: part {position} of {series}"
                for brief, series, position in self.series_taken
            ],
        )
        section(
            "Content types not on this site (imported as the default type)",
            [f"{brief}: {slug}" for brief, slug in self.unknown_types],
        )
        section(
            "Old addresses already taken by another brief",
            [f"{path} (kept for {brief})" for path, brief in self.redirects_taken],
        )
        section(
            "Categories and tags", [f"{term} -> {became}" for term, became in self.terms.items()]
        )
        return out


def parse_gmt(text):
    """A WordPress ``post_date_gmt`` ("2022-05-03 10:00:00") as an aware UTC time, or None."""
    if not text or text == wxr.NO_DATE:
        return None
    try:
        return datetime.strptime(text, wxr.DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def parse_rfc822(text):
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.astimezone(UTC) if moment and moment.tzinfo else None


def precise_time(text, agrees_with=None):
    """This site's ISO 8601 time to the microsecond (``wxr.META_PUBLISH_TIME``...), or None;
    None too when it is not the same second as ``agrees_with`` (the export was edited)."""
    try:
        moment = datetime.fromisoformat(text or "")
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    moment = moment.astimezone(UTC)
    if agrees_with is not None and moment.replace(microsecond=0) != agrees_with:
        return None
    return moment


def publish_time(item):
    """The post's publish time in UTC: ``post_date_gmt``, else ``pubDate``; to the
    microsecond when this site's export gives it for the same second."""
    moment = parse_gmt(item.date_gmt) or parse_rfc822(item.pub_date)
    if moment is None:
        return None
    return precise_time(item.meta.get(wxr.META_PUBLISH_TIME), agrees_with=moment) or moment


def summary_from(text, limit):
    """Whole sentences of ``text`` that fit ``limit`` characters; a first sentence longer
    than that is cut at a word, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in SENTENCE_END.split(text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut}…"


def first_paragraph(markup):
    """The words of the first paragraph of ``markup`` that has any."""
    for match in re.finditer(r"<p[\s>].*?</p>", markup, re.S):
        words = content.plain(match.group(0))
        if words:
            return words
    return content.plain(markup)


class Importer:
    """Imports the posts of ``export`` (a scanned ``wxr.Export``)."""

    def __init__(self, export, *, source, mapping=None, overwrite=False, dry_run=False):
        self.export = export
        self.source = source  # a media.MediaSource
        self.mapping = mapping
        self.overwrite = overwrite
        self.dry_run = dry_run
        self.decider = TermDecider(mapping)
        self.report = Report(export=str(export.path), dry_run=dry_run)
        self.decisions = {}
        self.authors = {}
        self.themes = {}
        self.profiled = set()  # countries whose profile was looked at
        self.written = []
        self.summary_limit = Brief._meta.get_field("dek").max_length
        self.country_ids = dict(Country.objects.values_list("code", "pk"))

    def decision(self, term):
        key = (term.kind, term.slug.casefold() or term.name.casefold())
        if key not in self.decisions:
            self.decisions[key] = (
                self.decider.mapped_decision(term)
                or self._own_term(self.channel_term(term))
                or self.decider.decide(term)
            )
            self.report.terms[f"{term.kind} {term.name}"] = self.decisions[key].describe()
        return self.decisions[key]

    def channel_term(self, term):
        """The channel's entry of a post's ``term`` (with its parent, description and
        meta), or the term itself."""
        return self.export.terms.get((term.kind, term.slug), term)

    def _own_term(self, term):
        """What this site's own export says a category is: a series (under the parent
        category ``wxr.SERIES_CATEGORY``), a country by its ISO code, or one of the two
        parent categories; None for any other term."""
        if term.kind != "category":
            return None
        if term.parent == wxr.SERIES_CATEGORY and term.slug.startswith(wxr.SERIES_CATEGORY_PREFIX):
            return Decision("series", term.slug.removeprefix(wxr.SERIES_CATEGORY_PREFIX))
        code = term.meta.get(wxr.META_ISO_CODE, "").upper()
        if term.parent == wxr.COUNTRIES_CATEGORY and code in self.country_ids:
            return Decision("country", code)
        if not term.parent and term.slug in (wxr.COUNTRIES_CATEGORY, wxr.SERIES_CATEGORY):
            children = (other.parent == term.slug for other in self.export.terms.values())
            if any(children):
                return Decision("skip", why="the parent category of an export's terms")
        return None

    def run(self, progress=None):
        """Import every post; ``progress(item)`` is called after each item."""
        for term in self.export.terms.values():
            self.decision(term)
        for item in self.export.items():
            self.import_item(item)
            if progress:
                progress(item)
        return self.report

    # One post

    def import_item(self, item):
        label = f"{item.title or '(no title)'} (post {item.post_id})"
        if item.post_type != "post":
            if item.post_type in ("page", "revision"):
                self.report.skipped.append((label, f"a {item.post_type}, not a post"))
            else:
                self.report.other_items += 1
            return
        if item.status in NOT_IMPORTED:
            self.report.skipped.append((label, NOT_IMPORTED[item.status]))
            return
        self.written = []  # files stored for this post, deleted if its transaction fails
        try:
            self._checked(item)
            with transaction.atomic():
                outcome = self._import(item, label)
                if self.dry_run:
                    raise DryRunRollback(outcome)
        except DryRunRollback as done:
            outcome = done.args[0]
            self.authors.clear()
            self.themes.clear()
            self.profiled.clear()
        except (ValueError, ValidationError, DatabaseError) as error:
            # Authors and themes this post made were rolled back with it; its files go too.
            self.authors.clear()
            self.themes.clear()
            self.profiled.clear()
            images.delete_files(self.written)
            why = "; ".join(getattr(error, "messages", [])) or str(error).splitlines()[0]
            self.report.failed.append((label, why))
            return
        if outcome is None:
            return
        kind, title = outcome
        getattr(self.report, kind).append(title)

    def _checked(self, item):
        """Refuse a post missing what a brief needs, naming it."""
        if not (item.guid or item.post_id is not None):
            raise ValueError("it has neither a GUID nor a post id, so a rerun could not find it")
        if not item.title:
            raise ValueError("it has no title")
        if item.status not in STATUSES:
            raise ValueError(f"unknown status {item.status!r}")
        if item.status in ("publish", "future") and publish_time(item) is None:
            raise ValueError("it is published but has no publish date (post_date_gmt)")

    def source_key(self, item):
        return item.guid or f"{self.export.site}/?p={item.post_id}"

    def fingerprint(self, item):
        """What the export says of the post, and what its terms and author map to."""
        attachment = self.export.attachments.get(_int(item.meta.get(wxr.META_THUMBNAIL)))
        facts = {
            "title": item.title,
            "slug": item.slug,
            "content": item.content,
            "excerpt": item.excerpt,
            "status": item.status,
            "date": item.date_gmt or item.pub_date,
            "creator": self._author_name(item.creator),
            "terms": [self.decision(term).describe() for term in item.terms],
            "hero": attachment.attachment_url if attachment else "",
            "link": item.link,
            "meta": {key: item.meta[key] for key in FINGERPRINTED_META if key in item.meta},
        }
        return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()

    def _import(self, item, label):
        key = self.source_key(item)
        fingerprint = self.fingerprint(item)
        record = ImportedPost.objects.select_for_update().filter(source_key=key).first()
        brief = record.brief if record else None
        if record is not None:
            if brief is None and not self.overwrite:
                self.report.skipped.append((label, "its brief was deleted here since the import"))
                return None
            edited = brief is not None and brief.updated_at != record.brief_updated_at
            if edited and not self.overwrite:
                if record.fingerprint != fingerprint:
                    self.report.skipped.append(
                        (label, "edited here since the import; --overwrite replaces it")
                    )
                else:
                    self.report.unchanged += 1
                return None
            if not edited and record.fingerprint == fingerprint:
                self.report.unchanged += 1
                return None
        created = brief is None
        brief = brief or Brief()
        self._fill(brief, item, created)
        brief.save()
        self._file(brief, item, created)
        modified = precise_time(item.meta.get(wxr.META_MODIFIED_TIME))
        if modified is not None:
            # The brief was last changed when the exporting site says, not by this import.
            Brief.objects.filter(pk=brief.pk).update(updated_at=modified)
        made, taken = redirects.remember(brief, redirects.old_paths(item.link, item.post_id))
        self.report.redirects_made += len(made)
        self.report.redirects_taken.extend((path, brief.title) for path in taken)
        brief.refresh_from_db(fields=["updated_at"])
        if record is None:
            record = ImportedPost(source_key=key)
        record.post_id, record.brief, record.fingerprint = item.post_id, brief, fingerprint
        record.brief_updated_at = brief.updated_at
        record.save()
        return ("created" if created else "updated", brief.title)

    def _fill(self, brief, item, created):
        brief.title = content.plain(unescape(item.title))[:250] or item.title[:250]
        brief.slug = self._slug(item, brief)
        meta = item.meta
        own_blocks = [
            name
            for key, name in (
                (wxr.META_KEY_POINTS, wxr.KEY_POINTS_CLASS),
                (wxr.META_SOURCES, wxr.SOURCES_CLASS),
            )
            if key in meta
        ]
        cleaned = content.clean(
            item.content,
            footnotes=content.footnotes_from_meta(meta.get(wxr.META_FOOTNOTES)),
            drop_classes=own_blocks,
        )
        for name in cleaned.shortcodes:
            self.report.shortcodes.setdefault(name, []).append(brief.title)
        brief.body = content.with_library_figures(
            cleaned.html, self._figures(cleaned.images, brief.title)
        )
        excerpt = content.plain(item.excerpt)
        brief.dek = summary_from(excerpt or first_paragraph(cleaned.html), self.summary_limit)
        brief.dek = brief.dek or brief.title
        brief.status = STATUSES[item.status]
        moment = publish_time(item)
        brief.publish_at = moment if brief.status == Brief.Status.PUBLISHED else None
        self._own_fields(brief, meta)
        self._hero(brief, item)

    def _own_fields(self, brief, meta):
        """What this site's exports carry in their own post meta: content type, key
        points, sources, search title and description, series and position. A field whose
        meta is missing (an export of another site) is left as it is."""
        if type_slug := meta.get(wxr.META_TYPE, "").strip():
            kind = BriefKind.objects.filter(slug=type_slug).first()
            if kind is None:
                self.report.unknown_types.append((brief.title, type_slug))
            else:
                brief.kind = kind
        if wxr.META_KEY_POINTS in meta:
            brief.key_points = meta[wxr.META_KEY_POINTS].strip()
            label = meta.get(wxr.META_KEY_POINTS_LABEL, "")
            brief.key_points_label = (
                label if label in KeyPointsLabel.values else KeyPointsLabel.KEY_POINTS
            )
        if wxr.META_SOURCES in meta:
            brief.notes = meta[wxr.META_SOURCES]
        for key, name in (
            (wxr.META_SEO_TITLE, "seo_title"),
            (wxr.META_SEO_DESCRIPTION, "seo_description"),
        ):
            if key in meta:
                setattr(brief, name, meta[key].strip()[: Brief._meta.get_field(name).max_length])
        slug, position = (
            meta.get(wxr.META_SERIES, "").strip(),
            _int(meta.get(wxr.META_SERIES_POSITION)),
        )
        if not slug or not position or position < 1:
            return
        series = self._series(slug)
        holder = Brief.objects.filter(
            series=series, series_position=position, language=brief.language
        ).exclude(pk=brief.pk)
        if holder.exists():
            self.report.series_taken.append((brief.title, series.title, position))
            return
        brief.series, brief.series_position = series, position

    def _series(self, slug):
        """The series of ``slug``, made from its category in the export if it is new here."""
        series = Series.objects.filter(slug=slug).first()
        if series is None:
            term = self.export.terms.get(("category", wxr.SERIES_CATEGORY_PREFIX + slug))
            series = Series.objects.create(
                slug=slug,
                title=term.name if term else slug,
                description=term.description if term else "",
            )
        return series

    def _slug(self, item, brief):
        wanted = unquote(item.slug).strip().lower()
        if not is_valid_slug(wanted):
            wanted = slug_for(unescape(item.title), "brief", 1, 250)
        slug = free_brief_slug(wanted, brief.pk)
        if slug != wanted:
            self.report.renamed_slugs.append((wanted, slug))
        return slug

    def _file(self, brief, item, created):
        """Authors, countries and themes, after the brief has its id."""
        self._set_byline(brief, item, created)
        countries, themes = [], []
        for term in item.terms:
            decision = self.decision(term)
            if decision.kind == "country":
                countries.append(self.country_ids[decision.value])
                self._profile(decision.value, self.channel_term(term).description)
            elif decision.kind == "theme" and decision.value:
                themes.append((decision.value, term.slug))
        brief.countries.set(list(dict.fromkeys(countries)))
        wanted = {}  # name -> the export's slug, in the export's order, each name once
        for name, slug in themes:
            wanted.setdefault(name, slug)
        self._set_themes(
            brief, [self._theme(name, slug).pk for name, slug in wanted.items()], created
        )

    def _set_byline(self, brief, item, created):
        """The authors in byline order: this site's ``wxr.META_AUTHORS`` (logins), else
        the post's ``dc:creator``."""
        listed = item.meta.get(wxr.META_AUTHORS, "").split(",")
        logins = [login.strip() for login in listed if login.strip()] or [item.creator]
        authors = [self._author(login) for login in logins]
        wanted = list(dict.fromkeys(author.pk for author in authors if author is not None))
        byline = BriefAuthor.objects.filter(brief=brief)
        had = [] if created else list(byline.order_by("position").values_list("author", flat=True))
        if had == wanted:
            return
        byline.delete()
        for position, author in enumerate(wanted, start=1):
            BriefAuthor.objects.create(brief=brief, author_id=author, position=position)

    def _profile(self, code, description):
        """A country without a profile here takes the one of its category in the export."""
        profile = description.strip()
        if not profile or code in self.profiled:
            return
        self.profiled.add(code)
        country = Country.objects.get(code=code)
        if not country.profile:
            country.profile = profile
            country.save(update_fields=["profile"])

    @staticmethod
    def _set_themes(brief, wanted, created):
        """The brief's themes, in the export's order (the link rows' ids give it).

        Written as rows, not through taggit's manager (a query per theme and link), and
        announced with the ``m2m_changed`` that the manager would send, so the search
        vector and the page generation follow as after an admin save.
        """
        links = ThemedBrief.objects.filter(content_object=brief)
        had = [] if created else list(links.order_by("id").values_list("tag_id", flat=True))
        if had == wanted:
            return
        if had:
            links.delete()
        ThemedBrief.objects.bulk_create(
            ThemedBrief(content_object=brief, tag_id=theme) for theme in wanted
        )
        m2m_changed.send(
            sender=ThemedBrief,
            instance=brief,
            action="post_add" if wanted else "post_clear",
            reverse=False,
            model=Theme,
            pk_set=set(wanted),
            using=brief._state.db,
        )

    def _theme(self, name, slug=""):
        """The theme called ``name`` (case aside), made on first use with the export's
        ``slug`` when that is free here (else the site's slug of the name); one query per
        name and run, not per post."""
        key = name.casefold()
        theme = self.themes.get(key)
        if theme is None:
            theme = Theme.objects.filter(name__iexact=name).first()
            if theme is None:
                theme = Theme(name=name)
                theme.slug = slug if is_valid_slug(slug) else theme.slugify(name)
                number = 1
                while Theme.objects.filter(slug=theme.slug).exists():
                    theme.slug = theme.slugify(name, number)
                    number += 1
                theme.save()
            self.themes[key] = theme
        return theme

    def _author_name(self, login):
        author = self.export.authors.get(login)
        name = author.display_name if author else login
        mapped = self.mapping.authors if self.mapping else {}
        return mapped.get(folded(login)) or mapped.get(folded(name or "")) or name

    def _author(self, login):
        """The author here of the export's ``login``: matched by name, else made."""
        name = self._author_name(login) if login else ""
        if not name:
            return None
        if name not in self.authors:
            author = Author.objects.filter(name__iexact=name).first()
            if author is None:
                author = self._new_author(name, self.export.authors.get(login))
            self.authors[name] = author
        return self.authors[name]

    @staticmethod
    def _new_author(name, exported):
        """An author called ``name``, with the export's login as slug when it is one and
        free here (this site's exports use the slug as login), role and biography."""
        field = Author._meta.get_field
        slug = exported.login.lower() if exported else ""
        if not is_valid_slug(slug) or Author.objects.filter(slug=slug).exists():
            slug, number = slug_for(name, "author", 1, 150), 1
            while Author.objects.filter(slug=slug).exists():
                number += 1
                slug = slug_for(name, "author", number, 150)
        return Author.objects.create(
            name=name[: field("name").max_length],
            slug=slug[: field("slug").max_length],
            role=exported.role[: field("role").max_length] if exported else "",
            bio=exported.bio if exported else "",
        )

    # Pictures

    def _picture(self, url, title, *, alt, caption, fallback_alt, credit=""):
        """The library image of ``url`` (brought in now if need be), or None, reported.

        A picture new to this import enters the library through ``add_to_library``: a file
        the library already holds is that image, with its own words; a new one takes
        ``alt`` (``fallback_alt`` when the export has none, reported) and ``caption``.
        """
        url = self.source.absolute(url)
        existing = media.imported_image(url)
        if existing is not None:
            self.report.images_found += 1
            return existing
        try:
            data = self.source.get(url)
        except media.Missing as missing:
            self.report.images_missing.append((title, url, str(missing)))
            return None
        self.report.images_found += 1
        if not alt:
            self.report.alt_text_made_up.append((title, url))
            alt = fallback_alt
        if self.dry_run:
            return None
        added = media.bring_in(url, data, title=alt, alt=alt, caption=caption, credit=credit)
        if added.created:
            # Only a new image's files are this post's: an image found in the library by
            # its file stays, with its files, whatever becomes of this post.
            self.written.extend(images.stored_names(added.image.image.name, added.image.renditions))
        return added.image

    def _figures(self, refs, title):
        """Placeholder number -> library image id, for the pictures that could be had."""
        ids = {}
        for number, ref in enumerate(refs):
            attachment = self.export.attachments.get(ref.attachment_id)
            url = attachment.attachment_url if attachment and attachment.attachment_url else ref.src
            alt = ref.alt or (attachment.meta.get(wxr.META_IMAGE_ALT, "") if attachment else "")
            caption = ref.caption or (content.plain(attachment.excerpt) if attachment else "")
            credit = ""
            if attachment is not None and wxr.META_CREDIT in attachment.meta:
                # This site's figure caption is the image's caption and credit run together;
                # the attachment keeps them apart.
                caption = content.plain(attachment.excerpt)
                credit = attachment.meta[wxr.META_CREDIT].strip()
            image = self._picture(
                url,
                title,
                alt=alt.strip(),
                caption=caption,
                credit=credit,
                fallback_alt=caption or f"Figure of “{title}”",
            )
            if image is not None:
                ids[number] = image.pk
        return ids

    def _hero(self, brief, item):
        """The featured image becomes the brief's hero, a library image (``_picture``)."""
        attachment = self.export.attachments.get(_int(item.meta.get(wxr.META_THUMBNAIL)))
        if attachment is None or not attachment.attachment_url:
            return
        caption = content.plain(attachment.excerpt)
        image = self._picture(
            attachment.attachment_url,
            brief.title,
            alt=attachment.meta.get(wxr.META_IMAGE_ALT, "").strip(),
            caption=caption,
            credit=attachment.meta.get(wxr.META_CREDIT, "").strip(),
            fallback_alt=caption or attachment.title or brief.title,
        )
        if image is not None:
            # The hero it replaces, if any, stays in the library, where others may show it.
            brief.hero = image


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
