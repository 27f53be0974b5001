"""A brief's body in the admin where it cannot be edited, drawn as readers will read it.

A contributor opening a brief they may not change, and an editor comparing two revisions,
read the body through the public page's own pieces: ``printed_markup`` (cleaned again,
headings anchored, footnotes numbered) and ``draw_figures`` (figures from the image
library), in ``admin/briefs/brief/body_as_read.html``. Figures are drawn only from the
images this user may see (``image_library.visible_images``): a figure whose image is
hidden from them draws nothing, as one whose image is gone.
"""

from django.template.loader import render_to_string

from briefs.content.drawn_figures import draw_figures
from briefs.content.printed_body import printed_markup
from briefs.editorial.admin.image_library import visible_images
from briefs.models import LibraryImage

TEMPLATE = "admin/briefs/brief/body_as_read.html"


def body_as_read(user, markup):
    """Body HTML ``markup`` (stored or from a revision) as ``user`` may read it; with no
    user known, no figure is drawn."""
    printed = printed_markup(markup)
    library = visible_images(user) if user is not None else LibraryImage.objects.none()
    html = draw_figures(printed.html, library=library)
    return render_to_string(TEMPLATE, {"html": html, "notes": printed.notes})
