"""A post's HTML made ready for the body sanitizer: what WordPress adds around the text is
taken off, and nothing of the text itself is lost.

- Gutenberg's block comments (``<!-- wp:paragraph -->``) are removed.
- ``[caption]`` shortcodes, ``wp-block-image`` figures and any other picture become
  figures: each is replaced by a placeholder ``<figure data-import-ref="N">`` and described
  in ``Cleaned.images`` (address, alt text, caption, attachment id), for the importer to
  bring into the library and replace by the library's figure (``with_library_figures``).
- Embeds (``wp-block-embed`` figures, ``[embed]`` shortcodes, a classic post's address
  alone on a line) become links.
- Other shortcodes are kept as text and named in ``Cleaned.shortcodes``.
- WordPress 6.3+ core footnotes (a ``<sup data-fn>`` link where the note is, the notes in
  the ``footnotes`` post meta) become this site's footnotes, at their place in the text.
- Blocks that only repeat fields the importer reads from the post meta (this site's own
  key points and sources, ``drop_classes``) are taken out, so they are not shown twice.
- Classic-editor text, with blank lines between paragraphs, becomes paragraphs by
  WordPress's own rules (``wpautop``).

The result still goes through the admin's sanitizer (``Brief.save``); the structural work
uses lxml, which is linear, never the standard library's HTML parser.
"""

import json
import re
from dataclasses import dataclass, field
from html import escape

from lxml import etree, html

from briefs.content import figures

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->")
SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)((?:\s[^\]\[]*)?)\]")
CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.S | re.I)
EMBED_SHORTCODE = re.compile(r"\[embed[^\]]*\]\s*(https?://[^\s\[<]+?)\s*\[/embed\]", re.I)
# A classic post's embed: an address alone on its own line (WordPress's oEmbed rule).
EMBED_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)
ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
PLACEHOLDER = re.compile(r'<figure data-import-ref="(\d+)"></figure>')
ATTACHMENT_CLASS = re.compile(r"\bwp-image-(\d+)\b")
BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
PRE = re.compile(r"(<pre[\s>].*?</pre>)", re.S | re.I)
BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    "map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|"
    "aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary"
)
BLOCK_TAGS = set(BLOCKS.replace("h[1-6]", "h1|h2|h3|h4|h5|h6").split("|"))


@dataclass
class ImageRef:
    """A picture found in a post, by the address it had on the old site."""

    src: str
    alt: str = ""
    caption: str = ""
    attachment_id: int | None = None


@dataclass
class Cleaned:
    html: str
    images: list = field(default_factory=list)  # [ImageRef], index = placeholder number
    shortcodes: list = field(default_factory=list)  # names of shortcodes kept as text


def _attributes(text):
    return {name.lower(): a if a is not None else b for name, a, b in ATTRIBUTE.findall(text)}


def _caption_to_figure(match):
    """``[caption ...]<img ...> Words[/caption]`` as a figure with its figcaption."""
    inner = match.group(2)
    image_end = inner.rfind(">") + 1
    picture, words = inner[:image_end], inner[image_end:].strip()
    caption = _attributes(match.group(1)).get("caption", "")
    words = words or caption
    return f"<figure>{picture}<figcaption>{words}</figcaption></figure>"


def _link(url):
    url = escape(url, quote=True)
    return f'<p><a href="{url}">{url}</a></p>'


