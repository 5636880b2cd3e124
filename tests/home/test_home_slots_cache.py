"""The home page's sections are kept in the site cache: what a visitor sees
after a change (a page published, unpublished, an image edited, a new day)
is the same as without the cache, and a warm home page asks the database
only for what is not kept."""

import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centres.models import Weekday
from cooperation.site_cache import site_version
from tests.agenda.factories import EventPageFactory, add_agenda
from tests.blog.factories import NewsPageFactory
from tests.centres.factories import (
    CentreIndexPageFactory,
    CentrePageFactory,
    OpeningHoursFactory,
)
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def section(html, title_id):
    match = re.search(
        rf'<section[^>]*aria-labelledby="{title_id}".*?</section>', html, re.S
    )
    return match.group(0) if match else ""


def home(client):
    return client.get("/").content.decode()


def test_news_published_after_a_visit_shows_on_the_next_one(client, site_tree):
    NewsPageFactory(parent=site_tree["news"], title="Nouvelle de lundi")
    assert "Nouvelle de lundi" in section(home(client), "home-news-title")

    NewsPageFactory(parent=site_tree["news"], title="La une de mardi", is_focus=True)
    NewsPageFactory(parent=site_tree["news"], title="Nouvelle de mardi")
    html = home(client)
    assert "La une de mardi" in section(html, "focus-title")
    assert "La une de mardi" not in section(html, "home-news-title")
    assert "Nouvelle de mardi" in section(html, "home-news-title")


def test_news_unpublished_after_a_visit_leaves_the_home_page(client, site_tree):
    news = NewsPageFactory(parent=site_tree["news"], title="Bientôt retirée")
    assert "Bientôt retirée" in home(client)
    news.unpublish()
    assert "Bientôt retirée" not in home(client)


def test_event_published_after_a_visit_shows_on_the_next_one(client, site_tree):
    tree = add_agenda(site_tree)
    today = timezone.localdate()
    EventPageFactory(
        parent=tree["agenda"],
        title="Agora de jeudi",
        start_date=today + datetime.timedelta(days=2),
    )
    assert "Agora de jeudi" in section(home(client), "home-events-title")
    EventPageFactory(
        parent=tree["agenda"],
        title="Goûter de demain",
        start_date=today + datetime.timedelta(days=1),
    )
    events = section(home(client), "home-events-title")
    assert events.index("Goûter de demain") < events.index("Agora de jeudi")


def test_next_events_follow_the_day(client, site_tree):
    tree = add_agenda(site_tree)
    today = timezone.localdate()
    EventPageFactory(parent=tree["agenda"], title="Fête du jour", start_date=today)
    assert "Fête du jour" in section(home(client), "home-events-title")
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        assert "Fête du jour" not in section(home(client), "home-events-title")


def test_centre_hours_published_after_a_visit_change_its_status(client, site_tree):
    # A Tuesday in Paris, 10:00 (09:00 UTC).
    tuesday = datetime.datetime(2026, 3, 24, 9, 0, tzinfo=datetime.UTC)
    index = CentreIndexPageFactory(parent=site_tree["home"])
    centre = CentrePageFactory(parent=index, title="Maison des Ors")
    with mock.patch("django.utils.timezone.now", return_value=tuesday):
        before = section(home(client), "home-centres-title")
        OpeningHoursFactory(
            page=centre,
            weekday=Weekday.TUESDAY,
            opens=datetime.time(9, 30),
            closes=datetime.time(11, 30),
        )
        centre.save_revision().publish()
        after = section(home(client), "home-centres-title")
    label = '<strong class="opening-status__label">Ouvert maintenant</strong>'
    assert label not in before
    assert label in after


def test_an_image_saved_or_deleted_changes_the_site(site_tree):
    image = ImageFactory()
    version = site_version()
    image.title = "Nouveau titre"
    image.save()
    changed = site_version()
    assert changed != version
    image.delete()
    assert site_version() != changed


def test_warm_home_page_reads_its_sections_from_the_cache(client, site_tree):
    tree = add_agenda(site_tree)
    today = timezone.localdate()
    for index in range(3):
        NewsPageFactory(parent=site_tree["news"], image=ImageFactory())
        EventPageFactory(
            parent=tree["agenda"],
            start_date=today + datetime.timedelta(days=index),
            image=ImageFactory(),
        )
    first = home(client)
    with CaptureQueriesContext(connection) as queries:
        second = home(client)
    for title_id in ("focus-title", "home-news-title", "home-events-title"):
        assert section(second, title_id) == section(first, title_id)
    assert 'class="card__image"' in section(second, "home-events-title")
    tables = " ".join(query["sql"] for query in queries)
    for table in ("blog_newspage", "agenda_eventpage", "images_rendition"):
        assert table not in tables
