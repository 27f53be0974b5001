"""Social cards in the background: a public brief's card is drawn before anyone asks for it.

Publishing or changing a public brief queues ``draw_card`` once the save has committed (a
brief scheduled for later is queued for its publish time, where the back end can wait). A
change to what cards show of the records around a brief (a series' title, a country's
name: ``briefs.content.related_changes``) queues one ``redraw_showing`` task, which queues
the cards of the public briefs concerned in batches of ``BATCH``. The task draws only a
public brief's card, and only one not stored yet (the file's name is the fingerprint of
what the card shows), so a task run twice or late does no harm; nothing here can fail or
undo the editor's save.

If the task has not run yet when the card is asked for, the view draws it on that
request and stores it (``card_on_request``). Why: the card's address is in the brief
page's Open Graph tags from the moment the brief is public, and a link-preview crawler
fetches it as soon as the link is shared, maybe before the worker ran (or while no worker
runs). An error or a stand-in picture there would be kept by the crawler as the link's
preview; drawing costs that one request about 0.2 s, once, and the task then finds the
card stored and does nothing.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_save
from django_tasks import task

from briefs.content import related_changes
from briefs.images.cards import card_file, card_name
from briefs.models import Brief, Series
from countries.models import Country

logger = logging.getLogger(__name__)

# What a card shows of the records around a brief (briefs/images/cards.py).
CARD_FIELDS = {Series: ["title"], Country: ["name"]}
BATCH = 50  # cards drawn by one task when a shared record changed


def _public_brief(brief_id):
    briefs = Brief.objects.published().select_related("series").prefetch_related("countries")
    return briefs.filter(pk=brief_id).first()


@task()
def draw_card(brief_id):
    """Draw and store the card of the brief ``brief_id`` if it is public and its current
    card is not stored yet; the card's storage name, or None for a hidden brief."""
    brief = _public_brief(brief_id)
    return card_file(brief) if brief is not None else None


@task()
def draw_cards(brief_ids):
    """Draw each of ``brief_ids``'s cards as ``draw_card`` does; how many are public. One
    that fails does not keep the others from being drawn (``related_changes.redo_each``)."""
    return related_changes.redo_each(brief_ids, draw_card.call, "card")


@task()
def redraw_showing(model_label, pk):
    """Queue the cards of the public briefs that show the record ``pk`` of ``model_label``
    (one of ``CARD_FIELDS``), in batches; how many briefs."""
    batches = related_changes.showing_in_batches(model_label, pk, BATCH)
    for batch in batches:
        draw_cards.enqueue(batch)
    return sum(map(len, batches))


def card_on_request(brief):
    """Storage name of the public ``brief``'s card: the stored one, or, if its task has not
    run yet, one drawn now and stored (see the module's docstring for why)."""
    name = card_name(brief)
    if not default_storage.exists(name):
        logger.info(
            "The card of brief %s is drawn on request: its task has not run yet",
            brief.pk,
            extra={"brief_id": brief.pk},
        )
        name = card_file(brief)
    return name


def brief_saved(sender, instance, raw=False, **kwargs):
    if settings.SOCIAL_CARDS_AHEAD and not raw and instance.status == Brief.Status.PUBLISHED:
        transaction.on_commit(partial(queue, instance.pk))


def queue(brief_id):
    """Queue the card a change of the brief ``brief_id`` calls for."""
    try:
        brief = Brief.objects.filter(pk=brief_id, status=Brief.Status.PUBLISHED).first()
        if brief is None:
            return
        if not brief.is_scheduled:
            draw_card.enqueue(brief.pk)
        elif draw_card.get_backend().supports_defer:
            draw_card.using(run_after=brief.publish_at).enqueue(brief.pk)
    except Exception:  # the save is committed; the view can still draw the card
        logger.exception("The card of brief %s was not queued", brief_id)


def shown_record_changed(model, pk):
    """A field cards show of a record changed (committed): queue the one fan-out task."""
    if not settings.SOCIAL_CARDS_AHEAD:
        return
    try:
        redraw_showing.enqueue(model._meta.label, pk)
    except Exception:
        logger.exception("The cards showing %s %s were not queued", model._meta.label, pk)


def connect():
    post_save.connect(brief_saved, sender=Brief, dispatch_uid="draw-card-on-save")
    for model, fields in CARD_FIELDS.items():
        related_changes.watch(model, fields, shown_record_changed, f"card-{model._meta.label}")
