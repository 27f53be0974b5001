"""Footnotes as Word and Google Docs put them on the clipboard, made real footnotes.

Word marks a footnote's place with a link to its note, ``<a href="#_ftn1">[1]</a>``
(endnotes: ``#_edn1``), and puts the notes after the text, each starting with a link back,
``<a href="#_ftnref1">[1]</a> The note.``, in a division styled
``mso-element:footnote-list`` behind a short rule. Google Docs writes
``<sup><a href="#ftnt1">[1]</a></sup>`` and ``<a href="#ftnt_ref1">[1]</a> The note.``.

The sanitizer's clean-up (``sanitizer._Cleanup``) asks this module what each link is. It
keeps a place in its output for each reference, hands the text after each link back (to
the end of its paragraph) to ``PastedNotes``, and when the paste ends, ``PastedNotes``
writes each reference as a footnote holding its note's text. A reference whose note was
not pasted keeps its marker ("[1]") as text, and a note that no reference points to is kept
as a paragraph of its own: no word is lost.
"""

import re

_REFERENCE = re.compile(r"#(_ftn|_edn|ftnt)(\d+)")
_BACK_LINK = re.compile(r"#(_ftn|_edn|ftnt)_?ref(\d+)")
NOTE_LISTS = {"footnote-list", "endnote-list"}
# A note is the rest of the paragraph (or division, or item) that holds its link back.
NOTE_ENDS = {"p", "div", "li"}


def reference_key(attrib):
    """The note a link refers to, if it is a pasted footnote's reference; else ``None``."""
    match = _REFERENCE.fullmatch(attrib.get("href", "").strip())
    return match.group(1) + match.group(2) if match else None


def note_key(attrib):
    """The note a link starts, if it is a pasted note's link back; else ``None``."""
    match = _BACK_LINK.fullmatch(attrib.get("href", "").strip())
    return match.group(1) + match.group(2) if match else None


def is_note_list(style):
    """Whether a division's style marks it as Word's list of notes."""
    return style.get("mso-element", "").strip().lower() in NOTE_LISTS


def one_line(pieces):
    return " ".join("".join(pieces).split())


class PastedNotes:
    """The references met in a paste and the notes' texts, by note."""

    def __init__(self):
        self.references = []  # (index in the output, note, pieces of its marker)
        self.notes = {}  # note -> pieces of its text
        self.reading = None  # (note, depth of its link back) while its text is read

    def add_reference(self, index, key):
        """A reference to ``key`` whose footnote goes at ``out[index]``; returns the list
        its marker's text goes to."""
        marker = []
        self.references.append((index, key, marker))
        return marker

    def start_note(self, key, depth):
        if key in self.notes:  # a second note of the same number: kept as a paragraph
            key = (key, len(self.notes))
        self.notes[key] = []
        self.reading = (key, depth)

    def read(self, text):
        self.notes[self.reading[0]].append(text)

    def note_ends(self, tag, depth):
        """Whether closing ``tag`` at ``depth`` ends the note being read."""
        return self.reading is not None and tag in NOTE_ENDS and depth < self.reading[1]

    def write_into(self, out, escaped):
        """Put each footnote in its place in ``out``, and notes no reference took at the end;
        ``escaped`` makes text safe to write."""
        referenced = set()
        for index, key, marker in self.references:
            note = one_line(self.notes.get(key, ()))
            if note:
                out[index] = f'<span data-footnote="">{escaped(note)}</span>'
                referenced.add(key)
            else:
                out[index] = escaped("".join(marker))
        for key, pieces in self.notes.items():
            note = one_line(pieces)
            if note and key not in referenced:
                out.append(f"<p>{escaped(note)}</p>")
