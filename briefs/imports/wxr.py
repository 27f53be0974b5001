"""Reading a WXR file (the WordPress eXtended RSS export; Squarespace writes the same) as a
stream: memory stays flat however long the export is.

defusedxml refuses entity declarations (billion laughs) and external entities and DTDs
before a byte of them is expanded or fetched. Every fault is a ``WxrError`` whose message
is one line a person can act on: where the file is broken, or why it is not an export.
"""

import codecs
from collections import Counter
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

from briefs.content import wxr

CHUNK = 64 * 1024


class WxrError(Exception):
    """The export cannot be read; the message says why, on one line."""


@dataclass
class Author:
    login: str
    display_name: str
    role: str = ""  # this site's own exports only (``wxr.BRIEFS``)
    bio: str = ""


@dataclass
class Term:
    kind: str  # "category" or "tag"
    slug: str
    name: str
    parent: str = ""  # the parent category's slug (channel's categories only)
    description: str = ""
    meta: dict = field(default_factory=dict)  # term meta (channel's categories only)


@dataclass
class Item:
    """One ``<item>`` of the export: a post, a page, an attachment..."""

    post_id: int | None
    guid: str
    title: str
    link: str
    creator: str
    content: str
    excerpt: str
    post_type: str
    status: str
    slug: str
    date_gmt: str
    date_local: str
    pub_date: str
    terms: list = field(default_factory=list)  # [Term], in the export's order
    meta: dict = field(default_factory=dict)
    attachment_url: str = ""
    parent_id: int | None = None


class Utf8Stream:
    """A binary file that refuses bytes that are not UTF-8, naming the line."""

    def __init__(self, raw):
        self.raw = raw
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.line = 1

    def read(self, size=CHUNK):
        data = self.raw.read(size if size and size > 0 else CHUNK)
        try:
            self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            line = self.line + data[: error.start].count(b"\n")
            raise WxrError(
                f"line {line}: the file is not UTF-8 (byte 0x{data[error.start]:02x}); "
                "export it again, or convert it to UTF-8"
            ) from None
        self.line += data.count(b"\n")
        return data


def _declared_encoding(head):
    """The encoding the XML declaration names, lower-cased, or None."""
    if not head.startswith(b"<?xml"):
        return None
    declaration = head.split(b"?>", 1)[0].decode("ascii", "replace")
    for quote in ('"', "'"):
        marker = f"encoding={quote}"
        if marker in declaration:
            return declaration.split(marker, 1)[1].split(quote, 1)[0].strip().lower()
    return None


def _open(path):
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed by the caller's generator)
    except OSError as error:
        raise WxrError(f"cannot open {path}: {error.strerror}") from None
    head = handle.read(200)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        handle.close()
        raise WxrError("the file is UTF-16, not UTF-8; export it again, or convert it to UTF-8")
    encoding = _declared_encoding(head.removeprefix(codecs.BOM_UTF8))
    if encoding not in (None, "utf-8", "utf8"):
        handle.close()
        raise WxrError(
            f"the file declares the encoding {encoding}, not UTF-8; "
            "WordPress and Squarespace write UTF-8: export it again"
        )
    handle.seek(0)
    return handle


