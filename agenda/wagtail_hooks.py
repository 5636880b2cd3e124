from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from agenda.models import EventCategory


class EventCategoryViewSet(SnippetViewSet):
    model = EventCategory
    icon = "date"
    menu_label = _("Catégories d'événements")
    menu_name = "event_categories"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(EventCategoryViewSet)
