from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from blog.models import NewsCategory
from cooperation.snippets import VocabularyViewSet


class NewsCategoryViewSet(VocabularyViewSet):
    model = NewsCategory
    menu_label = _("Catégories d'actualités")
    menu_name = "news_categories"
    add_to_admin_menu = True
    menu_order = 300


register_snippet(NewsCategoryViewSet)
