"""News: the Actualités section, its articles and their categories."""

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from blog.queries import NewsQuerySet
from cooperation.blocks import BodyStreamBlock
from cooperation.filters import filter_groups, query_int, query_text
from cooperation.languages import (
    in_french_order,
    in_language,
    public,
    reader_versions,
)
from cooperation.models import BaseIndexPage, BasePage, Vocabulary
from cooperation.site_cache import changes_the_site, remembered
from cooperation.text import fold

NEWS_PER_PAGE = 12
CATEGORY_PARAM = "categorie"
TAG_PARAM = "etiquette"
CENTRE_PARAM = "centre"


class NewsCategory(Vocabulary):
    """A theme shared by news items: « Vie de quartier », « Jeunesse »…"""

    class Meta(Vocabulary.Meta):
        verbose_name = _("catégorie d'actualité")
        verbose_name_plural = _("catégories d'actualités")


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("étiquette d'actualité")
        verbose_name_plural = _("étiquettes d'actualités")


class NewsIndexPage(BaseIndexPage):
    """The Actualités section: every news item of the site, filterable."""

    subpage_types = ["blog.NewsPage"]

    class Meta:
        verbose_name = _("rubrique Actualités")
        verbose_name_plural = _("rubriques Actualités")

    def get_news(self):
        return NewsPage.objects.listed(self.locale).under(self.get_site_root())

    def get_filter_choices(self):
        """What the listing can be narrowed to: the centres with news, the
        categories of this language and the tags its news carry. The same
        for every reader of the section until the site changes (a page, a
        category or a tag saved): from the site cache, or three queries over
        every news item."""
        return remembered("news-filters", self._find_filter_choices, self.pk)

    def _find_filter_choices(self):
        news = self.get_news()
        return {
            "centres": list(self.get_centres_with_news(news)),
            "categories": list(in_language(NewsCategory.objects.all(), self.locale)),
            # Only the tags used by the news of this language, in the order
            # of the alphabet whatever their capitals and accents (« Berlin »
            # between « bénévolat » and « CAF »).
            "tags": sorted(
                Tag.objects.filter(
                    blog_newspagetag_items__content_object__in=news.values("pk")
                ).distinct(),
                key=lambda tag: fold(tag.name),
            ),
        }

    def get_centres_with_news(self, news):
        """The pages, other than a news section, that `news` are filed right
        under (the centres, `NewsPage.parent_page_types`), each in the
        reader's language when translated, in the editors' order: one
        query."""
        parent_paths = news.order_by().annotate(
            parent_path=Substr("path", 1, Length("path") - Page.steplen)
        )
        parents = Page.objects.filter(
            path__in=parent_paths.values("parent_path")
        ).exclude(content_type_id=self.content_type_id)
        # The editors' order in the (French) page tree.
        return in_french_order(
            in_language(
                public(
                    Page.objects.live().filter(
                        translation_key__in=parents.values("translation_key")
                    )
                ),
                self.locale,
            )
        )

    def count_news(self, news, *filters):
        """How many news `news` (the listing narrowed by `filters`, the
        objects chosen or None) holds: from the site cache, or one count
        over them."""
        return remembered(
            "news-count",
            news.count,
            self.pk,
            *(item.pk if item is not None else "" for item in filters),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        choices = self.get_filter_choices()
        news = self.get_news()

        centres = choices["centres"]
        current_centre = None
        centre_slug = query_text(request.GET, CENTRE_PARAM)
        if centre_slug:
            current_centre = next(
                (centre for centre in centres if centre.slug == centre_slug), None
            )
            news = news.under(current_centre) if current_centre else news.none()

        categories = choices["categories"]
        current_category = None
        category_slug = query_text(request.GET, CATEGORY_PARAM)
        if category_slug:
            current_category = next(
                (item for item in categories if item.slug == category_slug), None
            )
            news = (
                news.filter(
                    categories__translation_key=current_category.translation_key
                )
                if current_category
                else news.none()
            )

        tags = choices["tags"]
        current_tag = None
        tag_slug = query_text(request.GET, TAG_PARAM)
        if tag_slug:
            current_tag = next((tag for tag in tags if tag.slug == tag_slug), None)
            if current_tag is None:
                # A tag the news of this language do not carry: none shown,
                # under its name.
                current_tag = Tag.objects.filter(slug=tag_slug).first()
            news = news.filter(tags=current_tag) if current_tag else news.none()

        paginator = Paginator(news, NEWS_PER_PAGE)
        chosen = (
            (centre_slug, current_centre),
            (category_slug, current_category),
            (tag_slug, current_tag),
        )
        if all(found is not None for slug, found in chosen if slug):
            # (A filter not found shows nothing, counted without a query.)
            paginator.count = self.count_news(news, *(found for _, found in chosen))
        page_obj = paginator.get_page(query_int(request.GET, "page"))

        filters = {}
        if current_centre:
            filters[CENTRE_PARAM] = current_centre.slug
        if current_category:
            filters[CATEGORY_PARAM] = current_category.slug
        if current_tag:
            filters[TAG_PARAM] = current_tag.slug

        category_links = [
            {
                "name": category.name,
                "query": urlencode({CATEGORY_PARAM: category.slug}),
                "is_current": category == current_category,
            }
            for category in categories
        ]
        tag_links = [
            {
                "name": tag.name,
                "query": urlencode({TAG_PARAM: tag.slug}),
                "is_current": tag == current_tag,
            }
            for tag in tags
        ]
        centre_links = [
            {
                "name": centre.title,
                "query": urlencode({CENTRE_PARAM: centre.slug}),
                "is_current": centre == current_centre,
            }
            for centre in centres
        ]
        context.update(
            {
                "news_items": page_obj.object_list,
                "page_obj": page_obj,
                "paginator": paginator,
                "category_links": category_links,
                "tag_links": tag_links,
                "centre_links": centre_links,
                # Read by components/filter_links.html.
                "filter_groups": filter_groups(
                    (_("Maisons de quartier"), "news-filters-centres", centre_links),
                    (_("Catégories"), "news-filters-categories", category_links),
                    (_("Étiquettes"), "news-filters-tags", tag_links),
                ),
                "filters_reset_url": self.get_url(request),
                "current_centre": current_centre,
                "current_category": current_category,
                "current_tag": current_tag,
                "is_filtered": bool(category_slug or tag_slug or centre_slug),
                # Read by components/filter_panel.html.
                "active_filter_count": sum(
                    1 for value in (centre_slug, category_slug, tag_slug) if value
                ),
                # Read by components/pagination.html to keep the filters.
                "extra_query": urlencode(filters),
            }
        )
        return context


class NewsPage(BasePage):
    """One news item: a dated article with an image and a body."""

    # Empty until the item goes live: then the day it is first published
    # (Wagtail's `first_published_at`, which a scheduled publication sets to
    # its « go live » time). An editor fills it only to date an item back.
    date = models.DateField(
        _("date affichée"),
        null=True,
        blank=True,
        help_text=_(
            "Laissez vide : c'est le jour où l'actualité est publiée. Pour la "
            "publier plus tard, utilisez « Programmer » dans le panneau Statut "
            "(l'icône « i » en haut de l'écran). Remplissez seulement pour "
            "antidater une actualité. Les actualités sont classées de la plus "
            "récente à la plus ancienne."
        ),
    )
    intro = models.TextField(
        _("chapeau"),
        help_text=_(
            "Une ou deux phrases qui résument l'actualité. Elles sont montrées "
            "dans les listes, avec le lien « Lire la suite », et dans les flux RSS."
        ),
    )
    image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Montrée en haut de l'actualité et dans les listes. Pensez à remplir "
            "son texte alternatif."
        ),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("contenu"), blank=True)
    categories = ParentalManyToManyField(
        "blog.NewsCategory",
        verbose_name=_("catégories"),
        blank=True,
        related_name="news_pages",
        help_text=_("Les thèmes de l'actualité, pour filtrer la liste."),
    )
    tags = ClusterTaggableManager(
        through=NewsPageTag,
        verbose_name=_("étiquettes"),
        blank=True,
        help_text=_("Mots-clés libres, séparés par des virgules."),
    )
    is_focus = models.BooleanField(
        _("À la une"),
        default=False,
        help_text=_("Cochez pour montrer cette actualité sur la page d'accueil."),
    )
    # A news item belongs to a centre by living under its page (see the
    # ?centre= filter and the per-centre feeds); projects link to news.

    objects = PageManager.from_queryset(NewsQuerySet)()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("is_focus")],
            heading=_("Date et mise en avant"),
        ),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("Classement"),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.NewsIndexPage", "centres.CentrePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        # The listings' order (newest first): read backwards, it gives the
        # first page of 2,000 news without sorting them all.
        indexes = [models.Index(fields=["date"], name="blog_news_date_idx")]

    def save(self, *args, **kwargs):
        if self.date is None and self.live:
            self.date = self.shown_date
        return super().save(*args, **kwargs)

    @property
    def shown_date(self):
        """The date the item shows: its own, else the day it was first
        published, else (a preview) the day it is scheduled for, or today."""
        if self.date:
            return self.date
        moment = self.first_published_at or self.go_live_at
        return timezone.localdate(moment) if moment else timezone.localdate()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_index"] = self.get_news_index()
        context["categories"] = reader_versions(self.categories.all(), self.locale)
        context["category_param"] = CATEGORY_PARAM
        context["tag_param"] = TAG_PARAM
        return context

    def get_news_index(self):
        """The Actualités section of this language, for the links back to
        the listing (the news item may live under another section)."""
        return remembered(
            "news-index",
            self._find_news_index,
            self.url_path.split("/")[1],
            self.locale_id,
        )

    def _find_news_index(self):
        # One Actualités per home (max_count_per_parent): the site cache
        # keeps it by tree and language.
        indexes = NewsIndexPage.objects.live().filter(locale=self.locale)
        return indexes.ancestor_of(self).first() or indexes.first()


# A category's or a tag's name is in the news listing's filters, which the
# site cache keeps (`NewsIndexPage.get_filter_choices`).
changes_the_site(NewsCategory, Tag)
