"""« Relecture » in the browser: a centre's editor writes an event and submits
it, Communication approves it, and it is on the agenda and in its feed."""

import datetime

import pytest
from django.utils import timezone

from agenda.models import EventPage
from tests.helpers import wait_for
from tests.roles.conftest import PASSWORD, build_roles_site

pytestmark = pytest.mark.browser

TITLE = "Fête des voisins aux Ors"


def log_in(page, server, username):
    page.goto(f"{server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url(f"{server.url}/admin/")


def log_out(page):
    page.context.clear_cookies()


def open_actions_menu(page):
    """The footer's dropdown next to the main action button."""
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()


@pytest.mark.django_db(transaction=True)
def test_a_centre_event_goes_through_relecture_to_the_agenda(
    browser, site_server, page_for
):
    site = build_roles_site()
    centre, agenda = site["ors"], site["agenda"]
    day = timezone.localdate() + datetime.timedelta(days=9)
    page = page_for({"width": 1280, "height": 900})

    # The centre's editor writes the event under their centre and submits it.
    log_in(page, site_server, "ors")
    page.goto(f"{site_server.url}/admin/pages/add/agenda/eventpage/{centre.pk}/")
    page.fill("#id_title", TITLE)
    page.fill("#id_intro", "Un repas partagé dans la cour de la maison.")
    page.fill("#id_start_date", day.isoformat())
    page.keyboard.press("Escape")
    page.fill("#id_start_time", "18:30")
    page.keyboard.press("Escape")
    page.fill("#id_place_name", "Cour de la maison des Ors")
    open_actions_menu(page)
    submit = page.get_by_role("button", name="Soumettre à Relecture")
    assert page.get_by_role("button", name="Publier").count() == 0
    submit.click()
    page.wait_for_url(f"{site_server.url}/admin/pages/{centre.pk}/")
    event = EventPage.objects.get(title=TITLE)
    assert not event.live
    assert event.current_workflow_state.status == "in_progress"

    # Communication finds it on its dashboard and approves it.
    log_out(page)
    log_in(page, site_server, "comm")
    page.get_by_role("link", name=TITLE).first.click()
    page.wait_for_url(f"{site_server.url}/admin/pages/{event.pk}/edit/")
    open_actions_menu(page)
    page.get_by_role("button", name="Approuver et Publier", exact=True).click()
    assert wait_for(lambda: EventPage.objects.get(pk=event.pk).live, timeout=30)

    # The public agenda and its iCal feed list it.
    page.goto(f"{site_server.url}{agenda.url}")
    assert page.get_by_role("link", name=TITLE).count() >= 1
    feed = page.request.get(f"{site_server.url}{agenda.url}ical/")
    assert feed.ok
    assert f"SUMMARY:{TITLE}" in feed.text()
