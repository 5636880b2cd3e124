"""Image tags that use the site's named renditions (`cooperation.renditions`)."""

from django import template
from django.conf import settings
from django.utils import translation

from cooperation.renditions import CARD

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
    return image.get_rendition(CARD).img_tag(attributes)


@register.simple_tag
def alt_language(image):
    """ "fr" when the image's alternative text, written once in French on the
    image (images are shared by every language), is shown to a reader in
    another language; None (no attribute) otherwise. An <img>'s lang is its
    alt's, so that a screen reader reads it as French."""
    if (
        image is not None
        and image.description
        and translation.get_language() != settings.LANGUAGE_CODE
    ):
        return settings.LANGUAGE_CODE
    return None
