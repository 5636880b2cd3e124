from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from agenda.models import EventIndexPage
from blog.models import NewsIndexPage
from cooperation.blocks import BodyStreamBlock
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
            label=_("élément à la une"),
            max_num=4,
            help_text=_("Jusqu'à quatre pages mises en avant sous le bandeau."),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("hero_title"),
        index.SearchField("hero_text"),
    ]

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
    LATEST_NEWS = 3
    NEXT_EVENTS = 4

    def get_context(self, request, *args, **kwargs):
        from agenda.models import next_occurrences
        from blog.models import news_queryset
        from centres.models import CentreIndexPage, centres_with_status

        context = super().get_context(request, *args, **kwargs)
        focus_items = [
            item
            for item in self.focus_items.select_related("page", "image")
            if item.page is None or item.page.live
        ]
        chosen = {item.page_id for item in focus_items if item.page_id}
        news = list(news_queryset(self, self.locale)[: self.FOCUS_LIMIT + 8])
        # "À la une": the editors' own picks first, then news flagged Focus.
        focus_news = [item for item in news if item.is_focus and item.pk not in chosen][
            : max(self.FOCUS_LIMIT - len(focus_items), 0)
        ]
        shown = chosen | {item.pk for item in focus_news}
        context["focus_items"] = focus_items
        context["focus_news"] = focus_news
        context["home_slots"] = [
            *context.get("home_slots", []),
            {
                "template": "home/includes/latest_news.html",
                "news": [item for item in news if item.pk not in shown][
                    : self.LATEST_NEWS
                ],
                "index": self.get_children().type(NewsIndexPage).live().first(),
            },
            {
                "template": "home/includes/next_events.html",
                "occurrences": next_occurrences(self, self.locale, self.NEXT_EVENTS),
                "index": self.get_children().type(EventIndexPage).live().first(),
            },
            {
                "template": "home/includes/centres.html",
                "centres": centres_with_status(self.locale),
                "index": self.get_children().type(CentreIndexPage).live().first(),
            },
            {"template": "newsletter/includes/home_slot.html"},
        ]
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
