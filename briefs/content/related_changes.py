"""Changes to the records a public brief shows: an author's name, a series' title, an image's
caption, a country's name.

A brief's PDF and its social card show, besides the brief itself, fields of the records
around it. When one of those fields changes, each public brief that shows the record must
be printed or drawn again, though the brief itself was not saved. ``watch()`` lets a room
hear of such a change once it has committed; ``briefs_showing()`` names the briefs to redo,
``showing_in_batches()`` hands them out to tasks, and ``redo_each()`` redoes a batch.

A save that changes none of the watched fields (an author's bio, for a PDF that does not
print it) calls nothing. Each watch reads the stored fields once before a save: one query
per saved record, whatever the number of briefs that show it.
"""

import logging
from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save, pre_save

from briefs.models import Author, Brief, LibraryImage, Series
from countries.models import Country

logger = logging.getLogger(__name__)

# How a brief reaches each record it shows.
SHOWN_THROUGH = {
    Author: "byline__author",
    Series: "series",
    LibraryImage: "figure_uses__image",
    Country: "countries",
}


def briefs_showing(model, pk):
    """The public briefs that show the ``model`` record ``pk`` (an image: as a figure or as
    the hero)."""
    shown = Q(**{SHOWN_THROUGH[model]: pk})
    if model is LibraryImage:
        shown |= Q(hero=pk)
    return Brief.objects.published().filter(shown).distinct()


def showing_in_batches(model_label, pk, size):
    """The ids of the public briefs that show the record ``pk`` of ``model_label``, in
    lists of at most ``size``: one list for each task that redoes them."""
    showing = briefs_showing(apps.get_model(model_label), pk).order_by("pk")
    ids = list(showing.values_list("pk", flat=True))
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def redo_each(brief_ids, redo, what):
    """Call ``redo(brief_id)`` for each of ``brief_ids``; how many calls made something.

    One that fails does not keep the others from being redone; then this fails, naming the
    briefs (``what`` is what was redone: "PDFs", "card"), so the task back end records it.
    """
    made, failed = 0, []
    for brief_id in brief_ids:
        try:
            made += bool(redo(brief_id))
        except Exception:
            logger.exception(
                "The %s of brief %s failed", what, brief_id, extra={"brief_id": brief_id}
            )
            failed.append(brief_id)
    if failed:
        raise RuntimeError(f"The {what} of briefs {failed} failed; the others were done.")
    return made


def watch(model, fields, callback, uid):
    """Call ``callback(model, pk)`` after a save of a ``model`` record that changed one of
    ``fields`` has committed. ``uid`` names the watch (one connection per uid)."""
    marker = f"_changed_{uid}"

    def before(sender, instance, raw=False, **kwargs):
        setattr(instance, marker, False)
        if raw or instance.pk is None:
            return
        stored = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
        if stored is None:
            return
        changed = any(
            sender._meta.get_field(name).value_from_object(instance) != stored[name]
            for name in fields
        )
        setattr(instance, marker, changed)

    def after(sender, instance, created=False, raw=False, **kwargs):
        if getattr(instance, marker, False) and not created:
            setattr(instance, marker, False)
            transaction.on_commit(partial(callback, sender, instance.pk))

    pre_save.connect(before, sender=model, weak=False, dispatch_uid=f"{uid}-before")
    post_save.connect(after, sender=model, weak=False, dispatch_uid=f"{uid}-after")
