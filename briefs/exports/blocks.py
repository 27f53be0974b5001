"""A brief's stored HTML as WordPress block markup (Gutenberg), with figures and footnotes.

- Paragraphs, headings, lists, quotations and rules become their core blocks, so they stay
  editable in WordPress's editor; a table (and anything else) becomes a Custom HTML block,
  shown as it is.
- A figure (``<figure data-image="42">``) becomes an Image block showing the library
  image's attachment, with its caption and credit; a figure whose image is not exported
  is dropped, as the brief page drops it.
- Footnotes become WordPress 6.3+ core footnotes: a ``<sup data-fn>`` link where the note
  is, the notes in the ``footnotes`` post meta (JSON) and a Footnotes block at the end.
  WordPress then numbers, lists and edits them itself, as this site does; an ordered
  list at the end would import as fixed text with numbers that no longer follow edits.
"""

import json
import re
import uuid
from dataclasses import dataclass, field
from html import escape

from lxml import html as lxml_html

from briefs.content import figures, wxr

_FOOTNOTE = re.compile(r'<span data-footnote="">([^<]*)</span>')
_WHITESPACE_CONTROLS = re.compile(r"[\t\n\r\f\v]+")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LISTS = {"ul", "ol"}


@dataclass(frozen=True)
class Attachment:
    """What a figure needs to know of an exported image."""

    post_id: int
    url: str
    alt: str
    caption: str
    credit: str


@dataclass
class Content:
    """A body as block markup and the notes it refers to."""

    markup: str
    footnotes: list = field(default_factory=list)  # [{"content": ..., "id": ...}]

    def footnotes_meta(self):
        """The ``footnotes`` post meta as WordPress stores it, or None without notes.

        WordPress's importer passes meta through ``wp_unslash``, which eats backslashes:
        the notes' quotes are written as ``&quot;`` (the same text in HTML) and their line
        breaks as spaces, so the JSON has no backslash to lose.
        """
        if not self.footnotes:
            return None
        return json.dumps(self.footnotes, ensure_ascii=False, separators=(",", ":"))


def _json_safe_html(text):
    text = _WHITESPACE_CONTROLS.sub(" ", text).strip()
    return text.replace("\\", "&#92;").replace('"', "&quot;")


def _block(name, inner, attributes=None):
    attrs = " " + json.dumps(attributes, separators=(",", ":")) if attributes else ""
    return f"<!-- wp:{name}{attrs} -->\n{inner}\n<!-- /wp:{name} -->"


def _outer(element):
    return lxml_html.tostring(element, encoding="unicode", with_tail=False)


def _inner(element):
    """The element's content as HTML (its text and children, not its own tags)."""
    parts = [escape(element.text or "", quote=False)]
    parts += [lxml_html.tostring(child, encoding="unicode") for child in element]
    return "".join(parts)


def _with_class(element, class_name):
    existing = element.get("class")
    element.set("class", f"{existing} {class_name}" if existing else class_name)
    return element


def _list_item(item):
    parts = [escape(item.text or "", quote=False)]
    for child in item:
        if child.tag in LISTS:
            parts.append(_list(child))
            parts.append(escape(child.tail or "", quote=False))
        else:
            parts.append(lxml_html.tostring(child, encoding="unicode"))
    attrs = "".join(f' {name}="{escape(value)}"' for name, value in item.attrib.items())
    return _block("list-item", f"<li{attrs}>{''.join(parts)}</li>")


def _list(element):
    ordered = element.tag == "ol"
    items = "\n".join(_list_item(child) for child in element if child.tag == "li")
    tag = element.tag
    attrs = "".join(
        f' {name}="{escape(value)}"' for name, value in element.attrib.items() if name != "class"
    )
    return _block(
        "list",
        f'<{tag} class="wp-block-list"{attrs}>\n{items}\n</{tag}>',
        {"ordered": True} if ordered else None,
    )


