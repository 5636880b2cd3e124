"""Image tags that use the site's named renditions (`cooperation.renditions`)."""

from django import template

from cooperation.renditions import CARD, rendition

register = template.Library()


@register.simple_tag
def card_image(image, **attributes):
    """The <img> of a card: the card rendition (prefetched by the listings),
    lazily loaded, its alternative text from the image."""
    attributes = {
        "class": "card__image",
        "loading": "lazy",
        "lang": alt_language(image),
        **attributes,
    }
    return rendition(image, CARD).img_tag(attributes)


@register.simple_tag
def alt_language(image):
    """ "fr" when the image's alternative text shown to this reader is the
    French one (not translated into their language yet); None (no
    attribute) otherwise. An <img>'s lang is its alt's, so that a screen
    reader reads it as French. See `images.alt_texts`."""
    if image is None:
        return None
    return image.alt_language
