"""News can live under a centre page, so that each centre's editors have
their own part of the tree; every listing still aggregates all of it."""

import datetime

import feedparser
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupPagePermission

from tests.blog.factories import NewsPageFactory
from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory
from tests.factories import build_site_tree

START = datetime.date(2026, 1, 1)


class NewsUnderACentreTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.news_index = tree["news"]
        centres = CentreIndexPageFactory(parent=tree["home"])
        cls.centre = CentrePageFactory(
            parent=centres, title="Maison de quartier des Ors"
        )
        cls.other = CentrePageFactory(parent=centres, title="Maison Saint-Nicolas")
        cls.centre_news = [
            NewsPageFactory(
                parent=cls.centre,
                title=f"Aux Ors, épisode {day}",
                date=START + datetime.timedelta(days=day),
            )
            for day in range(4)
        ]
        cls.draft = NewsPageFactory(
            parent=cls.centre,
            title="Brouillon des Ors",
            date=START + datetime.timedelta(days=50),
            live=False,
        )
        cls.other_news = NewsPageFactory(
            parent=cls.other,
            title="À Saint-Nicolas",
            date=START + datetime.timedelta(days=60),
        )
        cls.global_news = NewsPageFactory(
            parent=cls.news_index,
            title="Pour toute la Coopération",
            date=START + datetime.timedelta(days=10),
        )

    def setUp(self):
        translation.activate("fr")
        self.addCleanup(translation.deactivate)

    def test_centre_page_shows_its_three_latest_news_only(self):
        response = self.client.get(self.centre.url)
        self.assertEqual(
            [item.title for item in response.context["latest_news"]],
            ["Aux Ors, épisode 3", "Aux Ors, épisode 2", "Aux Ors, épisode 1"],
        )
        self.assertContains(response, "Dernières nouvelles")
        newest = self.centre_news[-1]
        self.assertContains(
            response,
            f'<h3 class="card__title"><a href="{newest.url}">{newest.title}</a></h3>',
            html=True,
        )
        self.assertNotContains(response, "Brouillon des Ors")
        self.assertNotContains(response, "À Saint-Nicolas")
        self.assertNotContains(response, "Pour toute la Coopération")

    def test_news_under_a_centre_is_served_and_links_back_to_the_news_section(self):
        response = self.client.get(self.centre_news[0].url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.centre_news[0].url.startswith(self.centre.url))
        self.assertContains(response, "Retour aux actualités")
        self.assertContains(response, f'href="{self.news_index.url}"')

    def test_news_listing_aggregates_the_centres_news(self):
        response = self.client.get(self.news_index.url)
        titles = [item.title for item in response.context["news_items"]]
        self.assertEqual(
            titles,
            [
                "À Saint-Nicolas",
                "Pour toute la Coopération",
                "Aux Ors, épisode 3",
                "Aux Ors, épisode 2",
                "Aux Ors, épisode 1",
                "Aux Ors, épisode 0",
            ],
        )
        self.assertNotIn("Brouillon des Ors", titles)

    def test_news_feed_carries_the_centres_news(self):
        response = self.client.get(reverse("news_feed_rss"))
        self.assertEqual(response.status_code, 200)
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        entries = {entry.title: entry.link for entry in feed.entries}
        self.assertEqual(
            entries["Aux Ors, épisode 3"],
            f"http://localhost{self.centre_news[-1].url}",
        )
        self.assertIn("À Saint-Nicolas", entries)
        self.assertNotIn("Brouillon des Ors", entries)


class CentreEditorsTests(TestCase):
    """Wagtail's page permissions give each centre's team its own part of
    the tree: they write news under their centre, and nowhere else."""

    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.news_index = tree["news"]
        centres = CentreIndexPageFactory(parent=tree["home"])
        cls.centre = CentrePageFactory(parent=centres, title="Maison des Ors")
        cls.other = CentrePageFactory(parent=centres, title="Maison Saint-Nicolas")
        team = Group.objects.create(name="Équipe des Ors")
        team.permissions.add(
            Permission.objects.get(
                content_type__app_label="wagtailadmin", codename="access_admin"
            )
        )
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(
                group=team,
                page=cls.centre,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        cls.editor = get_user_model().objects.create_user(
            "equipe-ors", "ors@example.org", "motdepasse"
        )
        cls.editor.groups.add(team)

    def add_news_url(self, parent):
        return f"/admin/pages/add/blog/newspage/{parent.pk}/"

    def test_centre_team_can_add_news_under_its_centre_only(self):
        self.client.force_login(self.editor)
        self.assertEqual(
            self.client.get(self.add_news_url(self.centre)).status_code, 200
        )
        for parent in (self.other, self.news_index):
            with self.subTest(parent=parent.title):
                response = self.client.get(self.add_news_url(parent))
                self.assertNotEqual(response.status_code, 200)
