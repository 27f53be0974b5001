"""A body's figures drawn from the image library, for readers and for the admin alike.

The public page draws every figure whose image exists (``with_figures`` in
``briefs.templatetags.pictures``); the admin's read-only body passes the images its user
may see, so a figure whose image is hidden from them is left out as if it did not exist.
Either way one query fetches every figure's image, and a figure whose image is missing
draws nothing (the rule of ``briefs.content.figures``).
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from briefs.content import figures
from briefs.models import LibraryImage

# A figure that starts this close to the top of a body with no hero image is likely on
# the first screen: it loads at once. Every other figure loads as the reader nears it.
FIRST_SCREEN_CHARACTERS = 600
FIGURE_SIZES = "(min-width: 46rem) 42rem, 100vw"


def draw_figures(markup, library=None, eager_start=False, images=None):
    """``markup`` (printable body HTML) with each figure drawn from ``library``.

    ``library`` is the queryset of images that may be shown (every image by default);
    ``eager_start`` loads a figure near the top at once (no hero image above it).
    ``images`` (``{id: LibraryImage}``) is for a caller that has already read them (the
    API lists a body's figures too), and then no query is made.
    """
    ids = figures.figure_ids(markup)
    if not ids:
        return markup
    if images is not None:
        found = images
    else:
        library = LibraryImage.objects.all() if library is None else library
        found = library.in_bulk(ids)

    def draw(match):
        image = found.get(int(match.group(1)))
        if image is None:
            return ""
        first_screen = eager_start and match.start() < FIRST_SCREEN_CHARACTERS
        context = {
            "image": image,
            "sizes": FIGURE_SIZES,
            "loading": "eager" if first_screen else "lazy",
        }
        return render_to_string("includes/figure.html", context)

    # The markup around the figures is the sanitized body; each figure is an escaped template.
    return mark_safe(figures.STORED.sub(draw, markup))
