"""The URLs purged from nginx's cache when a page is published, unpublished,
moved or deleted: the page, the sections above it and the home pages, in
every language, and the pages below a moved one; every page when a snippet
or a setting changes; a purge server that hangs is given up
(cooperation/frontend_purge.py)."""

import logging
import threading

import pytest
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site

from cooperation import frontend_purge
from cooperation.models import SiteSettings
from home.models import StandardPage
from tests.blog.factories import NewsCategoryFactory, NewsPageFactory
from tests.factories import StandardPageFactory, translate
from tests.outages import HungRedis

HOMES = {"http://localhost/", "http://localhost/en/", "http://localhost/ar/"}
# The site's news feeds, in each language: every news item is in them.
FEEDS = {
    f"http://localhost{prefix}/actualites/flux/{kind}/"
    for prefix in ("", "/en", "/ar")
    for kind in ("rss", "atom")
}


def test_publishing_a_news_item_purges_it_its_section_and_the_homes(site_tree, purged):
    news = NewsPageFactory(parent=site_tree["news"], slug="fete", live=False)
    urls = purged(lambda: news.save_revision().publish())
    assert urls == {
        "http://localhost/actualites/fete/",
        "http://localhost/actualites/",
        # The English section lists the French item while it has no translation.
        "http://localhost/en/news/",
        *HOMES,
        *FEEDS,
    }


def test_a_translation_is_purged_with_its_source(site_tree, purged):
    news = NewsPageFactory(parent=site_tree["news"], slug="fete")
    translate(news, "en", title="Party", slug="party")
    urls = purged(lambda: news.save_revision().publish())
    assert {"http://localhost/actualites/fete/", "http://localhost/en/news/party/"} <= (
        urls
    )


def test_unpublishing_and_deleting_purge_the_same_pages(site_tree, purged):
    news = NewsPageFactory(parent=site_tree["news"], slug="fete")
    expected = {
        "http://localhost/actualites/fete/",
        "http://localhost/actualites/",
        "http://localhost/en/news/",
        *HOMES,
        *FEEDS,
    }
    assert purged(news.unpublish) == expected
    news.save_revision().publish()
    assert purged(news.delete) == expected


def test_moving_a_page_purges_its_old_and_new_places(site_tree, purged):
    home = site_tree["home"]
    first = StandardPageFactory(parent=home, slug="quartiers")
    second = StandardPageFactory(parent=home, slug="projets")
    page = StandardPageFactory(parent=first, slug="jardins")
    urls = purged(
        lambda: StandardPage.objects.get(pk=page.pk).move(second, "last-child")
    )
    assert {
        "http://localhost/quartiers/jardins/",
        "http://localhost/quartiers/",
        "http://localhost/projets/jardins/",
        "http://localhost/projets/",
    } <= urls
    assert urls >= HOMES


def test_moving_a_page_purges_the_pages_below_it_at_both_addresses(site_tree, purged):
    home = site_tree["home"]
    section = StandardPageFactory(parent=home, slug="quartiers")
    target = StandardPageFactory(parent=home, slug="projets")
    page = StandardPageFactory(parent=section, slug="jardins")
    StandardPageFactory(parent=page, slug="potager")
    urls = purged(
        lambda: StandardPage.objects.get(pk=page.pk).move(target, "last-child")
    )
    assert {
        "http://localhost/quartiers/jardins/potager/",
        "http://localhost/projets/jardins/potager/",
    } <= urls


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(NewsCategoryFactory, id="category"),
        pytest.param(
            lambda: SiteSettings.for_site(
                Site.objects.get(is_default_site=True)
            ).save(),
            id="site-settings",
        ),
    ],
)
def test_a_snippet_or_a_setting_purges_every_live_page(site_tree, purged, change):
    news = NewsPageFactory(parent=site_tree["news"], slug="fete")
    NewsPageFactory(parent=site_tree["news"], slug="brouillon", live=False)
    urls = purged(change)
    assert {
        "http://localhost/actualites/fete/",
        "http://localhost/actualites/",
        "http://localhost/en/news/",
        *HOMES,
    } <= urls
    assert len(urls) == Page.objects.live().filter(depth__gt=1).count()
    assert "http://localhost/actualites/brouillon/" not in urls
    # A page's own draft save is no site-wide change.
    assert purged(news.save_revision) == set()


def test_a_purge_server_that_hangs_is_given_up(caplog):
    hung = HungRedis()
    backend = frontend_purge.TimeoutHTTPBackend(
        {"LOCATION": f"http://127.0.0.1:{hung.port}", "TIMEOUT": 0.2}
    )
    # A thread, so that a purge that never returns fails the test instead
    # of hanging it.
    purge = threading.Thread(
        target=backend.purge, args=["http://localhost/actualites/"], daemon=True
    )
    try:
        with caplog.at_level(logging.ERROR, logger=frontend_purge.__name__):
            purge.start()
            purge.join(30)
    finally:
        hung.close()
    assert not purge.is_alive()
    assert hung.accepted  # the PURGE was sent, and never answered
    assert "purge of http://localhost/actualites/ failed" in caplog.text


def test_no_url_is_even_gathered_without_a_purge_server(
    site_tree, settings, monkeypatch, django_capture_on_commit_callbacks
):
    gathered = []

    def record(page):
        gathered.append(page.pk)
        return PurgeBatch()

    monkeypatch.setattr(frontend_purge, "urls_showing", record)
    news = NewsPageFactory(parent=site_tree["news"], live=False)
    settings.WAGTAILFRONTENDCACHE = None
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()
    assert gathered == []
    settings.WAGTAILFRONTENDCACHE = {
        "test": {"BACKEND": "tests.cooperation.conftest.RecordingBackend"}
    }
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()
    assert gathered == [news.pk]


def test_a_new_slug_purges_the_page_and_the_pages_below_at_their_old_addresses(
    site_tree, purged
):
    section = StandardPageFactory(parent=site_tree["home"], slug="quartiers")
    StandardPageFactory(parent=section, slug="jardins")

    def rename():
        page = StandardPage.objects.get(pk=section.pk)
        page.slug = "vie-des-quartiers"
        page.save_revision().publish()

    urls = purged(rename)
    assert {
        "http://localhost/quartiers/",
        "http://localhost/quartiers/jardins/",
        "http://localhost/vie-des-quartiers/",
    } <= urls
