"""``{% picture %}``: responsive markup from the renditions stored on a record, and
``with_figures``: a body's figures drawn from the image library.

Only the stored description is read; the storage is asked for URLs, never for files.
"""

from django import template
from django.core.files.storage import default_storage

from briefs.content.drawn_figures import draw_figures
from briefs.images.renditions import thumbnail_url

register = template.Library()


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
    return draw_figures(markup, eager_start=not brief.hero_id)


register.simple_tag(thumbnail_url)
