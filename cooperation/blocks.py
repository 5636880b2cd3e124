"""StreamField blocks shared by every page type."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=capfirst(_("texte")), max_length=200)
    level = blocks.ChoiceBlock(
        label=capfirst(_("niveau")),
        choices=[("h2", _("Titre de section")), ("h3", _("Sous-titre"))],
        default="h2",
        help_text=_(
            "Les titres de section structurent la page ; ne sautez pas de niveau."
        ),
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "components/blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=capfirst(_("image")))
    caption = blocks.CharBlock(
        label=capfirst(_("légende")),
        required=False,
        max_length=255,
        help_text=_("Texte visible sous l'image (facultatif)."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=capfirst(_("citation")))
    attribution = blocks.CharBlock(
        label=capfirst(_("auteur")), required=False, max_length=200
    )

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "components/blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        label=capfirst(_("texte du bouton")),
        max_length=80,
        help_text=_("Un verbe d'action : « S'inscrire », « Lire le programme »…"),
    )
    page = blocks.PageChooserBlock(label=capfirst(_("page du site")), required=False)
    url = blocks.URLBlock(
        label=capfirst(_("ou adresse externe")),
        required=False,
        help_text=_("Utilisée seulement si aucune page du site n'est choisie."),
    )

    class Meta:
        icon = "link"
        label = _("Appel à l'action")
        template = "components/blocks/call_to_action_block.html"

    def clean(self, value):
        result = super().clean(value)
        if not result.get("page") and not result.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": blocks.BlockValidationError(
                        _("Choisissez une page du site ou indiquez une adresse.")
                    )
                }
            )
        return result


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=capfirst(_("document")))
    title = blocks.CharBlock(
        label=capfirst(_("intitulé du lien")),
        required=False,
        max_length=200,
        help_text=_("Par défaut, le titre du document."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document à télécharger")
        template = "components/blocks/document_block.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=capfirst(_("titre")), required=False, max_length=200)
    images = blocks.ListBlock(ImageBlock(), label=capfirst(_("images")), min_num=2)

    class Meta:
        icon = "image"
        label = _("Galerie")
        template = "components/blocks/gallery_block.html"


class BodyStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"),
        features=RICH_TEXT_FEATURES,
        template="components/blocks/paragraph_block.html",
        icon="pilcrow",
    )
    heading = HeadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(
        label=_("Vidéo ou contenu externe"),
        help_text=_("Adresse d'une vidéo (PeerTube, YouTube, Vimeo…)."),
        template="components/blocks/embed_block.html",
        icon="media",
    )
    document = DocumentBlock()
    call_to_action = CallToActionBlock()
    gallery = GalleryBlock()
