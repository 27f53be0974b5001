"""/corrections/: every public note, newest first, paged like the other lists."""

from django.conf import settings
from django.views.generic import ListView

from briefs.corrections.feeds import feed_links
from briefs.models import Correction


class CorrectionListView(ListView):
    """Corrections and updates of public briefs, each linking to its place in the brief.

    Two queries a page whatever the number of notes: the count and the page's notes with
    their briefs.
    """

    template_name = "corrections/correction_list.html"
    context_object_name = "notes"
    paginate_by = settings.BRIEFS_PER_PAGE

    def get_queryset(self):
        return Correction.objects.public().newest_first().select_related("brief__kind")

    def get_context_data(self, **kwargs):
        return super().get_context_data(corrections_feeds=feed_links(), **kwargs)
