"""The rendition specs of the site, named once: templates and listings use
these names, so a listing prefetches exactly what its cards show."""

from wagtail.images import get_image_model

# Cards in every listing (news, events, centres, projects, sections), in
# WebP: a phone's single column (100vw) and, from 17rem columns, about a
# third of the page; the second width serves high-density screens.
CARD = "fill-640x400|format-webp"
CARD_SMALL = "fill-320x200|format-webp"
CARD_SIZES = "(min-width: 48rem) 22rem, 100vw"
# The other pictures, by the place they are shown: their renditions (the
# first one the `src`) and the `sizes` of their srcset.
RESPONSIVE = {
    "card": ((CARD, CARD_SMALL), CARD_SIZES),
    # A page's image at its top: the page's width, up to the wrapper's.
    "lead": (
        ("max-1200x800|format-webp", "max-600x400|format-webp"),
        "(min-width: 76rem) 72rem, 100vw",
    ),
    # An image in a page's text: the reading measure.
    "body": (
        ("max-1200x900|format-webp", "max-600x450|format-webp"),
        "(min-width: 44rem) 40rem, 100vw",
    ),
    # The home page's hero: half the wrapper beside its text from 48rem.
    "hero": (
        ("fill-960x720|format-webp", "fill-480x360|format-webp"),
        "(min-width: 48rem) 34rem, 100vw",
    ),
}
# Link previews (OpenGraph, Twitter) and schema.org images: JPEG, which
# every network reads.
SHARE = "fill-1200x630"


def with_renditions(*specs):
    """Images with their renditions of `specs` fetched in the same query,
    for a `Prefetch("image", queryset=...)`."""
    return get_image_model().objects.prefetch_renditions(*specs)


def card_images():
    """Images with their card renditions, for the listings' prefetches."""
    return with_renditions(CARD_SMALL, CARD)


def rendition(image, spec):
    """`image.get_rendition(spec)`, without its cache write: Wagtail's
    `get_rendition` writes the rendition to the cache on every call, even
    when the listing prefetched it; `get_renditions` does not."""
    return image.get_renditions(spec)[spec]


def make_card_renditions(pages):
    """Make the card renditions of `pages` that are missing, added to their
    images' prefetched ones: a listing kept in the cache keeps them, instead
    of Wagtail looking each one up again on every request (it takes a
    prefetched rendition missing for one to make)."""
    specs = RESPONSIVE["card"][0]
    for page in pages:
        image = page.card_image
        if image is not None:
            image.get_renditions(*specs)
