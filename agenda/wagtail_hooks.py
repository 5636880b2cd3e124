from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from agenda.models import EventCategory
from cooperation.snippets import VocabularyViewSet


class EventCategoryViewSet(VocabularyViewSet):
    model = EventCategory
    icon = "date"
    menu_label = _("Catégories d'événements")
    menu_name = "event_categories"
    add_to_admin_menu = True
    menu_order = 310


register_snippet(EventCategoryViewSet)
