"""Changes to the records a public brief shows: an author's name, a series' title, an image's
caption, a country's name.

A brief's PDF and its social card show, besides the brief itself, fields of the records
around it. When one of those fields changes, each public brief that shows the record must
be printed or drawn again, though the brief itself was not saved. ``watch()`` lets a room
hear of such a change once it has committed; ``briefs_showing()`` names the briefs to redo.

A save that changes none of the watched fields (an author's bio, for a PDF that does not
print it) calls nothing. Each watch reads the stored fields once before a save: one query
per saved record, whatever the number of briefs that show it.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save, pre_save

from briefs.models import Author, Brief, LibraryImage, Series
from countries.models import Country

# How a brief reaches each record it shows.
SHOWN_THROUGH = {
    Author: "byline__author",
    Series: "series",
    LibraryImage: "figure_uses__image",
    Country: "countries",
}


def briefs_showing(model, pk):
    """The public briefs that show the ``model`` record ``pk``."""
    return Brief.objects.published().filter(**{SHOWN_THROUGH[model]: pk}).distinct()


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
