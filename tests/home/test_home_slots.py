import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.agenda.factories import EventPageFactory, add_agenda
from tests.blog.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def section(html, title_id):
    match = re.search(
        rf'<section[^>]*aria-labelledby="{title_id}".*?</section>', html, re.S
    )
    return match.group(0) if match else ""


def test_focus_news_is_on_the_home_page_and_not_repeated_below(client, site_tree):
    news = site_tree["news"]
    focus = NewsPageFactory(
        parent=news, title="La conserverie au festival", is_focus=True
    )
    for index in range(4):
        NewsPageFactory(parent=news, title=f"Nouvelle ordinaire {index}")
    html = client.get("/").content.decode()
    assert focus.title in section(html, "focus-title")
    latest = section(html, "home-news-title")
    assert focus.title not in latest
    assert latest.count("<article") == 3
    assert 'href="/actualites/"' in latest


def test_draft_news_never_reaches_the_home_page(client, site_tree):
    draft = NewsPageFactory(
        parent=site_tree["news"], title="Brouillon secret", is_focus=True
    )
    draft.unpublish()
    assert "Brouillon secret" not in client.get("/").content.decode()


def test_home_page_headings_do_not_skip_levels(client, site_tree):
    NewsPageFactory(parent=site_tree["news"], is_focus=True)
    NewsPageFactory(parent=site_tree["news"])
    html = client.get("/").content.decode()
    main = re.search(r"<main.*</main>", html, re.S).group(0)
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_next_events_show_upcoming_dates_only(client, site_tree):
    tree = add_agenda(site_tree)
    today = timezone.localdate()
    EventPageFactory(
        parent=tree["agenda"],
        title="Agora de la semaine prochaine",
        start_date=today + datetime.timedelta(days=7),
    )
    EventPageFactory(
        parent=tree["agenda"],
        title="Réunion déjà passée",
        start_date=today - datetime.timedelta(days=7),
    )
    html = client.get("/").content.decode()
    events = section(html, "home-events-title")
    assert "Agora de la semaine prochaine" in events
    assert "Réunion déjà passée" not in events
    assert "<h3" in events


def test_home_page_query_count_does_not_grow_with_content(client, site_tree):
    def count():
        client.get("/")  # renditions are made on the first visit
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    for index in range(5):
        NewsPageFactory(parent=site_tree["news"], is_focus=index < 2)
    few = count()
    for index in range(20):
        NewsPageFactory(parent=site_tree["news"], is_focus=index < 2)
    assert count() == few
