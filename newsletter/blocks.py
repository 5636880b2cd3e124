"""The sections of a newsletter issue.

Each block has an email template (`newsletter/email/blocks/<name>.html`,
table-based, styles inlined at render time) and a plain-text one (`.txt`);
the web version of the issue shows the same HTML, so one template per
block serves both.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class NewsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("titre"), default=_("Actualités"))
    items = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="blog.NewsPage"),
        label=_("actualités choisies"),
    )

    class Meta:
        icon = "doc-full"
        label = _("Actualités choisies")
        template = "newsletter/email/blocks/news.html"


class HighlightBlock(blocks.StructBlock):
    """A project (or anything) to put forward: picture, words, a link."""

    heading = blocks.CharBlock(label=_("titre"))
    text = blocks.TextBlock(label=_("texte"))
    image = ImageChooserBlock(
        label=_("image"),
        required=False,
        help_text=_("Son texte alternatif est repris dans le courriel."),
    )
    page = blocks.PageChooserBlock(label=_("page liée"), required=False)

    class Meta:
        icon = "pick"
        label = _("Projet à la une")
        template = "newsletter/email/blocks/highlight.html"


class FreeTextBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Texte libre")
        template = "newsletter/email/blocks/text.html"


class CallToActionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("texte du bouton"))
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(
        label=_("ou adresse"),
        required=False,
        help_text=_("Utilisée quand aucune page n'est choisie."),
    )

    class Meta:
        icon = "link"
        label = _("Appel à l'action")
        template = "newsletter/email/blocks/call_to_action.html"


class IssueStreamBlock(blocks.StreamBlock):
    news = NewsBlock()
    highlight = HighlightBlock()
    text = FreeTextBlock(features=RICH_TEXT_FEATURES)
    call_to_action = CallToActionBlock()
