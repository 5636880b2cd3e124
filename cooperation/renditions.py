"""The rendition specs of the site, named once: templates and listings use
these names, so a listing prefetches exactly what its cards show."""

from wagtail.images import get_image_model

# Cards in every listing (news, events, centres, projects, sections).
CARD = "fill-640x400"
# Link previews (OpenGraph, Twitter) and schema.org images.
SHARE = "fill-1200x630"


def with_renditions(*specs):
    """Images with their renditions of `specs` fetched in the same query,
    for a `Prefetch("image", queryset=...)`."""
    return get_image_model().objects.prefetch_renditions(*specs)


def card_images():
    """Images with their card rendition, for the listings' prefetches."""
    return with_renditions(CARD)


def rendition(image, spec):
    """`image.get_rendition(spec)`, without its cache write: Wagtail's
    `get_rendition` writes the rendition to the cache on every call, even
    when the listing prefetched it; `get_renditions` does not."""
    return image.get_renditions(spec)[spec]
