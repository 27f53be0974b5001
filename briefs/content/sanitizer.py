"""The one place where rich text is made safe before it is stored.

``sanitizer_for(extensions)`` cleans a body or notes field in three steps:

1. lxml's HTML parser (libxml2) reads whatever was sent into balanced elements.
2. ``_Cleanup`` walks them once. It drops what never holds reader-facing text (scripts,
   styles, Word's metadata and hidden list markers) with its content, turns what Word and
   Google Docs put on the clipboard into plain structure (their list paragraphs into
   lists, their bold and italic spans into ``strong`` and ``em``, their footnotes into
   footnotes (``pasted_footnotes``), their wrappers away), puts loose text (plain text
   where only blocks belong) in paragraphs, one per blank-line break, closes a table before
   words met between its rows or cells (and reopens it for the next row), and writes every
   other piece of text, with only the tags and attributes that the field's editor offers
   (in a footnote or a table's caption, text only).
3. nh3, with the allow-list that django-prose-editor derives from the same extensions,
   decides what survives: the one safety check. Every link gets
   ``rel="noopener noreferrer"``; whatever ``rel`` the browser sent is dropped.

The work grows linearly with the input, whatever it holds. libxml2 reads in one pass (the
stdlib's ``html.parser``, used before, has quadratic cases: CPython #135462). What would
make libxml2 or nh3 slow is kept from them: markup nested more than ``MAX_DEPTH`` deep is
refused, and ``_Cleanup`` writes text in runs of at most ``TEXT_RUN`` characters and
attributes of at most ``MAX_ATTRIBUTE_LENGTH``, since nh3 takes quadratic time to write
out one long text or attribute full of ``&`` or no-break spaces.
"""

import re
from dataclasses import dataclass
from html import escape

import nh3
from django.core.exceptions import ValidationError
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from lxml import etree

from briefs.content import figures, pasted_footnotes
from briefs.content.footnotes import FOOTNOTE_ATTRIBUTE, FOOTNOTE_TAG
from briefs.content.language_direction import DIRECTIONS

URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"
# A table wider than the column scrolls inside its own box (static/css/site.css); it takes
# keyboard focus so that it can be scrolled without a mouse. Set by nh3, whatever was sent.
SET_ATTRIBUTES = {"table": {"tabindex": "0"}}

# What never holds text a reader sees on the page. Whatever the first six hold is text up
# to their own end tag; Word's metadata (xml), noscript and template may hold markup.
DROPPED_WITH_CONTENT = {
    "script", "style", "title", "iframe", "noembed", "noframes", "xml", "noscript", "template",
}  # fmt: skip
# libxml2 ignores the end tag of an element while one of these is open inside it, and the
# rest of the document would then land in a dropped element: from where one of them
# starts, a dropped element's content is kept.
KEEPS_DROPPED_CONTENT = {"div", "table", "thead", "tbody", "tfoot", "tr", "td", "th"}
# Tags the editor does not produce, renamed to the ones it does.
RENAMED_TAGS = {"h1": "h2", "h5": "h4", "h6": "h4", "b": "strong", "i": "em"}
# Starting one of these ends the list being rebuilt from Word's list paragraphs.
ENDS_PASTED_LIST = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "ul", "ol"}
VOID_TAGS = {"br", "hr"}
# Text and these, met where only blocks belong (the top level, a quotation), start a
# paragraph of their own; a blank line in that text starts the next one. A single line
# break stays white space, shown as a space: pasted prose (from a PDF, an e-mail) breaks
# its lines wherever its page ended, not where a reader expects a new line.
PHRASING = {"strong", "em", "a", "br", "sub", "sup", "abbr", FOOTNOTE_TAG}
HOLDS_BLOCKS = {None, "blockquote"}
_BLANK_LINE = re.compile(r"(\n[^\S\n]*\n\s*)")
# A paragraph started for loose text stands between the element holding it and that
# element's children: it closes with its holder, never with an inline element inside it.
LOOSE_PARAGRAPH_OFFSET = 0.5

