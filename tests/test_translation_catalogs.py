"""Every word a reader or an editor sees is marked for translation, and the Russian catalog
is whole."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

TEMPLATES = Path(settings.BASE_DIR) / "templates"
CATALOG = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES"
# Stands in for whatever a template tag or variable prints: never a letter.
PRINTED = "\ufffc"
LETTER = re.compile(r"[^\W\d_]")
# Attributes people read (or hear); the rest (href, class, name, value...) are for machines.
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description"}
# Elements whose text is code, styles or script, not words.
NOT_WORDS = {"script", "style", "code", "kbd", "pre"}
# Text handed to an include or a default filter as a literal is a reader's text too, unless
# it is a machine word ("aggregate", "brief-list").
MACHINE_WORD = re.compile(r"^[a-z0-9_:./-]+$")
LITERAL_TEXT = re.compile(
    r"""(?:\b(?:heading|message|\w+_label|\w+_message)=|\|default:)(["'])(.*?)\1"""
)
# Blocks whose text is a machine word: the admin's body class ("login", "coverage-page").
MACHINE_BLOCKS = {"bodyclass"}
RUSSIAN_PLURALS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)


def templates():
    """Every HTML template: the public site's and our admin's, which editors read in their
    language."""
    return sorted(TEMPLATES.rglob("*.html"))


def as_html(source):
    """The template as HTML, with every translated or printed piece a placeholder, and the
    literal texts it hands on that are not translated."""
    pieces, literals, skipping = [], [], None
    for token in Lexer(source).tokenize():
        contents = token.contents.strip()
        if skipping:
            if token.token_type == TokenType.BLOCK and contents.split()[0] == skipping:
                skipping = None
                pieces.append(PRINTED)
            continue
        if token.token_type == TokenType.TEXT:
            pieces.append(token.contents)
            continue
        if token.token_type in (TokenType.BLOCK, TokenType.VAR):
            literals += [text for _, text in LITERAL_TEXT.findall(contents)]
        if token.token_type == TokenType.BLOCK:
            word = contents.split()[0]
            if word in ("blocktranslate", "blocktrans", "comment"):
                skipping = "end" + word
                continue
            if word == "block" and contents.split()[1] in MACHINE_BLOCKS:
                skipping = "endblock"
                continue
            pieces.append(PRINTED if word in ("translate", "trans") else " ")
        elif token.token_type == TokenType.VAR:
            pieces.append(PRINTED)
    return "".join(pieces), literals


class UnmarkedWords(HTMLParser):
    """The words of an HTML page outside markup that prints them (``as_html``)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.open = [], []

    def handle_starttag(self, tag, attrs):
        named = dict(attrs)
        if tag not in ("meta", "link", "input", "img", "br", "hr", "source", "path"):
            # translate="no" is HTML's own mark for names never translated ("BibTeX").
            self.open.append((tag, tag in NOT_WORDS or named.get("translate") == "no"))
        read = READ_ATTRIBUTES | ({"content"} if named.get("name") == "description" else set())
        self.found += [value for name, value in attrs if name in read and words(value)]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.open and self.open[-1][0] == tag:
            self.open.pop()

    def handle_endtag(self, tag):
        if any(name == tag for name, _ in self.open):
            while self.open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if not any(not_words for _, not_words in self.open) and words(data):
            self.found.append(data.strip())


def words(text):
    return bool(LETTER.search(text or ""))


def unmarked(source):
    html, literals = as_html(source)
    parser = UnmarkedWords()
    parser.feed(html)
    parser.close()
    return parser.found + [
        literal for literal in literals if words(literal) and not MACHINE_WORD.match(literal)
    ]


@pytest.mark.parametrize("path", templates(), ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_no_template_word_is_left_unmarked(path):
    """Text between tags, read attributes and literal texts are all inside translate tags,
    in the public templates and in our admin's."""
    assert unmarked(path.read_text()) == [], path


@pytest.mark.parametrize(
    "source",
    [
        "<p>Hello</p>",
        '<img src="x" alt="A map">',
        '<nav aria-label="Pages"></nav>',
        '<input placeholder="Search briefs">',
        '{% include "x.html" with empty_message="Nothing yet." %}',
        '{{ term|default:"All briefs" }}',
        '<meta name="description" content="Analysis">',
        "<p>{{ n }} brief{{ n|pluralize }}</p>",
    ],
)
def test_the_check_finds_unmarked_words(source):
    """The check itself: each kind of reader-facing text, left unmarked, is caught."""
    assert unmarked(source)


@pytest.mark.parametrize(
    "source",
    [
        "{% load i18n %}<p>{% translate 'Hello' %}</p>",
        "<p>{% blocktranslate %}Hi <b>{{ name }}</b>{% endblocktranslate %}</p>",
        '<a href="/x" class="y" rel="next">{{ title }}</a> · →',
        "{% comment %}Notes for developers.{% endcomment %}",
        "<script>var words = 1;</script><style>p { color: red }</style>",
        "<pre><code>curl -s x</code></pre>",
        '<span translate="no">BibTeX</span>',
        '{% include "x.html" with kind_label="aggregate" %}',
        '{{ value|date:_("j F Y") }} {% url "briefs:home" %}',
        '<meta property="og:type" content="article">',
        "{% block bodyclass %}{{ block.super }} coverage-page{% endblock bodyclass %}",
    ],
)
def test_the_check_passes_marked_and_machine_text(source):
    """Translated text, variables, comments, code and machine attributes pass."""
    assert unmarked(source) == []


def catalog():
    return polib.pofile(str(CATALOG / "django.po"))


def test_every_russian_message_is_translated_and_none_is_fuzzy():
    """No message of the Russian catalog is missing, partly translated or fuzzy."""
    po = catalog()
    assert po.metadata["Language"] == "ru"
    assert po.metadata["Plural-Forms"] == RUSSIAN_PLURALS
    assert len(po) > 200
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    for entry in po:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1, 2], entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid


def test_translations_keep_their_placeholders():
    """Every %(name)s of the English text is in the Russian, so no message fails to format."""
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")
    for entry in catalog():
        wanted = set(placeholder.findall(entry.msgid_plural or entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert set(placeholder.findall(text)) == wanted, entry.msgid


def test_the_compiled_catalog_is_the_catalog():
    """The committed .mo holds exactly what the .po says (compilemessages was run)."""

    def messages(entries):
        return {
            (entry.msgctxt, entry.msgid): (
                dict(entry.msgstr_plural) if entry.msgid_plural else entry.msgstr
            )
            for entry in entries
            if entry.msgid
        }

    compiled = polib.mofile(str(CATALOG / "django.mo"))
    assert messages(compiled) == messages(catalog())
