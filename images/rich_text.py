"""Images embedded in rich text, with their alternative text in the
reader's language."""

from wagtail.images.formats import get_image_format
from wagtail.images.rich_text import ImageEmbedHandler

from .models import reader_alt_text


class ReaderImageEmbedHandler(ImageEmbedHandler):
    """Wagtail's handler, except for the alternative text: the embed keeps
    the text the editor saw when inserting the image (the image's French
    one, unless changed); left as it was, the reader gets the image's text
    in their language (or the French one marked `lang="fr"`). A text the
    editor wrote for this place is theirs, kept."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        tags = []
        for attrs, image in zip(attrs_list, cls.get_many(attrs_list), strict=True):
            if not image:
                tags.append('<img alt="">')
                continue
            alt, language = attrs.get("alt", ""), None
            if alt == image.description:
                alt, language = reader_alt_text(image)
            tags.append(
                get_image_format(attrs["format"]).image_to_html(
                    image, alt, {"lang": language} if language else None
                )
            )
        return tags
