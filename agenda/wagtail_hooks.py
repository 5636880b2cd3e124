from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from agenda.models import EventCategory, EventIndexPage, EventPage
from agenda.queries import upcoming_cards
from cooperation.hooks import HOME_PAGE_SLOT
from cooperation.languages import section_index
from cooperation.renditions import make_card_renditions
from cooperation.site_cache import remembered
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
    """The home page's « Prochains rendez-vous »: the cards of the day,
    kept in the site cache until the site changes or the day does."""
    today = timezone.localdate()

    def cards():
        events = EventPage.objects.listed(home.locale).under(home)
        found = upcoming_cards(events, NEXT_EVENTS, today=today)
        make_card_renditions(card.event for card in found)
        return found

    return {
        "template": "agenda/includes/home_slot.html",
        "stylesheet": "agenda/agenda.css",
        "cards": remembered("home-events", cards, home.pk, today.isoformat()),
        "index": section_index(EventIndexPage, home.locale),
    }
