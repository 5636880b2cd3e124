"""Image tags that use the site's named renditions (`cooperation.renditions`)."""

from django import template
from wagtail.images.models import ResponsiveImage

from cooperation.renditions import RESPONSIVE

register = template.Library()


@register.simple_tag
def responsive_image(image, kind, **attributes):
    """The <img> of `image` shown as `kind` (`renditions.RESPONSIVE`): its
    WebP renditions, the first as `src` with its width and height, all of a
    distinct width in `srcset` (a small original gives one size only), and
    the `sizes` it is shown at; its alternative text from the image."""
    specs, sizes = RESPONSIVE[kind]
    renditions = {}
    widths = set()
    for spec, rendition in image.get_renditions(*specs).items():
        if rendition.width not in widths:
            widths.add(rendition.width)
            renditions[spec] = rendition
    attributes = {"lang": alt_language(image), **attributes}
    if len(renditions) > 1:  # `sizes` goes only with a srcset
        attributes["sizes"] = sizes
    return ResponsiveImage(renditions, attributes).__html__()


@register.simple_tag
def card_image(image, **attributes):
    """The <img> of a card (its renditions prefetched by the listings),
    lazily loaded."""
    return responsive_image(
        image, "card", **{"class": "card__image", "loading": "lazy", **attributes}
    )


@register.simple_tag
def alt_language(image):
    """ "fr" when the image's alternative text shown to this reader is the
    French one (not translated into their language yet); None (no
    attribute) otherwise. An <img>'s lang is its alt's, so that a screen
    reader reads it as French. See `images.alt_texts`."""
    if image is None:
        return None
    return image.alt_language