def _text(element, tag):
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _raw_text(element, tag):
    found = element.find(tag)
    return (found.text or "") if found is not None else ""


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class Export:
    """A WXR file, read as a stream as often as needed.

    ``scan()`` reads it once for what posts refer to (site, authors, terms, attachments)
    and counts the posts by status (``post_statuses``); a term that posts use without the
    channel declaring it (Squarespace declares none) joins ``terms``. ``items()`` then
    yields the items one at a time, each forgotten once handled.
    """

    def __init__(self, path):
        self.path = path
        self.wp = None
        self.site = ""
        self.authors = {}  # login -> Author
        self.terms = {}  # (kind, slug) -> Term
        self.attachments = {}  # post id -> Item (content dropped)
        self.item_count = 0
        self.post_statuses = Counter()  # WordPress status -> posts

    def _events(self):
        handle = _open(self.path)
        stream = Utf8Stream(handle)
        try:
            root = None
            for event, element in iterparse(stream, events=("start", "end")):
                if root is None:
                    root = element
                    if element.tag != "rss":
                        raise WxrError(
                            f"this is not a WordPress or Squarespace export (WXR): "
                            f"it starts with <{element.tag}>, not <rss>"
                        )
                yield event, element, stream
        except ParseError as error:
            line, column = getattr(error, "position", (stream.line, 0))
            reason = str(error).split(":")[0]
            raise WxrError(f"line {line}, column {column}: the XML is broken ({reason})") from None
        except DefusedXmlException as error:
            raise WxrError(
                f"the file declares entities or a DTD ({type(error).__name__}), which an "
                "export never needs; it is refused unread"
            ) from None
        finally:
            handle.close()

    def scan(self):
        """Read the whole file once for the site, authors, terms and attachments."""
        channel = None
        for event, element, _stream in self._events():
            if event == "start":
                if element.tag == "channel":
                    channel = element
                continue
            tag = element.tag
            if self.wp is None and tag.endswith("}wxr_version"):
                version = (element.text or "").strip()
                namespace = wxr.WP_OF_VERSION.format(version)
                if version not in wxr.READ_VERSIONS or tag != wxr.qualified(
                    namespace, "wxr_version"
                ):
                    raise WxrError(f"unsupported WXR version {version!r} (1.0 to 1.2 are read)")
                self.wp = f"{{{namespace}}}"
            elif self.wp and tag == f"{self.wp}base_site_url" and not self.site:
                self.site = (element.text or "").strip().rstrip("/")
            elif self.wp and tag == f"{self.wp}author":
                login = _text(element, f"{self.wp}author_login")
                name = _text(element, f"{self.wp}author_display_name") or login
                if login:
                    self.authors[login] = Author(
                        login=login,
                        display_name=name,
                        role=_text(element, wxr.qualified(wxr.BRIEFS, wxr.AUTHOR_ROLE)),
                        bio=_text(element, wxr.qualified(wxr.BRIEFS, wxr.AUTHOR_BIO)),
                    )
                if channel is not None:
                    channel.remove(element)
            elif self.wp and tag in (f"{self.wp}category", f"{self.wp}tag"):
                kind = "category" if tag.endswith("category") else "tag"
                slug = _text(
                    element,
                    f"{self.wp}{kind}_nicename" if kind == "category" else f"{self.wp}tag_slug",
                )
                name = _text(
                    element, f"{self.wp}cat_name" if kind == "category" else f"{self.wp}tag_name"
                )
                if slug or name:
                    self.terms[(kind, slug or name)] = Term(
                        kind,
                        slug or name,
                        name or slug,
                        parent=_text(element, f"{self.wp}category_parent"),
                        description=_raw_text(element, f"{self.wp}category_description").strip(),
                        meta=self._meta(element, "termmeta"),
                    )
                if channel is not None:
                    channel.remove(element)
            elif tag == "item":
                if self.wp is None:
                    raise WxrError(
                        "this RSS file is not a WordPress or Squarespace export: it has no "
                        "<wp:wxr_version> before its first item"
                    )
                self.item_count += 1
                item = self._item(element)
                if item.post_type == "attachment" and item.post_id is not None:
                    item.content = ""
                    self.attachments[item.post_id] = item
                elif item.post_type == "post":
                    self.post_statuses[item.status] += 1
                    for term in item.terms:
                        self.terms.setdefault((term.kind, term.slug), term)
                if channel is not None:
                    channel.remove(element)
        if self.wp is None:
            raise WxrError(
                "this is not a WordPress or Squarespace export (WXR): no <wp:wxr_version> found"
            )

    def items(self):
        """Every item of the export, in order, each a fresh ``Item`` (scanned first if need be)."""
        if self.wp is None:
            self.scan()
        own_tags = self._channel_tags
        channel = None
        for event, element, _stream in self._events():
            if event == "start":
                if element.tag == "channel":
                    channel = element
                continue
            if element.tag == "item":
                yield self._item(element)
                if channel is not None:
                    channel.remove(element)
            elif channel is not None and element.tag in own_tags:
                channel.remove(element)

    @property
    def _channel_tags(self):
        """The channel's own WXR elements, left behind once ``scan()`` has read them."""
        return {f"{self.wp}{name}" for name in ("author", "category", "tag", "term")}

    def _meta(self, element, kind):
        """{key: value} of the element's ``wp:postmeta`` or ``wp:termmeta``."""
        meta = {}
        for entry in element.findall(f"{self.wp}{kind}"):
            key = _text(entry, f"{self.wp}meta_key")
            if key:
                meta[key] = _raw_text(entry, f"{self.wp}meta_value")
        return meta

    def _item(self, element):
        wp = self.wp
        terms = []
        for category in element.findall("category"):
            domain = category.get("domain", "category")
            kind = "tag" if domain == "post_tag" else "category" if domain == "category" else None
            name = (category.text or "").strip()
            if kind and name:
                terms.append(Term(kind, category.get("nicename", "") or name, name))
        meta = self._meta(element, "postmeta")
        guid = element.find("guid")
        return Item(
            post_id=_int(_text(element, f"{wp}post_id")),
            guid=(guid.text or "").strip() if guid is not None else "",
            title=_text(element, "title"),
            link=_text(element, "link"),
            creator=_text(element, wxr.qualified(wxr.DC, "creator")),
            content=_raw_text(element, wxr.qualified(wxr.CONTENT, "encoded")),
            excerpt=_raw_text(element, f"{wp[:-1]}excerpt/}}encoded"),
            post_type=_text(element, f"{wp}post_type"),
            status=_text(element, f"{wp}status"),
            slug=_text(element, f"{wp}post_name"),
            date_gmt=_text(element, f"{wp}post_date_gmt"),
            date_local=_text(element, f"{wp}post_date"),
            pub_date=_text(element, "pubDate"),
            terms=terms,
            meta=meta,
            attachment_url=_text(element, f"{wp}attachment_url"),
            parent_id=_int(_text(element, f"{wp}post_parent")),
        )
