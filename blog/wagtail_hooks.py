from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from blog.models import NewsCategory, NewsIndexPage, NewsPage
from cooperation.hooks import HOME_PAGE_SLOT
from cooperation.languages import section_index
from cooperation.renditions import card_images, make_card_renditions
from cooperation.site_cache import remembered
from cooperation.snippets import VocabularyViewSet

# How many news the home page lists below its « À la une ».
LATEST_NEWS = 3


class NewsCategoryViewSet(VocabularyViewSet):
    model = NewsCategory
    menu_label = _("Catégories d'actualités")
    menu_name = "news_categories"
    add_to_admin_menu = True
    menu_order = 300


register_snippet(NewsCategoryViewSet)


@hooks.register(HOME_PAGE_SLOT, order=100)
def latest_news_slot(home, request, context):
    """The home page's « Dernières actualités », and its news « À la une »:
    the editors' own picks first, then the news flagged Focus, none of them
    repeated in the latest news below. What it shows is kept in the site
    cache until the site changes."""
    focus_items = context["focus_items"]
    chosen = {item.page_id for item in focus_items if item.page_id}
    room = max(context["focus_limit"] - len(focus_items), 0)
    focus_news, news = remembered(
        "home-news",
        lambda: home_news(home, chosen, room, context["focus_limit"]),
        home.pk,
        room,
        ",".join(map(str, sorted(chosen))),
    )
    context["focus_news"] += focus_news
    return {
        "template": "blog/includes/home_slot.html",
        "stylesheet": "blog/blog.css",
        "news": news,
        "index": section_index(NewsIndexPage, home.locale),
    }


def home_news(home, chosen, room, focus_limit):
    """([news « À la une »], [latest news]) of the home page: among its
    latest news, up to `room` flagged Focus and not `chosen` by the editors,
    then the next `LATEST_NEWS` not shown yet; only these get their card
    images, and nothing else a card does not show (categories, tags)."""
    news = list(
        NewsPage.objects.listed(home.locale)
        .under(home)
        .prefetch_related(None)[: focus_limit + 8]
    )
    focus_news = [item for item in news if item.is_focus and item.pk not in chosen]
    focus_news = focus_news[:room]
    shown = chosen | {item.pk for item in focus_news}
    latest = [item for item in news if item.pk not in shown][:LATEST_NEWS]
    prefetch_related_objects(
        focus_news + latest,
        Prefetch("image", queryset=card_images()),
        Prefetch("listing_image", queryset=card_images()),
    )
    make_card_renditions(focus_news + latest)
    return focus_news, latest
