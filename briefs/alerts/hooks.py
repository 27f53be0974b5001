"""Queue a brief's announcement when a save makes it public now or schedules it.

Connected in ``BriefsConfig.ready()``. A scheduled brief's task waits for its publish time
where the task back end can wait; where it cannot, or if the task is lost, the next
``send_alerts`` sweep announces it. The task itself decides from the database, so a task
for a brief since rescheduled or unpublished does nothing. Nothing here can fail the save.
"""

import logging
from functools import partial

from django.db import transaction
from django.db.models.signals import post_save

from briefs.alerts.delivery import announce_brief
from briefs.models import Brief, Subscription

logger = logging.getLogger(__name__)


def brief_saved(sender, instance, **kwargs):
    if instance.status == Brief.Status.PUBLISHED:
        transaction.on_commit(partial(queue, instance.pk, instance.publish_at))


def queue(brief_id, publish_at):
    try:
        if not Subscription.objects.filter(frequency=Subscription.Frequency.IMMEDIATE).exists():
            return  # no one to tell now; a reader who subscribes later is found by the sweep
        if Brief.objects.published().filter(pk=brief_id).exists():
            announce_brief.enqueue(brief_id)
        elif announce_brief.get_backend().supports_defer:
            announce_brief.using(run_after=publish_at).enqueue(brief_id)
    except Exception:  # the save is committed; the sweep will announce it
        logger.exception("The alerts of brief %s were not queued", brief_id)


def connect():
    post_save.connect(brief_saved, sender=Brief, dispatch_uid="announce-brief-on-save")
