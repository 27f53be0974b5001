"""/corrections/: every public note, newest first, paged like the other lists; the notes of
the briefs in the page's language, unless the query string asks for another or all
(``listings.languages``)."""

from django.conf import settings
from django.views.generic import ListView

from briefs.corrections.feeds import feed_links
from briefs.listings.languages import ListLanguage
from briefs.models import Correction


class CorrectionListView(ListView):
    """Corrections and updates of public briefs, each linking to its place in the brief.

    Two queries a page whatever the number of notes: the count and the page's notes with
    their briefs.
    """

    template_name = "corrections/correction_list.html"
    context_object_name = "notes"
    paginate_by = settings.BRIEFS_PER_PAGE

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.language = ListLanguage.of(request.GET)

    def get_queryset(self):
        notes = Correction.objects.public().newest_first().select_related("brief__kind")
        return self.language.narrow(notes, "brief__language")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            corrections_feeds=feed_links(),
            languages=self.language.options(self.request.GET),
            **kwargs,
        )