# What is written follows a content model that HTML5 (nh3) and libxml2 (the next clean-up
# of the stored HTML) both keep as written, so that cleaning twice changes nothing: a block
# closes the paragraph, heading, link or emphasis it would fall in; a list item closes
# the item it would fall in; a link closes the link it would fall in; table parts stand
# only right inside the part that holds them, and nothing else does (HTML5 drops table
# parts anywhere else, and moves anything else out of the table).
BLOCKS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "hr", "figure",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
PHRASING_ONLY = {"p", "h2", "h3", "h4", "strong", "em", "a", "sub", "sup", "abbr", FOOTNOTE_TAG}
EMPTY_DROPPED = {"strong", "em", "a", "sub", "sup", "abbr", FOOTNOTE_TAG}  # removed again
# A link or a footnote closes the link it would fall in: a footnote is printed as a link
# (its number), and links do not nest.
CLOSES_LINKS = {"a", FOOTNOTE_TAG}
TABLE_PARENTS = {
    "caption": {"table"},
    "thead": {"table"},
    "tbody": {"table"},
    "tr": {"table", "thead", "tbody"},
    "th": {"tr"},
    "td": {"tr"},
}
INSIDE_TABLE = {"table", "thead", "tbody", "tr"}
# A link in a cell or a caption is apart from one outside the table.
CELLS = {"table", "caption", "th", "td"}

# No brief nests deeper; browsers themselves stop nesting at a few hundred levels.
MAX_DEPTH = 256
TEXT_RUN = 4096
MAX_ATTRIBUTE_LENGTH = 8192
# Where a long text is split: a comment, which nh3 removes without joining the parts.
TEXT_BREAK = "<!---->"

_BOLD = re.compile(r"bold|[6-9]00", re.IGNORECASE)
_NORMAL_WEIGHT = re.compile(r"normal|400", re.IGNORECASE)
_ITALIC = re.compile(r"italic", re.IGNORECASE)
_LIST_MARKER = re.compile(r"ignore", re.IGNORECASE)
_LIST_LEVEL = re.compile(r"\blevel(\d+)", re.IGNORECASE)
_ORDERED_MARKER = re.compile(r"\s*(\d+|[a-z]|[ivxlc]+)[.)]", re.IGNORECASE)
MARKER_LENGTH = 16  # enough of a list marker ("1.", "iv)", "·") to tell its kind
# An empty paragraph, plain or with only its language and direction (nothing to lay out).
_EMPTY_PARAGRAPH = re.compile(r'<p(?: (?:dir|lang)="[^"<>]*")*>(?:\s|&nbsp;|<br>)*</p>')


def declarations(style):
    """The declarations of a ``style`` attribute, by lower-cased property name."""
    found = {}
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        found[name.strip().lower()] = value.strip()
    return found


