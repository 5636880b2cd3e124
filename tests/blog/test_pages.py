"""NewsIndexPage and NewsPage: what they show, and a news item with its
categories and tags through the admin (the contract every page type keeps
is in tests/test_page_types.py)."""

import datetime

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from blog.models import NewsPage
from tests.blog.factories import NewsCategoryFactory, NewsPageFactory
from tests.factories import ImageFactory, build_site_tree
from tests.form_data import news_form_data


class NewsPagesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.home = tree["home"]
        cls.index = tree["news"]
        cls.category = NewsCategoryFactory(name="Jeunesse", slug="jeunesse")
        cls.image = ImageFactory()
        cls.news = NewsPageFactory(
            parent=cls.index,
            title="Fête de quartier aux Ors",
            image=cls.image,
            categories=[cls.category],
            tags=["fête", "été"],
        )

    def test_news_page_shows_title_date_image_body_and_links_back(self):
        response = self.client.get(self.news.url)
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "blog/news_page.html")
        self.assertContains(response, "<h1>Fête de quartier aux Ors</h1>", html=True)
        self.assertContains(response, f'datetime="{self.news.date:%Y-%m-%d}"')
        self.assertContains(response, f'alt="{self.image.description}"')
        self.assertContains(response, "Un après-midi de jeux et de goûter.")
        self.assertContains(response, 'href="/actualites/?categorie=jeunesse"')
        self.assertContains(response, "Retour aux actualités")
        self.assertContains(response, 'type="application/rss+xml"')

    def test_news_index_uses_its_own_template(self):
        response = self.client.get(self.index.url)
        self.assertTemplateUsed(response, "blog/news_index_page.html")
        self.assertContains(response, 'href="/actualites/flux/rss/"')


class NewsPageAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.index = tree["news"]
        cls.category = NewsCategoryFactory(name="Vie de quartier", slug="vie")
        cls.image = ImageFactory()
        cls.user = cls.create_superuser("editrice", password="motdepasse")

    def setUp(self):
        self.client.force_login(self.user)

    def form_data(self, **fields):
        data = {
            "image": self.image.pk,
            "is_focus": "on",
            "categories": [self.category.pk],
            "tags": "réparation, entraide",
            "action-publish": "publish",
        }
        data.update(fields)
        return news_form_data(**data)

    def test_editor_creates_then_edits_a_news_page_in_the_admin(self):
        add_url = f"/admin/pages/add/blog/newspage/{self.index.pk}/"
        response = self.client.post(add_url, self.form_data())
        self.assertEqual(response.status_code, 302, response.content[:3000])

        news = NewsPage.objects.get(slug="repair-cafe")
        self.assertTrue(news.live)
        self.assertEqual(news.get_parent().pk, self.index.pk)
        self.assertEqual(news.date, datetime.date(2026, 3, 14))
        self.assertTrue(news.is_focus)
        self.assertEqual(news.image, self.image)
        self.assertEqual(list(news.categories.all()), [self.category])
        self.assertEqual(
            sorted(tag.name for tag in news.tags.all()), ["entraide", "réparation"]
        )
        self.assertEqual(
            [block.block_type for block in news.body], ["heading", "paragraph"]
        )

        edit_url = f"/admin/pages/{news.pk}/edit/"
        self.assertEqual(self.client.get(edit_url).status_code, 200)
        data = self.form_data(
            title="Repair café : nouvelle date",
            date="2026-04-11",
            tags="entraide",
        )
        del data["is_focus"]
        data["categories"] = []
        response = self.client.post(edit_url, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])

        news = Page.objects.get(pk=news.pk).specific
        self.assertEqual(news.title, "Repair café : nouvelle date")
        self.assertEqual(news.date, datetime.date(2026, 4, 11))
        self.assertFalse(news.is_focus)
        self.assertEqual(list(news.categories.all()), [])
        self.assertEqual([tag.name for tag in news.tags.all()], ["entraide"])

        response = self.client.get(news.url)
        self.assertContains(response, "Repair café : nouvelle date")
