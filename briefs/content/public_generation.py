"""The parts of the public generation, as the database holds them.

``briefs.caching.generation`` keeps and hands out the generation; this module is the one
query behind it (the caching room keeps no models): the token the triggers replace, the
publish time of the newest public brief, the next moment a brief goes public or comes down
by itself, and the last moment one came down.
"""

from django.db.models import Subquery
from django.utils import timezone

from briefs.models import Brief, ContentGeneration


def read():
    """``(token, changed_at, newest public publish time, next scheduled publish or
    take-down, last take-down)``."""
    now = timezone.now()
    times = {
        "newest": _times(Brief.objects.published(now), "-publish_at"),
        "next_publish": _times(Brief.objects.scheduled(now), "publish_at"),
        "next_take_down": _times(Brief.objects.coming_down(now), "take_down_at"),
        "last_take_down": _times(Brief.objects.taken_down(now), "-take_down_at"),
    }
    row = (
        ContentGeneration.objects.filter(pk=ContentGeneration.ONLY)
        .annotate(**{name: Subquery(query) for name, query in times.items()})
        .values("token", "changed_at", *times)
        .first()
    )
    if row is None:
        # The row is gone (a flushed database): the first public write makes it again.
        row = {"token": "none", "changed_at": None}
        row.update({name: query.first() for name, query in times.items()})
    coming = [row["next_publish"], row["next_take_down"]]
    next_change = min((moment for moment in coming if moment is not None), default=None)
    return row["token"], row["changed_at"], row["newest"], next_change, row["last_take_down"]


def _times(briefs, order):
    """The first of ``briefs``' times in ``order`` (a field, "-" for the latest first)."""
    return briefs.order_by(order).values_list(order.lstrip("-"), flat=True)[:1]
