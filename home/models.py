from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cooperation.blocks import BodyStreamBlock
from cooperation.hooks import HOME_PAGE_SLOT
from cooperation.models import BasePage


class HomePage(BasePage):
    """The front door: hero, focus items and the slots filled from the content."""

    hero_title = models.CharField(
        _("titre d'accueil"),
        max_length=200,
        help_text=_("La grande phrase en haut de la page d'accueil."),
    )
    hero_text = models.TextField(
        _("texte d'accueil"),
        blank=True,
        help_text=_("Deux ou trois phrases simples pour dire qui nous sommes."),
    )
    hero_image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("image d'accueil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page du bouton"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_text = models.CharField(_("texte du bouton"), max_length=80, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_link_page"),
                FieldPanel("hero_link_text"),
            ],
            heading=_("Bandeau d'accueil"),
        ),
        InlinePanel(
            "focus_items",
            heading=_("À la une (Focus)"),
            label=capfirst(_("élément à la une")),
            max_num=4,
            help_text=_("Jusqu'à quatre pages mises en avant sous le bandeau."),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("hero_title"),
        index.SearchField("hero_text"),
    ]

    summary_source = "hero_text"
    image_source = "hero_image"

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "blog.NewsIndexPage",
        "agenda.EventIndexPage",
        "projects.ProjectIndexPage",
        "centres.CentreIndexPage",
        "newsletter.NewsletterIndexPage",
    ]
    # One home page per language: each locale's tree has its own.
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")

    FOCUS_LIMIT = 4
    # The focus items with their pages and images, the hero's image and the
    # page of its button: fetched when the page is served, and kept with it
    # in the site cache (cooperation.serving).
    serving_prefetch = (
        "focus_items__page",
        "focus_items__image",
        "hero_image",
        "hero_link_page",
    )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["focus_items"] = [
            item
            for item in self.focus_items.all()
            if item.page is None or item.page.live
        ]
        context["focus_limit"] = self.FOCUS_LIMIT
        context["focus_news"] = []
        # The sections below the focus come from the apps (cooperation.hooks):
        # latest news, next events, the centres, the newsletter.
        slots = (fn(self, request, context) for fn in hooks.get_hooks(HOME_PAGE_SLOT))
        context["home_slots"] = [slot for slot in slots if slot]
        return context


class HomeFocusItem(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="focus_items")
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("texte"), blank=True)
    image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("page"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("image"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("élément à la une")
        verbose_name_plural = _("éléments à la une")

    def __str__(self):
        return self.title


class StandardPage(BasePage):
    """A plain page of text: legal notices, accessibility statement, about us."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.HomePage", "home.StandardPage", "centres.CentrePage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("page de contenu")
        verbose_name_plural = _("pages de contenu")
