"""The parts of the public generation, as the database holds them.

``briefs.caching.generation`` keeps and hands out the generation; this module is the one
query behind it (the caching room keeps no models): the token the triggers replace, and
the publish times of the newest public brief and of the next scheduled one.
"""

from django.db.models import Subquery

from briefs.models import Brief, ContentGeneration


def read():
    """``(token, changed_at, newest public publish time, next scheduled publish time)``."""
    newest_public = _publish_times(Brief.objects.published(), "-publish_at")[:1]
    next_scheduled = _publish_times(Brief.objects.scheduled(), "publish_at")[:1]
    row = (
        ContentGeneration.objects.filter(pk=ContentGeneration.ONLY)
        .annotate(newest=Subquery(newest_public), next=Subquery(next_scheduled))
        .values_list("token", "changed_at", "newest", "next")
        .first()
    )
    if row is None:
        # The row is gone (a flushed database): the first public write makes it again.
        return ("none", None, newest_public.first(), next_scheduled.first())
    return row


def _publish_times(briefs, order):
    return briefs.order_by(order).values_list("publish_at", flat=True)