def wpautop(text):
    """WordPress's ``wpautop``: blank lines make paragraphs, single newlines line breaks.

    Ported from wp-includes/formatting.php, with what is inside ``<pre>`` left alone and
    the line-break step done line by line (the original's ``\\s*\\n`` is quadratic on long
    runs of spaces).
    """
    if not text.strip():
        return ""
    kept = []

    def keep_pre(match):
        kept.append(match.group(0))
        return f"<pre data-kept-pre={len(kept) - 1}></pre>"

    text = re.sub(r"<pre[\s>].*?</pre>", keep_pre, text + "\n", flags=re.S | re.I)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<(?:{BLOCKS})[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</(?:{BLOCKS})>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [part for part in re.split(r"\n[ \t]*\n", text) if part.strip()]
    text = "".join(f"<p>{part.strip(chr(10))}</p>\n" for part in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?(?:{BLOCKS})[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?(?:{BLOCKS})[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?(?:{BLOCKS})[^>]*>)\s*</p>", r"\1", text)
    lines = text.split("\n")
    text = "\n".join(
        line.rstrip()
        if index == len(lines) - 1 or line.rstrip().endswith("<br />")
        else line.rstrip() + "<br />"
        for index, line in enumerate(lines)
    )
    text = re.sub(rf"(</?(?:{BLOCKS})[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    return re.sub(r"<pre data-kept-pre=(\d+)></pre>", lambda m: kept[int(m.group(1))], text)


def _outside_pre(text, change):
    """``change`` applied to ``text`` except inside ``<pre>``, whose lines are kept."""
    return "".join(
        part if index % 2 else change(part) for index, part in enumerate(PRE.split(text))
    )


def _text_of(element):
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _block_ancestor(element, root):
    """The outermost ancestor of ``element`` below ``root`` that it must leave: a figure
    cannot stand inside a paragraph, a link or a heading."""
    outer = None
    parent = element.getparent()
    while parent is not None and parent is not root:
        if parent.tag not in ("li", "blockquote", "td", "th", "div", "section", "article"):
            outer = parent
        parent = parent.getparent()
    return outer


def _place_figure(old, root, number):
    """Put the placeholder for picture ``number`` where ``old`` was, or right after the
    paragraph (link, heading...) that cannot hold a figure; no text moves across it."""
    placeholder = etree.Element("figure")
    placeholder.set("data-import-ref", str(number))
    parent = old.getparent()
    outer = _block_ancestor(old, root) if old.tag == "img" else None
    if outer is None:
        placeholder.tail = old.tail
        old.tail = None
        parent.replace(old, placeholder)
        return
    if old.tail:
        _keep_text_before(old, old.tail)
    parent.remove(old)
    outer.addnext(placeholder)


def _keep_text_before(element, text):
    """Move ``text`` (an element's tail) to its previous sibling or its parent's text."""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent = element.getparent()
        parent.text = (parent.text or "") + text
    element.tail = None


def _describe_picture(image, caption=""):
    found = ATTACHMENT_CLASS.search(image.get("class", ""))
    return ImageRef(
        src=(image.get("src") or "").strip(),
        alt=" ".join((image.get("alt") or "").split()),
        caption=caption,
        attachment_id=int(found.group(1)) if found else None,
    )


def _pictures_to_placeholders(root, refs):
    for figure in list(root.iter("figure")):
        classes = figure.get("class", "")
        if "wp-block-embed" in classes:
            url = (
                _text_of(figure)
                or (figure.find(".//a") is not None and figure.find(".//a").get("href"))
                or ""
            )
            if url.startswith(("http://", "https://")):
                link = html.fragment_fromstring(_link(url))
                link.tail = figure.tail
                figure.getparent().replace(figure, link)
            continue
        image = figure.find(".//img")
        if image is None:
            continue
        caption = _text_of(figure.find(".//figcaption"))
        refs.append(_describe_picture(image, caption))
        _place_figure(figure, root, len(refs) - 1)
    for image in list(root.iter("img")):
        refs.append(_describe_picture(image))
        _place_figure(image, root, len(refs) - 1)


def _tidy_between_blocks(root):
    """Take away the line breaks block markup puts between and inside blocks (beside a
    paragraph, a list item, a figure...), where they show nothing: the body is then stored
    as the admin's editor stores it."""
    for element in root.iter():
        if element.tag not in BLOCK_TAGS:
            continue
        if element.tail is not None:
            element.tail = element.tail.lstrip() or None
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "").rstrip() or None
        elif element.getparent() is not None:
            parent = element.getparent()
            parent.text = (parent.text or "").rstrip() or None


def _drop_blocks(root, classes):
    """Remove the ``div`` blocks (WordPress groups) carrying any of ``classes``."""
    for block in list(root.iter("div")):
        if set(block.get("class", "").split()) & set(classes):
            if (block.tail or "").strip():
                _keep_text_before(block, block.tail)
            block.getparent().remove(block)


def _footnotes(root, notes):
    """Each ``<sup data-fn="id">`` WordPress link to a note in ``notes`` (id -> HTML) as
    this site's footnote, holding the note's words; a link to no known note stays as is."""
    for link in list(root.iter("sup")):
        note = notes.get(link.get("data-fn"))
        if note is None:
            continue
        footnote = etree.Element("span")
        footnote.set("data-footnote", "")
        footnote.text = plain(note)
        footnote.tail = link.tail
        link.getparent().replace(link, footnote)


def footnotes_from_meta(value):
    """The ``footnotes`` post meta of WordPress 6.3+ (JSON [{"id", "content"}]) as
    {id: HTML}; empty when missing or unreadable."""
    try:
        notes = json.loads(value or "[]")
    except ValueError:
        return {}
    if not isinstance(notes, list):
        return {}
    return {
        str(note["id"]): str(note.get("content", ""))
        for note in notes
        if isinstance(note, dict) and "id" in note
    }


def clean(content, *, footnotes=None, drop_classes=()):
    """``content`` of a post as body HTML with picture placeholders (module docstring).

    ``footnotes`` maps a WordPress footnote's id to its HTML (``footnotes_from_meta``);
    ``drop_classes`` names the group blocks to take out.
    """
    is_blocks = "<!-- wp:" in content
    text = BLOCK_COMMENT.sub("", content)
    if is_blocks:  # the comments leave runs of blank lines between the blocks
        text = _outside_pre(text, lambda part: BLANK_LINES.sub("\n", part))
    text = CAPTION.sub(_caption_to_figure, text)
    text = EMBED_SHORTCODE.sub(lambda match: _link(match.group(1)), text)
    shortcodes = list(dict.fromkeys(match.group(2).lower() for match in SHORTCODE.finditer(text)))
    if not is_blocks:
        text = EMBED_LINE.sub(lambda match: _link(match.group(1)), text)
        text = wpautop(text)
    if not text.strip():
        return Cleaned(html="", shortcodes=shortcodes)
    root = html.fragment_fromstring(text, create_parent="div")
    if is_blocks:
        _tidy_between_blocks(root)
    _drop_blocks(root, drop_classes)
    _footnotes(root, footnotes or {})
    refs = []
    _pictures_to_placeholders(root, refs)
    body = (root.text or "") + "".join(html.tostring(child, encoding="unicode") for child in root)
    return Cleaned(html=body, images=refs, shortcodes=shortcodes)


def with_library_figures(body, library_ids):
    """``body`` with each placeholder replaced by the library's figure of its picture
    (``library_ids[number]``), or removed when the picture could not be brought in."""

    def figure(match):
        image = library_ids.get(int(match.group(1)))
        return f'<{figures.TAG} {figures.ATTRIBUTE}="{image}"></{figures.TAG}>' if image else ""

    return PLACEHOLDER.sub(figure, body)


def plain(markup):
    """The words of ``markup``, tags and entities gone, spaces folded."""
    if not markup or not markup.strip():
        return ""
    try:
        root = html.fragment_fromstring(markup, create_parent="div")
    except etree.ParserError:
        return " ".join(markup.split())
    return " ".join("".join(root.itertext()).split())
