"""Reads of briefs. ``published()`` is the one door through which briefs reach readers."""

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone


class BriefQuerySet(models.QuerySet):
    def published(self, now=None):
        """Briefs a reader may see: published, with a publish time that has arrived and a
        take-down time, if any, still to come.

        A brief published with a future time is scheduled; it becomes public by itself
        when the time passes, and leaves by itself when its take-down time passes, because
        this filter is evaluated at query time. ``now`` pins the moment, for reads that
        must agree on it.
        """
        now = now or timezone.now()
        return self.filter(
            models.Q(take_down_at__isnull=True) | models.Q(take_down_at__gt=now),
            status=self.model.Status.PUBLISHED,
            publish_at__lte=now,
        )

    def newest_first(self):
        return self.order_by("-publish_at", "-id")

    def for_listing(self):
        """Everything a brief card shows, in a fixed number of queries per page."""
        return self.select_related("series", "kind").prefetch_related(
            *listing_prefetches(self.model)
        )

    def for_cards(self):
        """``for_listing()`` without the long texts that a card never shows."""
        return self.for_listing().defer("body", "notes", "search_document", "search_vector")

    def scheduled(self, now=None):
        """Published with a publish time still to come: public by themselves at that time."""
        return self.filter(status=self.model.Status.PUBLISHED, publish_at__gt=now or timezone.now())

    def coming_down(self, now=None):
        """Published with a take-down time still to come: they leave by themselves then
        (the scheduled ones among them are not public yet)."""
        return self.filter(
            status=self.model.Status.PUBLISHED, take_down_at__gt=now or timezone.now()
        )

    def taken_down(self, now=None):
        """Published, with a take-down time that has passed: public no more."""
        return self.filter(
            status=self.model.Status.PUBLISHED, take_down_at__lte=now or timezone.now()
        )

    def in_translation_set(self, brief):
        """``brief``'s translation set: its original and the original's translations, the
        brief itself among them. Combine with ``published()`` for what readers may see."""
        original_id = brief.translation_of_id or brief.pk
        return self.filter(models.Q(pk=original_id) | models.Q(translation_of_id=original_id))

    def written_by(self, user):
        """Briefs ``user`` created or is credited on through a linked author record."""
        credited = self.model.objects.filter(byline__author__user=user).values("pk")
        return self.filter(models.Q(created_by=user) | models.Q(pk__in=credited))


def listing_prefetches(brief_model):
    """The bylines (authors in order) and countries that a card or a brief page shows.

    ``brief_model`` is ``Brief``; its byline's model is read off it because the models
    module imports this one, not the other way round.
    """
    credits = brief_model._meta.get_field("byline").related_model
    byline = credits.objects.select_related("author").order_by("position")
    return [Prefetch("byline", queryset=byline), "countries"]


class CorrectionQuerySet(models.QuerySet):
    def public(self, now=None):
        """Notes readers may see: those of public briefs (``Brief.objects.published()``),
        struck ones included (shown struck through)."""
        briefs = self.model._meta.get_field("brief").related_model.objects.published(now)
        return self.filter(brief__in=briefs)

    def newest_first(self):
        return self.order_by("-noted_at", "-id")
