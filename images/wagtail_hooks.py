from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AltText
from .rich_text import ReaderImageEmbedHandler


class AltTextViewSet(SnippetViewSet):
    """The alternative texts, for translators: the French ones are written
    on the images; « Traduire » gives the English and Arabic ones."""

    model = AltText
    icon = "image"
    menu_label = _("Textes alternatifs")
    list_display = ["text", "image"]
    search_fields = ["text"]


register_snippet(AltTextViewSet)


@hooks.register("register_rich_text_features", order=100)
def reader_image_embeds(features):
    """After wagtail.images' own hook (order 0): ours replaces its handler."""
    features.register_embed_type(ReaderImageEmbedHandler)
