"""``{% picture %}``: responsive markup from the renditions stored on a record, and
``with_figures``: a body's figures drawn from the image library.

Only the stored description is read; the storage is asked for URLs, never for files.
"""

from django import template
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from briefs.content import figures
from briefs.images.renditions import thumbnail_url
from briefs.models import LibraryImage

register = template.Library()

# A figure that starts this close to the top of a body with no hero image is likely on
# the first screen: it loads at once. Every other figure loads as the reader nears it.
FIRST_SCREEN_CHARACTERS = 600
FIGURE_SIZES = "(min-width: 46rem) 42rem, 100vw"


def _srcset(items):
    return ", ".join(f"{default_storage.url(item['name'])} {item['width']}w" for item in items)


@register.inclusion_tag("includes/picture.html")
def picture(renditions, alt, sizes="100vw", css_class="", loading="lazy"):
    """A ``<picture>`` with WebP and JPEG sources, and the width and height set."""
    if not renditions or not renditions.get("jpeg"):
        return {"fallback": None}
    fallback = renditions["jpeg"][-1]
    return {
        "webp_srcset": _srcset(renditions.get("webp", [])),
        "jpeg_srcset": _srcset(renditions["jpeg"]),
        "fallback": default_storage.url(fallback["name"]),
        "width": fallback["width"],
        "height": fallback["height"],
        "alt": alt,
        "sizes": sizes,
        "css_class": css_class,
        "loading": loading,
    }


@register.filter
def with_figures(markup, brief):
    """The printable body ``markup`` of ``brief`` with each figure drawn from the library.

    One query for all of them; a figure whose image no longer exists is left out.
    """
    ids = figures.figure_ids(markup)
    if not ids:
        return markup
    found = LibraryImage.objects.in_bulk(ids)

    def draw(match):
        image = found.get(int(match.group(1)))
        if image is None:
            return ""
        first_screen = match.start() < FIRST_SCREEN_CHARACTERS and not brief.hero_id
        context = {
            "image": image,
            "sizes": FIGURE_SIZES,
            "loading": "eager" if first_screen else "lazy",
        }
        return render_to_string("includes/figure.html", context)

    # The markup around the figures is the sanitized body; each figure is an escaped template.
    return mark_safe(figures.STORED.sub(draw, markup))


register.simple_tag(thumbnail_url)
