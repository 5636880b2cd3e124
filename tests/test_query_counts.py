"""Every public page type runs a bounded number of SQL queries, uncached, and
the same number whatever the volume: measured with 5 news, events and sheets,
then again with 50, in French and in English (where most of what is listed
is the French page, no translation made: the fallback path).

The figures at volume, with their times, are `make bench`'s
(benchmarks/run.py); times are never asserted here."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from agenda.recurrence import Recurrence
from cooperation.models import SiteSettings
from tests.agenda.factories import EventIndexPageFactory, EventPageFactory
from tests.blog.factories import NewsCategoryFactory, NewsPageFactory
from tests.centres.factories import (
    CentreIndexPageFactory,
    CentrePageFactory,
    add_week,
)
from tests.factories import StandardPageFactory, build_site_tree, french, translate
from tests.newsletter.factories import NewsletterIndexPageFactory
from tests.projects.factories import ProjectIndexPageFactory, ProjectPageFactory

LIMIT = 20
FEW, MANY = 5, 50
TODAY = datetime.date.today()


def add_items(tree, start, stop):
    """News, events (one in three repeating weekly, one in two held at the
    centre) and action sheets numbered start..stop-1, all French."""
    category = tree["category"]
    for n in range(start, stop):
        NewsPageFactory(
            parent=tree["news"],
            locale=french(),
            date=TODAY - datetime.timedelta(days=n),
            categories=[category],
        )
        EventPageFactory(
            parent=tree["agenda"],
            locale=french(),
            start_date=TODAY + datetime.timedelta(days=n % 20),
            recurrence=Recurrence.WEEKLY if n % 3 == 0 else Recurrence.NONE,
            recurrence_until=TODAY + datetime.timedelta(days=90)
            if n % 3 == 0
            else None,
            place_page=tree["centre"] if n % 2 else None,
        )
        ProjectPageFactory(
            parent=tree["projects"],
            locale=french(),
            organiser_page=tree["centre"],
            organiser_name="",
        )


def build_tree():
    tree = build_site_tree()
    home, fr = tree["home"], french()
    tree["category"] = NewsCategoryFactory()
    tree["agenda"] = EventIndexPageFactory(parent=home, locale=fr)
    tree["projects"] = ProjectIndexPageFactory(parent=home, locale=fr)
    tree["centres"] = CentreIndexPageFactory(parent=home, locale=fr)
    tree["centre"] = CentrePageFactory(parent=tree["centres"], locale=fr)
    add_week(tree["centre"])
    tree["newsletter"] = NewsletterIndexPageFactory(parent=home, locale=fr)
    tree["legal"] = StandardPageFactory(parent=home, locale=fr, slug="mentions")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.legal_notice_page = tree["legal"]
    settings.save()
    add_items(tree, 0, FEW)
    for key, slug in [
        ("agenda", "whats-on"),
        ("projects", "projects"),
        ("centres", "centres"),
        ("centre", "centre"),
        ("newsletter", "newsletter"),
        ("legal", "legal"),
    ]:
        tree[f"{key} en"] = translate(tree[key], "en", slug=slug)
    # One item of each kind in English; the others reach English readers
    # in French, through the listings' fallback.
    for key, section in (("news", "news"), ("event", "agenda"), ("sheet", "projects")):
        tree[key + " item"] = tree[section].get_children().live().specific().last()
        tree[key + " item en"] = translate(tree[key + " item"], "en", slug=key + "-en")
    return tree


def urls(tree):
    """[(page type, language, URL)]: the French pages, and their English
    versions (sections translated, items reached in French)."""
    month = f"mois/{TODAY.year}/{TODAY.month}/"
    found = []
    for code, key, prefix in (("fr", "{}", ""), ("en", "{} en", "/en")):
        item = "{} item" if code == "fr" else "{} item en"
        home = tree["home"] if code == "fr" else tree["translations"]["en"]
        news = (
            tree["news"]
            if code == "fr"
            else tree["news"].get_translation(tree["translations"]["en"].locale)
        )
        agenda = tree[key.format("agenda")].url
        centre = tree[key.format("centre")].url
        found += [
            ("home", code, home.url),
            ("news index", code, news.url),
            ("news item", code, tree[item.format("news")].url),
            ("agenda index", code, agenda),
            ("agenda month", code, agenda + month),
            ("event", code, tree[item.format("event")].url),
            ("catalogue", code, tree[key.format("projects")].url),
            ("project sheet", code, tree[item.format("sheet")].url),
            ("centres index", code, tree[key.format("centres")].url),
            ("centre", code, centre),
            ("centre programme", code, centre + "programme/"),
            ("search", code, f"{prefix}/recherche/?q=quartier"),
            ("news feed", code, f"{prefix}/actualites/flux/rss/"),
            ("agenda feed", code, agenda + "ical/"),
            ("legal page", code, tree[key.format("legal")].url),
            ("newsletter page", code, tree[key.format("newsletter")].url),
        ]
    return found


def count_queries(client, url):
    """Queries of one uncached request (after a first one has made the image
    renditions, which a served site keeps)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture(scope="module")
def counts(module_db, django_db_blocker):
    """{(page type, language): (queries with FEW items, with MANY)}."""
    with django_db_blocker.unblock():
        tree = build_tree()
        client = Client()
        pages = urls(tree)
        few = {(kind, code): count_queries(client, url) for kind, code, url in pages}
        add_items(tree, FEW, MANY)
        many = {(kind, code): count_queries(client, url) for kind, code, url in pages}
    return {key: (few[key], many[key]) for key in few}


PAGE_TYPES = [
    (kind, code)
    for code in ("fr", "en")
    for kind in (
        "home",
        "news index",
        "news item",
        "agenda index",
        "agenda month",
        "event",
        "catalogue",
        "project sheet",
        "centres index",
        "centre",
        "centre programme",
        "search",
        "news feed",
        "agenda feed",
        "legal page",
        "newsletter page",
    )
]


@pytest.mark.parametrize(("kind", "code"), PAGE_TYPES)
def test_query_count_does_not_grow_with_the_content(counts, db, kind, code):
    few, many = counts[kind, code]
    # Not always equal: a search page of mixed results fetches each type's
    # fields once, and with 50 items its first page may hold fewer types.
    assert many <= few, f"{kind} [{code}]: {few} queries with {FEW}, {many} with {MANY}"


@pytest.mark.parametrize(("kind", "code"), PAGE_TYPES)
def test_page_runs_at_most_twenty_queries(counts, db, kind, code):
    few, many = counts[kind, code]
    assert max(few, many) <= LIMIT, f"{kind} [{code}]: {max(few, many)} queries"


# The agenda's pages, held tighter than LIMIT: they sort and filter light rows
# and fetch only the pages they show (agenda.queries.timetable, with_pages).
AGENDA_BOUNDS = {"agenda index": 15, "agenda month": 17, "event": 14, "agenda feed": 10}


@pytest.mark.parametrize(
    ("kind", "code"),
    [(kind, code) for kind, code in PAGE_TYPES if kind in AGENDA_BOUNDS],
)
def test_agenda_pages_stay_within_their_own_bound(counts, db, kind, code):
    few, many = counts[kind, code]
    assert max(few, many) <= AGENDA_BOUNDS[kind], f"{kind} [{code}]: {few}, {many}"
