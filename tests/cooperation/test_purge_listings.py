"""What nginx's cache forgets besides a page and its ancestors (the apps'
PURGE_PATHS hooks, cooperation/frontend_purge.py): an event purges the
agenda's calendar files and month views and the programme of its centre; a
news item filed under a centre purges that centre's feeds."""

import datetime

import pytest

from agenda import purging
from agenda.purging import event_months
from tests.agenda.factories import (
    EventCategoryFactory,
    EventIndexPageFactory,
    EventPageFactory,
)
from tests.blog.factories import NewsPageFactory
from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory
from tests.factories import french, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(site_tree):
    home = site_tree["home"]
    agenda = EventIndexPageFactory(parent=home, locale=french())
    translate(agenda, "en", title="Diary", slug="diary")
    centres = CentreIndexPageFactory(parent=home, locale=french(), slug="maisons")
    ors = CentrePageFactory(parent=centres, locale=french(), slug="ors")
    return {"agenda": agenda, "ors": ors, "news": site_tree["news"]}


def test_an_event_purges_the_agendas_calendars_and_its_months(
    places, purged, monkeypatch
):
    monkeypatch.setattr(purging, "paris_today", lambda: datetime.date(2026, 12, 2))
    category = EventCategoryFactory(slug="jardinage-collectif")
    event = EventPageFactory(
        parent=places["agenda"],
        slug="potager",
        start_date=datetime.date(2026, 12, 20),
        end_date=datetime.date(2027, 1, 5),
        categories=[category],
        place_page=places["ors"],
        live=False,
    )
    urls = purged(lambda: event.save_revision().publish())
    for agenda in ("http://localhost/agenda/", "http://localhost/en/diary/"):
        assert {
            agenda,
            f"{agenda}ical/",
            f"{agenda}passes/",
            f"{agenda}mois/2026/12/",
            f"{agenda}mois/2027/1/",
            f"{agenda}ical/lieu/{places['ors'].pk}/",
        } <= urls
    assert "http://localhost/agenda/ical/categorie/jardinage-collectif/" in urls
    assert "http://localhost/agenda/mois/2027/2/" not in urls
    assert "http://localhost/agenda/potager/ical/" in urls
    # Held at les Ors: the centre's page and its programmes.
    assert {
        "http://localhost/maisons/ors/",
        "http://localhost/maisons/ors/programme/",
        "http://localhost/maisons/ors/programme/2026/12/",
        "http://localhost/maisons/ors/programme/2027/1/",
    } <= urls


def test_a_news_item_under_a_centre_purges_its_feeds(places, purged):
    news = NewsPageFactory(parent=places["ors"], slug="fete", live=False)
    urls = purged(lambda: news.save_revision().publish())
    assert {
        "http://localhost/actualites/flux/ors/rss/",
        "http://localhost/actualites/flux/ors/atom/",
        "http://localhost/en/actualites/flux/ors/rss/",
        "http://localhost/actualites/flux/rss/",
    } <= urls


def test_a_news_item_elsewhere_purges_no_centres_feed(places, purged):
    news = NewsPageFactory(parent=places["news"], slug="fete", live=False)
    urls = purged(lambda: news.save_revision().publish())
    assert not [url for url in urls if "/flux/ors/" in url]


@pytest.mark.parametrize(
    ("start", "last", "months"),
    [
        # Within the months purged.
        ((2026, 12, 20), (2027, 1, 5), [(2026, 12), (2027, 1)]),
        # A weekly activity for years: a month before today to a year after.
        (
            (2020, 1, 7),
            (2030, 6, 25),
            [(2026, 11), (2026, 12)] + [(2027, m) for m in range(1, 13)] + [(2028, 1)],
        ),
        # Over long ago.
        ((2024, 3, 1), (2024, 3, 1), []),
    ],
)
def test_the_months_of_an_event_are_bounded_around_today(start, last, months):
    class Event:
        start_date = datetime.date(*start)
        last_date = datetime.date(*last)

    today = datetime.date(2026, 12, 2)
    assert event_months(Event, today) == months
