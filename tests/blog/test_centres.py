"""News of one maison de quartier: the listing's ?centre= filter and the
centre's own RSS and Atom feeds."""

import feedparser
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from cooperation.typography import french as typeset
from tests.blog.factories import NewsPageFactory
from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory
from tests.factories import build_site_tree

FEEDS = ("centre_news_feed_rss", "centre_news_feed_atom")


class CentreNewsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.index = tree["news"]
        centres = CentreIndexPageFactory(parent=tree["home"])
        cls.ors = CentrePageFactory(parent=centres, title="Maison des Ors", slug="ors")
        cls.nicolas = CentrePageFactory(
            parent=centres, title="Maison Saint-Nicolas", slug="saint-nicolas"
        )
        cls.quiet = CentrePageFactory(
            parent=centres, title="Maison sans nouvelles", slug="calme"
        )
        cls.ors_news = [
            NewsPageFactory(parent=cls.ors, title=f"Aux Ors {n}") for n in range(3)
        ]
        NewsPageFactory(parent=cls.nicolas, title="À Saint-Nicolas")
        NewsPageFactory(parent=cls.index, title="Pour tout le monde")
        NewsPageFactory(parent=cls.ors, title="Brouillon des Ors", live=False)
        private = NewsPageFactory(parent=cls.ors, title="Réservée aux Ors")
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        NewsPageFactory(parent=cls.quiet, title="Brouillon calme", live=False)

    def setUp(self):
        translation.activate("fr")
        self.addCleanup(translation.deactivate)

    def test_listing_filtered_by_centre_shows_only_that_centre_news(self):
        response = self.client.get(self.index.url, {"centre": "ors"})
        titles = [item.title for item in response.context["news_items"]]
        self.assertEqual(sorted(titles), ["Aux Ors 0", "Aux Ors 1", "Aux Ors 2"])
        self.assertContains(response, typeset("3 actualités de « Maison des Ors »"))

    def test_centre_filter_links_name_only_centres_with_published_news(self):
        response = self.client.get(self.index.url)
        self.assertEqual(
            [link["name"] for link in response.context["centre_links"]],
            ["Maison des Ors", "Maison Saint-Nicolas"],
        )
        self.assertContains(response, 'href="?centre=ors"')
        self.assertNotContains(response, "Maison sans nouvelles")

    def test_unknown_centre_keeps_the_filter_and_shows_nothing(self):
        response = self.client.get(self.index.url, {"centre": "inconnue"})
        self.assertEqual(list(response.context["news_items"]), [])

    def test_centre_filter_and_category_filter_keep_each_other_in_pagination(self):
        response = self.client.get(self.index.url, {"centre": "ors"})
        self.assertEqual(response.context["extra_query"], "centre=ors")

    def test_listing_queries_stay_constant_with_more_centres_and_news(self):
        def count():
            # The second request: the site cache is filled again after an edit.
            self.client.get(self.index.url)
            with CaptureQueriesContext(connection) as queries:
                self.client.get(self.index.url)
            return len(queries)

        count()
        before = count()
        centres = self.ors.get_parent()
        for number in range(5):
            centre = CentrePageFactory(parent=centres, title=f"Maison {number}")
            NewsPageFactory(parent=centre, title=f"Nouvelle {number}")
        self.assertEqual(count(), before)

    def test_centre_feeds_parse_and_carry_only_that_centre_news(self):
        for name in FEEDS:
            with self.subTest(name=name):
                response = self.client.get(reverse(name, args=["ors"]))
                self.assertEqual(response.status_code, 200)
                feed = feedparser.parse(response.content)
                self.assertFalse(feed.bozo, feed.get("bozo_exception"))
                self.assertEqual(feed.feed.title, "Actualités de Maison des Ors")
                self.assertEqual(
                    sorted(entry.title for entry in feed.entries),
                    ["Aux Ors 0", "Aux Ors 1", "Aux Ors 2"],
                )

    def test_centre_feed_urls_live_under_the_news_feeds(self):
        self.assertEqual(
            reverse("centre_news_feed_rss", args=["ors"]), "/actualites/flux/ors/rss/"
        )
        self.assertEqual(
            reverse("centre_news_feed_atom", args=["ors"]),
            "/actualites/flux/ors/atom/",
        )

    def test_feed_of_an_unknown_or_draft_centre_is_not_found(self):
        self.nicolas.unpublish()
        for slug in ("inconnue", "saint-nicolas"):
            with self.subTest(slug=slug):
                response = self.client.get(reverse("centre_news_feed_rss", args=[slug]))
                self.assertEqual(response.status_code, 404)

    def test_centre_page_announces_its_feeds(self):
        response = self.client.get(self.ors.url)
        self.assertContains(
            response,
            '<link rel="alternate" type="application/rss+xml" '
            'title="Actualités de Maison des Ors (RSS)" '
            'href="/actualites/flux/ors/rss/">',
            html=True,
        )
        self.assertContains(response, 'href="/actualites/flux/ors/atom/"')