class _Cleanup:
    """lxml parser target writing the text and allowed structure of what it is fed.

    lxml calls ``start``, ``end`` and ``data`` in document order, with every element
    closed, however the markup left it. The markup written is still untrusted: it always
    goes through nh3 afterwards.
    """

    def __init__(self, tags, attributes):
        self.tags = tags  # what the field's editor offers
        self.attributes = attributes  # by tag, the attributes it may keep
        self.out = []
        self.open = []  # for each open element, whether its start tag was written
        # The elements written and still open: (index in open, tag, index in out).
        self.written = []
        self.dropping = 0  # depth inside an element whose content is thrown away
        self.lists = []  # the pasted lists open, outermost first (see _PastedList)
        self.marker = None  # text of the list marker being dropped, when capturing
        self.run = 0  # characters of text written since the last tag or break
        self.text = []  # the pieces of the text being read, written at the next tag
        # The directions written on open elements: (index in out, direction), innermost last.
        self.directions = []
        self.footnote = None  # index in open of the footnote being written, if any
        # Footnotes pasted from Word or Google Docs (see pasted_footnotes).
        self.pasted = pasted_footnotes.PastedNotes()
        self.reference = None  # (index in open, marker pieces) of the reference being read
        self.note_list = None  # index in open of Word's list of notes, while in it
        # The table parts closed early for words met between rows or cells, whose source
        # elements are still open: (index in open, tag, start tag as written).
        self.suspended = []

    def start(self, tag, attrib):
        self._write_pending_text()
        if len(self.open) + self.dropping >= MAX_DEPTH:
            raise ValidationError(
                f"This text nests its formatting more than {MAX_DEPTH} levels deep, which "
                "no brief needs. Paste it again without its formatting.",
                code="too_deep",
            )
        if self.dropping and tag in KEEPS_DROPPED_CONTENT:
            self._keep_dropped_content()
        if self.dropping:
            self.dropping += 1
            return
        style = declarations(attrib["style"]) if "style" in attrib else {}
        is_marker = bool(_LIST_MARKER.match(style.get("mso-list", "")))
        if tag in DROPPED_WITH_CONTENT or is_marker:
            self.dropping = 1
            self.marker = "" if is_marker else None
            return
        if self.reference is not None or self.pasted.reading is not None:
            self.open.append(False)  # a pasted reference or note: only its text is read
            return
        if tag == "p" and self._is_word_list_item(attrib, style):
            level = _LIST_LEVEL.search(style["mso-list"]) if "mso-list" in style else None
            self._enter_list_level(int(level.group(1)) if level else 1)
            self._open("li", attrib)
            return
        if tag == "a" and self.footnote is None and self._pasted_footnote_link(attrib):
            return
        if tag in ENDS_PASTED_LIST:
            self._close_pasted_list()
        if pasted_footnotes.is_note_list(style):
            self.note_list = len(self.open)
        if tag == figures.TAG and tag in self.tags:
            self._figure(attrib)
        elif tag == FOOTNOTE_TAG and FOOTNOTE_ATTRIBUTE in attrib:
            self._open_footnote()
        elif tag == "b" and _NORMAL_WEIGHT.match(style.get("font-weight", "")):
            self._open(None, attrib)  # Google Docs wraps everything in this
        elif tag == "span" and _BOLD.match(style.get("font-weight", "")):
            self._open("strong", attrib)
        elif tag == "span" and _ITALIC.match(style.get("font-style", "")):
            self._open("em", attrib)
        elif tag == FOOTNOTE_TAG or (self.note_list is not None and tag in VOID_TAGS):
            # A span is written only as a footnote; Word's notes come after a rule.
            self._open(None, attrib)
        else:
            self._open(RENAMED_TAGS.get(tag, tag), attrib)

    def end(self, tag):
        self._write_pending_text()
        if self.dropping:
            self.dropping -= 1
            if not self.dropping and self.marker is not None:
                self._decide_list_kind(self.marker)
                self.marker = None
            return
        depth = len(self.open) - 1
        if self.reference is not None and self.reference[0] == depth:
            self.reference = None
        if self.pasted.note_ends(tag, depth):
            self.pasted.reading = None
        if self.note_list == depth:
            self.note_list = None
        if self.open[-1]:
            self._close_from(depth)
        self.open.pop()
        self.suspended = [part for part in self.suspended if part[0] < depth]

    def data(self, text):
        if self.dropping:
            if self.marker is not None:
                self.marker = (self.marker + text)[:MARKER_LENGTH]
        elif self.reference is not None:
            self.reference[1].append(text)
        elif self.pasted.reading is not None:
            self.pasted.read(text)
        else:
            self.text.append(text)  # libxml2 hands over a text in pieces (at each CR LF)

    def close(self):
        self._write_pending_text()
        self._close_pasted_list()
        if self._in_loose_paragraph():
            self._close_from(self.written[-1][0])
        self.pasted.write_into(self.out, escaped_in_runs)
        return "".join(self.out)

    def _pasted_footnote_link(self, attrib):
        """Start reading a pasted footnote's reference or note, if the link is one."""
        key = pasted_footnotes.reference_key(attrib)
        if key is not None:
            self._take_back_empty("sup")  # Google Docs' superscript around the reference
            if self._current_tag() in HOLDS_BLOCKS:
                self._open_loose_paragraph()
            marker = self.pasted.add_reference(len(self.out), key)
            self.out.append("")  # the footnote's place, filled in at the end
        else:
            key = pasted_footnotes.note_key(attrib)
            if key is None:
                return False
            if not self.pasted.notes:
                self._take_back_rule()
            self.pasted.start_note(key, len(self.open))
            marker = []  # the note's own marker ("[1]") is not part of its text
        self.reference = (len(self.open), marker)
        self.open.append(False)
        return True

    def _take_back_rule(self):
        """Drop the rule Google Docs puts before its notes, if no text came after it."""
        for index in range(len(self.out) - 1, -1, -1):
            if self.out[index] == "<hr>":
                self.out[index] = ""  # emptied, not deleted: indices into out stay right
                return
            if not self.out[index].startswith("<") and self.out[index].strip():
                return

    def _take_back_empty(self, tag):
        """Take back the start tag of ``tag`` if it is the innermost and holds nothing yet."""
        if self._current_tag() == tag and self.written[-1][2] == len(self.out) - 1:
            position, _, at = self.written.pop()
            self.open[position] = False
            del self.out[at:]

    def _open(self, tag, attrib):
        """Write the start tag of ``tag`` if the editor offers it; else only its content.

        A footnote holds only text: inside one, nothing else is written, and a block or a
        line break is a space.
        """
        if self.footnote is not None:
            if tag in BLOCKS or tag in VOID_TAGS:
                self.text.append(" ")
            self.open.append(False)
            return
        if tag in self.tags:
            self._close_implied_by(tag)
            self._make_room_in_tables(tag)
        if tag in PHRASING and tag in self.tags and self._current_tag() in HOLDS_BLOCKS:
            self._open_loose_paragraph()
        if tag not in self.tags or not self._fits(tag):
            self.open.append(False)
            return
        allowed = self.attributes.get(tag, ())
        attributes = {
            name: value
            for name, value in attrib.items()
            if name in allowed and len(value) <= MAX_ATTRIBUTE_LENGTH
        }
        if "dir" in attributes:
            self._shape_direction(attributes)
        kept = "".join(f' {name}="{escape(value)}"' for name, value in attributes.items())
        self.written.append((len(self.open), tag, len(self.out)))
        self.open.append(True)
        self._write_tag(f"<{tag}{kept}>")

    def _figure(self, attrib):
        """A figure by reference is written empty, with its id only, and what it held is
        dropped: the picture and its text come from the image library. A figure without
        a valid id (pasted from another site) is not written; its text is kept."""
        image = figures.checked_id(attrib.get(figures.ATTRIBUTE))
        if image is not None:
            self._make_room_in_tables(figures.TAG)
        if image is None or not self._fits(figures.TAG):
            self._open(None, attrib)
            return
        self._close_implied_by(figures.TAG)
        self._write_tag(f'<figure {figures.ATTRIBUTE}="{image}"></figure>')
        self.dropping = 1

    def _open_footnote(self):
        """Start a footnote (the note's text, in the body where its number goes)."""
        self._open(FOOTNOTE_TAG, {FOOTNOTE_ATTRIBUTE: ""})
        if self.open[-1]:
            self.footnote = len(self.open) - 1

    def _shape_direction(self, attributes):
        """Keep ``dir`` in lower case, and only where it changes the direction inherited from
        an element around it (Google Docs marks every paragraph ``ltr``); outside any, the
        page's direction is the brief's language's, unknown here, so it is kept
        (``language_direction``). Note it for what this element holds."""
        direction = attributes["dir"].strip().lower()
        inherited = self.directions[-1][1] if self.directions else None
        if direction not in DIRECTIONS or (direction == inherited and direction != "auto"):
            del attributes["dir"]
            return
        attributes["dir"] = direction
        self.directions.append((len(self.out), direction))

    def _current_tag(self):
        """The innermost element written and still open, or ``None``."""
        return self.written[-1][1] if self.written else None

    def _in_loose_paragraph(self):
        """Whether the innermost element written is a paragraph started for loose text."""
        return bool(self.written) and self.written[-1][0] % 1 == LOOSE_PARAGRAPH_OFFSET

    def _in_loose_text(self):
        """Whether text here is loose: where only blocks belong, or in its own paragraph."""
        return self._current_tag() in HOLDS_BLOCKS or self._in_loose_paragraph()

    def _open_loose_paragraph(self):
        holder = self.written[-1][0] if self.written else -1
        self.written.append((holder + LOOSE_PARAGRAPH_OFFSET, "p", len(self.out)))
        self._write_tag("<p>")

    def _write_pending_text(self):
        if not self.text:
            return
        text, self.text = "".join(self.text), []
        if self._current_tag() in INSIDE_TABLE and text.strip():
            self._suspend_table()
        if self._in_loose_text():
            self._write_loose_text(text)
        else:
            self._write_text(text)

    def _write_loose_text(self, text):
        """Write text met outside any paragraph in paragraphs, one per blank-line break."""
        for index, part in enumerate(_BLANK_LINE.split(text)):
            is_break = index % 2
            if is_break and self._in_loose_paragraph():
                self._close_from(self.written[-1][0])
            elif not is_break and part.strip() and not self._in_loose_paragraph():
                self._open_loose_paragraph()
            self._write_text(part)

    def _close_implied_by(self, tag):
        if tag in BLOCKS:
            while self._current_tag() in PHRASING_ONLY:
                self._close_from(self.written[-1][0])
        if tag == "li" and self._current_tag() == "li":
            self._close_from(self.written[-1][0])
        if tag in CLOSES_LINKS:
            for index, written, _ in reversed(self.written):
                if written in CELLS:
                    return
                if written == "a":
                    self._close_from(index)
                    return

    def _fits(self, tag):
        if tag == "caption":
            return self._current_tag() == "table" and self._nothing_written_since_open()
        if tag in TABLE_PARENTS:
            return self._current_tag() in TABLE_PARENTS[tag]
        if self._current_tag() == "caption":
            return False  # a caption holds a line of text, as the editor's does
        return self._current_tag() not in INSIDE_TABLE

    def _nothing_written_since_open(self):
        """Whether the innermost written element holds nothing but white space yet (a
        caption must come first in its table). Read from the end: a table with content
        stops the look at its last piece."""
        since_open = range(len(self.out) - 1, self.written[-1][2], -1)
        return all(not self.out[index].strip() for index in since_open)

    def _make_room_in_tables(self, tag):
        """Before ``tag`` starts, leave or reopen the table it is written in.

        A table holds its parts only; words between its rows or cells (a "Source:" line
        left in the table, a paragraph after the last row) would be moved before the table
        by every HTML5 parser, nh3's and the browser's. So the table is closed before them
        (``_suspend_table``), and reopened, with the parts that were open, when the next
        row or cell of the same table comes: readers get the words in the order written.
        """
        if tag in TABLE_PARENTS:
            if tag != "caption" and self.suspended and not self._fits(tag):
                self._resume_table()
        elif self._current_tag() in INSIDE_TABLE:
            self._suspend_table()

    def _suspend_table(self):
        """Close the innermost table and its open parts, to write what follows after it.

        A table that holds nothing yet (its start tags and white space) is taken back
        instead of written empty.
        """
        start = max(index for index, (_, tag, _) in enumerate(self.written) if tag == "table")
        parts = self.written[start:]
        self.suspended = [(position, tag, self.out[at]) for position, tag, at in parts]
        table_at = parts[0][2]
        starts = {at for _, _, at in parts}
        if all(not self.out[i].strip() for i in range(table_at, len(self.out)) if i not in starts):
            del self.written[start:]
            for position, _, _ in parts:
                self.open[position] = False
            del self.out[table_at:]
        else:
            self._close_from(parts[0][0])

    def _resume_table(self):
        """Write again the table parts ``_suspend_table`` closed, for the next row or cell."""
        self._close_from(self.suspended[0][0])  # what the stray words opened ends here
        self._close_implied_by("table")
        for position, tag, markup in self.suspended:
            self.written.append((position, tag, len(self.out)))
            self.open[position] = True
            self._write_tag(markup)
        self.suspended = []

    def _close_from(self, index):
        """Close the written elements open from ``open[index]`` inwards."""
        while self.written and self.written[-1][0] >= index:
            position, tag, at = self.written.pop()
            if position == self.footnote:
                self.footnote = None
            if self.directions and self.directions[-1][0] == at:
                self.directions.pop()
            if position % 1 != LOOSE_PARAGRAPH_OFFSET:  # a loose paragraph has no element
                self.open[position] = False
            if tag in EMPTY_DROPPED and at == len(self.out) - 1:
                del self.out[at:]
            elif tag not in VOID_TAGS:
                self._write_tag(f"</{tag}>")

    def _keep_dropped_content(self):
        self.open.extend([False] * self.dropping)
        self.dropping = 0
        self.marker = None

    def _write_tag(self, markup):
        self.out.append(markup)
        self.run = 0

    def _write_text(self, text):
        if self.run + len(text) <= TEXT_RUN:
            self.out.append(escape(text, quote=False))
            self.run += len(text)
            return
        start = 0
        while start < len(text):
            if self.run == TEXT_RUN:
                self.out.append(TEXT_BREAK)
                self.run = 0
            end = min(len(text), start + TEXT_RUN - self.run)
            self.out.append(escape(text[start:end], quote=False))
            self.run += end - start
            start = end

    @staticmethod
    def _is_word_list_item(attrib, style):
        return "msolistparagraph" in (attrib.get("class") or "").lower() or "mso-list" in style

    def _enter_list_level(self, level):
        """Open or close pasted lists so that the next item sits at Word's ``level``.

        Word pastes every item as a paragraph with its level in the style; a deeper level
        opens a list inside the previous item (whose closing tag is taken back), a
        shallower one closes the lists below it.
        """
        while self.lists and self.lists[-1].level > level:
            self._close_innermost_list()
        if self.lists and self.lists[-1].level == level:
            return
        self._close_implied_by("ul")
        inside_item = bool(self.lists) and self._reopen_last_item()
        self.lists.append(_PastedList(len(self.out), level, inside_item))
        self._write_tag("<ul>")

    def _reopen_last_item(self):
        """Take back the last ``</li>`` (and the whitespace after it), so a list can nest
        in that item."""
        for index in range(len(self.out) - 1, -1, -1):
            if self.out[index] == "</li>":
                del self.out[index:]
                return True
            if self.out[index].strip():
                return False
        return False

    def _decide_list_kind(self, marker):
        if not self.lists or self.lists[-1].kind_known:
            return
        self.lists[-1].kind_known = True
        if _ORDERED_MARKER.match(marker):
            self.out[self.lists[-1].opened_at] = "<ol>"

    def _close_innermost_list(self):
        pasted = self.lists.pop()
        inside = [index for index, _, at in self.written if at > pasted.opened_at]
        if inside:
            self._close_from(inside[0])
        self._write_tag("</ol>" if self.out[pasted.opened_at] == "<ol>" else "</ul>")
        if pasted.inside_item:
            self._write_tag("</li>")

    def _close_pasted_list(self):
        while self.lists:
            self._close_innermost_list()


