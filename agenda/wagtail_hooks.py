from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from agenda.models import EventCategory, EventIndexPage, EventPage
from agenda.queries import upcoming_cards
from cooperation.hooks import HOME_PAGE_SLOT
from cooperation.languages import section_index
from cooperation.snippets import VocabularyViewSet

# How many events the home page shows in « Prochains rendez-vous » (a
# repeating one once).
NEXT_EVENTS = 4


class EventCategoryViewSet(VocabularyViewSet):
    model = EventCategory
    icon = "date"
    menu_label = _("Catégories d'événements")
    menu_name = "event_categories"
    add_to_admin_menu = True
    menu_order = 310


register_snippet(EventCategoryViewSet)


@hooks.register(HOME_PAGE_SLOT, order=200)
def next_events_slot(home, request, context):
    """The home page's « Prochains rendez-vous »."""
    events = EventPage.objects.listed(home.locale).under(home)
    return {
        "template": "agenda/includes/home_slot.html",
        "stylesheet": "agenda/agenda.css",
        "cards": upcoming_cards(events, NEXT_EVENTS),
        "index": section_index(EventIndexPage, home.locale),
    }
