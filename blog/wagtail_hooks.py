from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from blog.models import NewsCategory, NewsIndexPage, NewsPage
from cooperation.hooks import HOME_PAGE_SLOT
from cooperation.languages import section_index
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
    repeated in the latest news below."""
    focus_items = context["focus_items"]
    chosen = {item.page_id for item in focus_items if item.page_id}
    room = max(context["focus_limit"] - len(focus_items), 0)
    news = list(
        NewsPage.objects.listed(home.locale).under(home)[: context["focus_limit"] + 8]
    )
    focus_news = [item for item in news if item.is_focus and item.pk not in chosen]
    context["focus_news"] += focus_news[:room]
    shown = chosen | {item.pk for item in context["focus_news"]}
    return {
        "template": "blog/includes/home_slot.html",
        "stylesheet": "blog/blog.css",
        "news": [item for item in news if item.pk not in shown][:LATEST_NEWS],
        "index": section_index(NewsIndexPage, home.locale),
    }
