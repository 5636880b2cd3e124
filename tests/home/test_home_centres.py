"""The home page's « Nos maisons de quartier » slot: the live centres of
the language, each with its open/closed status computed per request."""

import datetime
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centres.models import Weekday
from home.models import HomePage
from tests.centres.factories import (
    CentreIndexPageFactory,
    CentrePageFactory,
    OpeningHoursFactory,
)

pytestmark = pytest.mark.django_db

# A Tuesday in Paris, 10:00 (09:00 UTC).
TUESDAY_MORNING = datetime.datetime(2026, 3, 24, 9, 0, tzinfo=datetime.UTC)


def section(html):
    match = re.search(
        r'<section[^>]*aria-labelledby="home-centres-title".*?</section>', html, re.S
    )
    return match.group(0) if match else ""


@pytest.fixture
def centres(site_tree):
    index = CentreIndexPageFactory(parent=site_tree["home"])
    ors = CentrePageFactory(
        parent=index, title="Maison des Ors", neighbourhood="Les Ors"
    )
    OpeningHoursFactory(
        page=ors,
        weekday=Weekday.TUESDAY,
        opens=datetime.time(9, 30),
        closes=datetime.time(11, 30),
    )
    CentrePageFactory(
        parent=index, title="Maison Saint-Nicolas", neighbourhood="Centre"
    )
    CentrePageFactory(parent=index, title="Maison en brouillon", live=False)
    return index


def test_home_page_lists_the_live_centres_with_their_status(client, centres):
    with mock.patch("django.utils.timezone.now", return_value=TUESDAY_MORNING):
        html = section(client.get("/").content.decode())
    assert '<h2 id="home-centres-title" class="section__title">' in html
    assert "Nos maisons de quartier" in html
    assert html.count("<h3") == 2
    assert "Maison des Ors" in html
    assert "Quartier Les Ors" in html
    assert "Maison Saint-Nicolas" in html
    assert "Maison en brouillon" not in html
    assert 'href="/maisons-de-quartier/"' in html


def test_home_centre_status_follows_the_clock(client, centres):
    ors_card = re.compile(r"Maison des Ors.*?</article>", re.S)
    with mock.patch("django.utils.timezone.now", return_value=TUESDAY_MORNING):
        open_now = ors_card.search(section(client.get("/").content.decode())).group(0)
    later = TUESDAY_MORNING + datetime.timedelta(hours=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        closed = ors_card.search(section(client.get("/").content.decode())).group(0)
    assert open_now != closed
    assert "Ouvert" in open_now


def test_centres_slot_comes_before_the_newsletter(client, centres):
    home = HomePage.objects.get(locale__language_code="fr")
    request = client.get("/").wsgi_request
    templates = [slot["template"] for slot in home.get_context(request)["home_slots"]]
    assert templates.index("centres/includes/home_slot.html") == (
        templates.index("newsletter/includes/home_slot.html") - 1
    )


def test_home_page_queries_stay_constant_with_more_centres(client, centres):
    def count():
        cache.clear()  # uncached: the site cache emptied, as after an edit
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return len(queries)

    count()
    before = count()
    for number in range(5):
        centre = CentrePageFactory(parent=centres, title=f"Maison {number}")
        OpeningHoursFactory(page=centre)
    assert count() == before
