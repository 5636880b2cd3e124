"""The sections of a newsletter issue.

Each block has an email template (`newsletter/email/blocks/<name>.html`,
table-based, styles inlined at render time) and a plain-text one (`.txt`);
the web version of the issue shows the same HTML, so one template per
block serves both.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class NewsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=capfirst(_("titre")), default=_("Actualités"))
    items = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="blog.NewsPage"),
        label=capfirst(_("actualités choisies")),
    )

    class Meta:
        icon = "doc-full"
        label = _("Actualités choisies")
        template = "newsletter/email/blocks/news.html"


class HighlightBlock(blocks.StructBlock):
    """A project (or anything) to put forward: picture, words, a link."""

    heading = blocks.CharBlock(label=capfirst(_("titre")))
    text = blocks.TextBlock(label=capfirst(_("texte")))
    image = ImageChooserBlock(
        label=capfirst(_("image")),
        required=False,
        help_text=_("Son texte alternatif est repris dans le courriel."),
    )
    page = blocks.PageChooserBlock(label=capfirst(_("page liée")), required=False)

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
    label = blocks.CharBlock(label=capfirst(_("texte du bouton")))
    page = blocks.PageChooserBlock(label=capfirst(_("page")), required=False)
    url = blocks.URLBlock(
        label=capfirst(_("ou adresse")),
        required=False,
        help_text=_("Utilisée quand aucune page n'est choisie."),
    )

    class Meta:
        icon = "link"
        label = _("Appel à l'action")
        template = "newsletter/email/blocks/call_to_action.html"


class ChosenEventsBlock(blocks.ListBlock):
    """Events picked by hand; only the live, public ones are shown, each
    with its next date from the issue's send date."""

    def __init__(self, **kwargs):
        super().__init__(
            blocks.PageChooserBlock(page_type="agenda.EventPage"), **kwargs
        )

    class Meta:
        icon = "date"
        label = _("Événements choisis")
        template = "newsletter/email/blocks/chosen_events.html"


class NextEventsBlock(blocks.StructBlock):
    """The agenda of the coming weeks, filled in when the issue is rendered."""

    title = blocks.CharBlock(
        label=capfirst(_("titre")), default=_("Les prochains rendez-vous")
    )
    weeks = blocks.IntegerBlock(
        label=capfirst(_("nombre de semaines")), default=4, min_value=1, max_value=12
    )
    centre = blocks.PageChooserBlock(
        page_type="centres.CentrePage",
        label=capfirst(_("maison de quartier")),
        required=False,
        help_text=_("Pour ne garder que ses événements ; vide : tout l'agenda."),
    )

    class Meta:
        icon = "calendar-alt"
        label = _("Prochains événements de l'agenda")
        template = "newsletter/email/blocks/next_events.html"


class IssueStreamBlock(blocks.StreamBlock):
    news = NewsBlock()
    chosen_events = ChosenEventsBlock()
    next_events = NextEventsBlock()
    highlight = HighlightBlock()
    text = FreeTextBlock(features=RICH_TEXT_FEATURES)
    call_to_action = CallToActionBlock()
