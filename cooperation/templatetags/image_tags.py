"""Image tags that use the site's named renditions (`cooperation.renditions`)."""

from django import template

from cooperation.renditions import CARD

register = template.Library()


@register.simple_tag
def card_image(image, **attributes):
    """The <img> of a card: the card rendition (prefetched by the listings),
    lazily loaded, its alternative text from the image."""
    attributes = {"class": "card__image", "loading": "lazy", **attributes}
    return image.get_rendition(CARD).img_tag(attributes)
