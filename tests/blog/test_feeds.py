"""The RSS 2.0 and Atom feeds of the site's news."""

import datetime

import feedparser
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from tests.blog.factories import NewsCategoryFactory, NewsPageFactory
from tests.factories import build_site_tree, translate
from tests.helpers import PARIS

START = datetime.date(2026, 1, 1)
FEEDS = ("news_feed_rss", "news_feed_atom")


class NewsFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.index = tree["news"]
        cls.youth = NewsCategoryFactory(name="Jeunesse", slug="jeunesse")
        cls.news = [
            NewsPageFactory(
                parent=cls.index,
                title=f"Nouvelle {day:02d}",
                intro=f"Résumé de la nouvelle {day:02d}.",
                date=START + datetime.timedelta(days=day),
                categories=[cls.youth],
            )
            for day in range(22)
        ]
        cls.draft = NewsPageFactory(
            parent=cls.index,
            title="Brouillon à ne pas montrer",
            date=START + datetime.timedelta(days=100),
            live=False,
        )
        cls.private = NewsPageFactory(
            parent=cls.index,
            title="Réservée au conseil d'administration",
            date=START + datetime.timedelta(days=101),
        )
        PageViewRestriction.objects.create(
            page=cls.private,
            restriction_type=PageViewRestriction.PASSWORD,
            password="secret",
        )
        cls.english = translate(
            cls.news[0], "en", title="English news", slug="english-news"
        )

    def setUp(self):
        # Building the translations leaves another language active.
        translation.activate("fr")
        self.addCleanup(translation.deactivate)

    def parse(self, name, language_prefix=""):
        response = self.client.get(language_prefix + reverse(name))
        self.assertEqual(response.status_code, 200)
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        return response, feed

    def test_feed_urls_live_under_the_news_address(self):
        self.assertEqual(reverse("news_feed_rss"), "/actualites/flux/rss/")
        self.assertEqual(reverse("news_feed_atom"), "/actualites/flux/atom/")

    def test_rss_feed_lists_the_latest_twenty_news_newest_first(self):
        response, feed = self.parse("news_feed_rss")
        self.assertIn("application/rss+xml", response["Content-Type"])
        self.assertEqual(feed.version, "rss20")
        self.assertEqual(
            [entry.title for entry in feed.entries],
            [f"Nouvelle {day:02d}" for day in range(21, 1, -1)],
        )

    def test_atom_feed_lists_the_latest_twenty_news_newest_first(self):
        response, feed = self.parse("news_feed_atom")
        self.assertIn("application/atom+xml", response["Content-Type"])
        self.assertEqual(feed.version, "atom10")
        self.assertEqual(len(feed.entries), 20)
        self.assertEqual(feed.entries[0].title, "Nouvelle 21")

    def test_feed_items_have_full_link_intro_date_and_categories(self):
        newest = self.news[-1]
        for name in FEEDS:
            with self.subTest(feed=name):
                _, feed = self.parse(name)
                entry = feed.entries[0]
                self.assertEqual(entry.link, f"http://localhost{newest.url}")
                self.assertEqual(entry.link, newest.get_full_url())
                self.assertIn("Résumé de la nouvelle 21.", entry.summary)
                published = datetime.datetime(
                    *entry.published_parsed[:6], tzinfo=datetime.UTC
                )
                self.assertEqual(
                    published, datetime.datetime(2026, 1, 22, tzinfo=PARIS)
                )
                self.assertEqual([tag.term for tag in entry.tags], ["Jeunesse"])

    def test_draft_news_never_appears_in_the_feed(self):
        for name in FEEDS:
            with self.subTest(feed=name):
                response, _ = self.parse(name)
                self.assertNotContains(response, "Brouillon")

    def test_private_news_never_appears_in_the_feed(self):
        for name in FEEDS:
            with self.subTest(feed=name):
                response, _ = self.parse(name)
                self.assertNotContains(response, "Réservée au conseil")

    def test_english_feed_shows_french_news_not_translated_yet(self):
        _, feed = self.parse("news_feed_rss", language_prefix="/en")
        shown = [entry.title for entry in feed.entries]
        # The newest 20 news: French ones without an English translation,
        # never the French source of a translated one.
        self.assertEqual(shown, [f"Nouvelle {day:02d}" for day in range(21, 1, -1)])
        self.assertNotIn("Nouvelle 00", shown)
        self.assertNotIn("Brouillon à ne pas montrer", shown)