def _blocks(elements):
    out = []
    for element in elements:
        if isinstance(element, str):  # loose text, which the sanitizer does not leave
            if element.strip():
                out.append(_block("paragraph", f"<p>{escape(element.strip(), quote=False)}</p>"))
            continue
        tag = element.tag
        if tag == "p":
            out.append(_block("paragraph", _outer(element)))
        elif tag in HEADINGS:
            level = int(tag[1])
            heading = _outer(_with_class(element, "wp-block-heading"))
            out.append(_block("heading", heading, {"level": level} if level != 2 else None))
        elif tag in LISTS:
            out.append(_list(element))
        elif tag == "blockquote":
            inner = "\n".join(_blocks(list(element)))
            if (element.text or "").strip():
                inner = _block("paragraph", f"<p>{escape(element.text.strip())}</p>") + inner
            out.append(
                _block("quote", f'<blockquote class="wp-block-quote">\n{inner}\n</blockquote>')
            )
        elif tag == "hr":
            out.append(
                _block("separator", '<hr class="wp-block-separator has-alpha-channel-opacity"/>')
            )
        elif tag == "figure" and element.get("data-wp-image"):
            post_id = int(element.attrib.pop("data-wp-image"))
            out.append(
                _block(
                    "image",
                    _outer(element),
                    {"id": post_id, "sizeSlug": "full", "linkDestination": "none"},
                )
            )
        else:
            out.append(_block("html", _outer(element)))
    return out


def _figure_markup(attachment):
    caption = " ".join(part for part in (attachment.caption, attachment.credit) if part)
    figcaption = (
        f'<figcaption class="wp-element-caption">{escape(caption, quote=False)}</figcaption>'
        if caption
        else ""
    )
    return (
        f'<figure data-wp-image="{attachment.post_id}" class="wp-block-image size-full">'
        f'<img src="{escape(attachment.url)}" alt="{escape(attachment.alt)}" '
        f'class="wp-image-{attachment.post_id}"/>{figcaption}</figure>'
    )


def convert(markup, attachments, footnote_namespace):
    """``markup`` (sanitized HTML) as block markup.

    ``attachments`` maps a library image's id to its ``Attachment``; ``footnote_namespace``
    (a UUID) makes each footnote's id stable from one export to the next.
    """
    notes = []

    def footnote(match):
        note_id = str(uuid.uuid5(footnote_namespace, str(len(notes) + 1)))
        notes.append({"content": _json_safe_html(match.group(1)), "id": note_id})
        return (
            f'<sup data-fn="{note_id}" class="fn"><a href="#{note_id}" id="{note_id}-link">'
            f"{len(notes)}</a></sup>"
        )

    def figure(match):
        attachment = attachments.get(int(match.group(1)))
        return _figure_markup(attachment) if attachment else ""

    markup = figures.STORED.sub(figure, _FOOTNOTE.sub(footnote, markup or ""))
    if not markup.strip():
        return Content("", notes)
    elements = lxml_html.fragments_fromstring(markup)
    blocks = _blocks(elements)
    if notes:
        blocks.append("<!-- wp:footnotes /-->")
    return Content("\n\n".join(blocks), notes)


def key_points(label, points):
    """The key points as a group block above the body (class ``KEY_POINTS_CLASS``)."""
    items = "\n".join(
        _block("list-item", f"<li>{escape(point, quote=False)}</li>") for point in points
    )
    heading = _block(
        "heading",
        f'<h2 class="wp-block-heading">{escape(label, quote=False)}</h2>',
    )
    listing = _block("list", f'<ul class="wp-block-list">\n{items}\n</ul>')
    return _block(
        "group",
        f'<div class="wp-block-group {wxr.KEY_POINTS_CLASS}">\n{heading}\n{listing}\n</div>',
        {"className": wxr.KEY_POINTS_CLASS},
    )


def sources(label, markup):
    """The sources field as a group block after the body (class ``SOURCES_CLASS``)."""
    heading = _block("heading", f'<h2 class="wp-block-heading">{escape(label, quote=False)}</h2>')
    inner = "\n".join(_blocks(lxml_html.fragments_fromstring(markup)))
    return _block(
        "group",
        f'<div class="wp-block-group {wxr.SOURCES_CLASS}">\n{heading}\n{inner}\n</div>',
        {"className": wxr.SOURCES_CLASS},
    )
