"""The one place where rich text is made safe before it is stored.

Every save of a body or notes field runs ``sanitizer_for(extensions)``: first a
pre-pass that turns what Word and Google Docs put on the clipboard into plain
structure (their list paragraphs into lists, their bold and italic spans into
``strong`` and ``em``, their wrappers and list markers away), then nh3 with the
allow-list that django-prose-editor derives from the same extensions the editor offers.
nh3 alone decides what survives; the pre-pass only rescues structure.

Every link gets ``rel="noopener noreferrer"``: whatever ``rel`` the browser sent is dropped.
"""

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

import nh3
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"

# What the clipboard brings that never holds reader-facing text.
DROPPED_WITH_CONTENT = {"script", "style", "xml", "title", "head", "template", "noscript"}
# Tags the editor does not produce, renamed to the ones it does.
RENAMED_TAGS = {"h1": "h2", "h5": "h4", "h6": "h4", "b": "strong", "i": "em"}
VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr"}

_BOLD_WEIGHT = re.compile(r"(?:^|;)\s*font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)
_NORMAL_WEIGHT = re.compile(r"(?:^|;)\s*font-weight\s*:\s*(normal|400)", re.IGNORECASE)
_ITALIC = re.compile(r"(?:^|;)\s*font-style\s*:\s*italic", re.IGNORECASE)
_MSO_LIST_MARKER = re.compile(r"mso-list\s*:\s*ignore", re.IGNORECASE)
_MSO_LIST_ITEM = re.compile(r"mso-list\s*:", re.IGNORECASE)
_MSO_LIST_LEVEL = re.compile(r"mso-list\s*:[^;]*\blevel(\d+)", re.IGNORECASE)
_ORDERED_MARKER = re.compile(r"^\s*(\d+|[a-z]|[ivxlc]+)[.)]", re.IGNORECASE)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\xa0|<br>)*</p>")


class _ClipboardCleaner(HTMLParser):
    """Rewrites office-suite markup into the structure it stands for.

    Output is still untrusted HTML: it always goes through nh3 afterwards.
    """

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out = []
        self.stack = []  # (tag, replacement tag or None when unwrapped)
        self.dropping = 0  # depth inside an element whose content is thrown away
        self.lists = []  # the pasted lists open, outermost first (see _PastedList)
        self.marker = None  # text of the list marker being dropped, when capturing

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        style = attributes.get("style") or ""
        if self.dropping:
            if tag not in VOID_TAGS:
                self.dropping += 1
            return
        if tag in DROPPED_WITH_CONTENT or _MSO_LIST_MARKER.search(style):
            self.dropping = 1
            if _MSO_LIST_MARKER.search(style):
                self.marker = ""
            return
        if tag == "p" and self._is_word_list_item(attributes, style):
            level = _MSO_LIST_LEVEL.search(style)
            self._enter_list_level(int(level.group(1)) if level else 1)
            self._open(tag, "li", attributes)
            return
        if tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "ul", "ol"}:
            self._close_pasted_list()
        if tag == "b" and _NORMAL_WEIGHT.search(style):
            self._open(tag, None, attributes)  # Google Docs wraps everything in this
        elif tag == "span" and _BOLD_WEIGHT.search(style):
            self._open(tag, "strong", attributes)
        elif tag == "span" and _ITALIC.search(style):
            self._open(tag, "em", attributes)
        else:
            self._open(tag, RENAMED_TAGS.get(tag, tag), attributes)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.dropping:
            if tag in VOID_TAGS:
                return
            self.dropping -= 1
            if not self.dropping and self.marker is not None:
                self._decide_list_kind(self.marker)
                self.marker = None
            return
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                for _tag, replacement in reversed(self.stack[depth:]):
                    if replacement is not None and replacement not in VOID_TAGS:
                        self.out.append(f"</{replacement}>")
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if self.dropping:
            if self.marker is not None:
                self.marker += data
            return
        self.out.append(escape(data, quote=False))

    def handle_entityref(self, name):
        if not self.dropping:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self.dropping:
            self.out.append(f"&#{name};")

    def close(self):
        super().close()
        while self.stack:
            self.handle_endtag(self.stack[-1][0])
        self._close_pasted_list()
        return "".join(self.out)

    def _open(self, tag, replacement, attributes):
        if replacement is not None:
            kept = "".join(
                f' {name}="{escape(value or "")}"'
                for name, value in attributes.items()
                if name not in {"style", "class"}
            )
            self.out.append(f"<{replacement}{kept}>")
        if tag not in VOID_TAGS:
            self.stack.append((tag, replacement))

    @staticmethod
    def _is_word_list_item(attributes, style):
        return "msolistparagraph" in (attributes.get("class") or "").lower() or bool(
            _MSO_LIST_ITEM.search(style)
        )

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
        inside_item = bool(self.lists) and self._reopen_last_item()
        self.lists.append(_PastedList(len(self.out), level, inside_item))
        self.out.append("<ul>")

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
        self.out.append("</ol>" if self.out[pasted.opened_at] == "<ol>" else "</ul>")
        if pasted.inside_item:
            self.out.append("</li>")

    def _close_pasted_list(self):
        while self.lists:
            self._close_innermost_list()


@dataclass
class _PastedList:
    """A list being rebuilt from Word's list paragraphs."""

    opened_at: int  # index in the output of its opening tag
    level: int  # Word's list level (1 outermost)
    inside_item: bool  # nested in the item before it, whose ``</li>`` it then writes
    kind_known: bool = False  # the first item's marker decides ul or ol


def normalise_clipboard_markup(markup):
    """Word and Google Docs markup rewritten as plain headings, paragraphs and lists."""
    cleaner = _ClipboardCleaner()
    cleaner.feed(markup)
    return cleaner.close()


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
            "strip_comments": True,
        }
    )

    def sanitize(markup):
        cleaned = cleaner.clean(normalise_clipboard_markup(markup or ""))
        return _EMPTY_PARAGRAPH.sub("", cleaned).strip()

    return sanitize
