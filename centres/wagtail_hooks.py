from wagtail import hooks

from centres.models import CentreIndexPage, centres_with_status
from cooperation.hooks import HOME_PAGE_SLOT
from cooperation.languages import section_index


@hooks.register(HOME_PAGE_SLOT, order=300)
def centres_slot(home, request, context):
    """The home page's « Nos maisons de quartier », each with its status."""
    return {
        "template": "centres/includes/home_slot.html",
        "stylesheet": "centres/centres.css",
        "centres": centres_with_status(home.locale),
        "index": section_index(CentreIndexPage, home.locale),
    }
