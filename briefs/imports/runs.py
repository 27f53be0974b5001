"""Imports started in the admin (``ImportRun``): the uploaded export, read once for its
preview, and the mapping the administrator chooses (the task: ``briefs.imports.tasks``).

The file goes to the private ``imports`` storage under a generated name. ``receive`` reads
it once, as the importer will, so an export the importer would refuse is refused at the
upload with the importer's own one-line reason, and the preview's counts and terms are
stored with the record: the preview never reads the file again.
"""

import shutil
import tempfile
from contextlib import contextmanager

from django.core.files.storage import storages

from briefs.images.naming import random_name
from briefs.imports.importer import NOT_IMPORTED, STATUSES
from briefs.imports.terms import Mapping, TermDecider, folded
from briefs.imports.wxr import Export
from briefs.models import ImportRun
from countries.models import Country
from ops.task_records import PRIVATE_STORAGE

FOLDER = "imports"
CHOSEN = "chosen in the preview"
SKIP = "skip"
COUNTRY = "country:"


@contextmanager
def local_copy(name):
    """A path to a copy of the stored export ``name``, which the reader streams from: any
    storage serves, object storage included (it has no paths)."""
    with (
        storages[PRIVATE_STORAGE].open(name, "rb") as stored,
        tempfile.NamedTemporaryFile(suffix=".xml") as copy,
    ):
        shutil.copyfileobj(stored, copy)
        copy.flush()
        yield copy.name


def theme_choice(name):
    return f"theme:{' '.join(name.split())}"


def choice_of(decision):
    """The preview's value for what the importer's rules decided (``terms.Decision``)."""
    if decision.kind == "country":
        return f"{COUNTRY}{decision.value}"
    if decision.kind == "theme":
        return theme_choice(decision.value)
    return SKIP


def receive(upload, user):
    """Store ``upload`` and read it once into a new ``ImportRun``; ``wxr.WxrError`` (and no
    file kept) when it cannot be imported."""
    storage = storages[PRIVATE_STORAGE]
    name = storage.save(f"{FOLDER}/{random_name('export.xml')}", upload)
    try:
        with local_copy(name) as path:
            export = Export(path)
            export.scan()
    except BaseException:
        storage.delete(name)
        raise
    decider = TermDecider()
    terms = [
        {
            "kind": term.kind,
            "slug": term.slug,
            "name": term.name,
            "becomes": choice_of(decider.decide(term)),
        }
        for term in sorted(export.terms.values(), key=lambda t: (t.kind, t.name.casefold()))
    ]
    posts = sum(export.post_statuses.values())
    return ImportRun.objects.create(
        file_name=name,
        original_name=upload.name[:255],
        size=upload.size,
        uploaded_by=user,
        counts={
            "posts": dict(export.post_statuses),
            "authors": len(export.authors),
            "attachments": len(export.attachments),
            "other_items": export.item_count - posts - len(export.attachments),
        },
        terms=terms,
        mapping=[term["becomes"] for term in terms],
        posts_total=posts,
    )


def country_choices():
    """Every country here, as the preview's choices."""
    return [
        (f"{COUNTRY}{code}", name)
        for code, name in Country.objects.order_by("name").values_list("code", "name")
    ]


def own_choices(term):
    """What ``term`` may become besides a country: a theme of its own name, or nothing."""
    name = " ".join(term["name"].split())
    return [(theme_choice(name), f"Theme “{name}”"), (SKIP, "Nothing")]


def mapping_of(run):
    """The importer's ``Mapping`` of the choices made in ``run``'s preview: each term by its
    name, and by its slug where no other term is named so."""
    chosen = {}
    for key in ("name", "slug"):
        for term, choice in zip(run.terms, run.mapping, strict=True):
            chosen.setdefault(folded(term[key]), choice)
    return Mapping(terms=chosen, source=CHOSEN)


def what_posts_become(run):
    """(WordPress status, posts, what they become here) for ``run``'s preview, most first."""
    rows = []
    for status, count in sorted(run.counts["posts"].items(), key=lambda row: (-row[1], row[0])):
        if status == "future":
            becomes = "scheduled: published at their date"
        elif status in STATUSES:
            becomes = STATUSES[status].label.lower()
        else:
            becomes = f"not imported: {NOT_IMPORTED.get(status, 'an unknown status')}"
        rows.append((status or "(none)", count, becomes))
    return rows