def escaped_in_runs(text):
    """``text`` escaped, in runs of at most ``TEXT_RUN`` characters (see the module)."""
    return TEXT_BREAK.join(
        escape(text[start : start + TEXT_RUN], quote=False)
        for start in range(0, len(text), TEXT_RUN)
    )


@dataclass
class _PastedList:
    """A list being rebuilt from Word's list paragraphs."""

    opened_at: int  # index in the output of its opening tag
    level: int  # Word's list level (1 outermost)
    inside_item: bool  # nested in the item before it, whose ``</li>`` it then writes
    kind_known: bool = False  # the first item's marker decides ul or ol


def cleaned_structure(markup, tags, attributes):
    """The text of ``markup`` with the structure it stands for, in ``tags`` only.

    Raises ``ValidationError`` for markup nested more than ``MAX_DEPTH`` deep.
    """
    if not markup.strip():
        return ""
    cleanup = _Cleanup(tags, attributes)
    parser = etree.HTMLParser(target=cleanup, no_network=True)
    parser.feed(markup)
    return parser.close()


def sanitizer_for(extensions):
    """The function that cleans HTML for a field offering ``extensions``."""
    allowlist = allowlist_from_extensions(expand_extensions(extensions))
    attributes = {
        tag: {name for name in names if name != "rel"}
        for tag, names in allowlist["attributes"].items()
    }
    cleaner = nh3.Cleaner(
        **{
            **allowlist,
            "attributes": attributes,
            "url_schemes": URL_SCHEMES,
            "link_rel": LINK_REL,
            "set_tag_attribute_values": {
                tag: values for tag, values in SET_ATTRIBUTES.items() if tag in allowlist["tags"]
            },
            "strip_comments": True,
        }
    )

    def sanitize(markup):
        structure = cleaned_structure(markup or "", allowlist["tags"], attributes)
        return _EMPTY_PARAGRAPH.sub("", cleaner.clean(structure)).strip()

    return sanitize
