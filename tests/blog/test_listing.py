"""The news listing: order, pagination, filters, what never shows, and a
query count that does not grow with the number of news items."""

import datetime

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from cooperation.typography import french as typeset
from tests.blog.factories import NewsCategoryFactory, NewsPageFactory
from tests.factories import ImageFactory, build_site_tree, translate

START = datetime.date(2026, 1, 1)


def titles(response):
    return [item.title for item in response.context["news_items"]]


class NewsListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.index = tree["news"]
        cls.youth = NewsCategoryFactory(name="Jeunesse", slug="jeunesse")
        cls.garden = NewsCategoryFactory(name="Jardins", slug="jardins")
        # 15 live news, one a day; every third one about youth, tagged "goûter".
        cls.news = [
            NewsPageFactory(
                parent=cls.index,
                title=f"Nouvelle {day:02d}",
                date=START + datetime.timedelta(days=day),
                categories=[cls.youth] if day % 3 == 0 else [cls.garden],
                tags=["quartier", "goûter" if day % 3 == 0 else "plantations"],
            )
            for day in range(15)
        ]
        cls.draft = NewsPageFactory(
            parent=cls.index,
            title="Brouillon à ne pas montrer",
            date=START + datetime.timedelta(days=100),
            live=False,
            categories=[cls.youth],
            tags=["goûter"],
        )
        cls.private = NewsPageFactory(
            parent=cls.index,
            title="Réservée au conseil d'administration",
            date=START + datetime.timedelta(days=101),
            categories=[cls.youth],
            tags=["goûter"],
        )
        PageViewRestriction.objects.create(
            page=cls.private,
            restriction_type=PageViewRestriction.PASSWORD,
            password="secret",
        )
        cls.english = translate(
            cls.news[0], "en", title="English news", slug="english-news"
        )

    def test_listing_shows_newest_news_first_twelve_per_page(self):
        response = self.client.get(self.index.url)
        self.assertEqual(response.status_code, 200)
        expected = [f"Nouvelle {day:02d}" for day in range(14, -1, -1)]
        self.assertEqual(titles(response), expected[:12])
        self.assertContains(response, "15 actualités")
        self.assertContains(response, 'rel="next"')

        response = self.client.get(self.index.url, {"page": 2})
        self.assertEqual(titles(response), expected[12:])

    def test_news_cards_have_a_heading_link_and_an_accessible_read_more(self):
        response = self.client.get(self.index.url)
        newest = self.news[-1]
        self.assertContains(
            response,
            f'<h2 class="card__title"><a href="{newest.url}">{newest.title}</a></h2>',
            html=True,
        )
        self.assertContains(
            response,
            f'<a href="{newest.url}">Lire la suite'
            f'<span class="visually-hidden"> : <span>{newest.title}</span></span></a>',
            html=True,
        )
        self.assertContains(response, f'datetime="{newest.date:%Y-%m-%d}"')

    def test_category_filter_keeps_only_that_category_with_a_shareable_url(self):
        response = self.client.get(self.index.url, {"categorie": "jeunesse"})
        self.assertEqual(
            titles(response),
            ["Nouvelle 12", "Nouvelle 09", "Nouvelle 06", "Nouvelle 03", "Nouvelle 00"],
        )
        self.assertContains(
            response, typeset("5 actualités dans la catégorie « Jeunesse »")
        )
        self.assertContains(
            response,
            '<a href="?categorie=jeunesse" aria-current="page">Jeunesse</a>',
            html=True,
        )
        self.assertContains(
            response, f'<a href="{self.index.url}">Tout voir</a>', html=True
        )

    def test_tag_filter_keeps_only_news_with_that_tag(self):
        response = self.client.get(self.index.url, {"etiquette": "plantations"})
        self.assertEqual(len(titles(response)), 10)
        self.assertNotIn("Nouvelle 12", titles(response))
        self.assertContains(
            response,
            '<a href="?etiquette=plantations" aria-current="page">plantations</a>',
            html=True,
        )

    def test_pagination_links_keep_the_active_filter(self):
        response = self.client.get(self.index.url, {"etiquette": "quartier"})
        self.assertEqual(len(titles(response)), 12)
        self.assertContains(response, 'href="?etiquette=quartier&amp;page=2"')

        response = self.client.get(self.index.url, {"etiquette": "quartier", "page": 2})
        self.assertEqual(
            titles(response), ["Nouvelle 02", "Nouvelle 01", "Nouvelle 00"]
        )
        self.assertContains(response, 'href="?etiquette=quartier&amp;page=1"')

    def test_unknown_category_shows_no_news(self):
        response = self.client.get(self.index.url, {"categorie": "inconnue"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(titles(response), [])
        self.assertContains(response, "Aucune actualité pour le moment")

    def test_out_of_range_page_shows_the_last_page(self):
        response = self.client.get(self.index.url, {"page": 99})
        self.assertEqual(
            titles(response), ["Nouvelle 02", "Nouvelle 01", "Nouvelle 00"]
        )

    def test_draft_and_private_news_never_appear_in_the_listing(self):
        for query in ({}, {"categorie": "jeunesse"}, {"etiquette": "goûter"}):
            response = self.client.get(self.index.url, query)
            self.assertNotContains(response, "Brouillon à ne pas montrer")
            self.assertNotContains(response, "Réservée au conseil")

    def test_listing_shows_the_translation_or_else_the_french_news(self):
        response = self.client.get(self.index.url)
        self.assertNotIn("English news", titles(response))
        english_index = self.english.get_parent()
        response = self.client.get(english_index.url, {"page": 2})
        self.assertEqual(response.status_code, 200)
        # The English news replaces its French source; the others are French.
        self.assertEqual(
            titles(response), ["Nouvelle 02", "Nouvelle 01", "English news"]
        )
        self.assertNotIn("Nouvelle 00", titles(response))


class NewsListingKeptFiltersTests(TestCase):
    """The filters and the counts come from the site cache: what an editor
    changes shows at the next request."""

    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.index = tree["news"]
        cls.youth = NewsCategoryFactory(name="Jeunesse", slug="jeunesse")
        cls.news = [
            NewsPageFactory(
                parent=cls.index,
                title=f"Nouvelle {day:02d}",
                date=START + datetime.timedelta(days=day),
                categories=[cls.youth],
                tags=["goûter"],
            )
            for day in range(3)
        ]

    def test_a_category_renamed_shows_its_new_name_in_the_filters(self):
        self.assertContains(self.client.get(self.index.url), ">Jeunesse</a>")
        self.youth.name = "Enfance et jeunesse"
        self.youth.save()
        response = self.client.get(self.index.url)
        self.assertContains(response, ">Enfance et jeunesse</a>")
        self.assertNotContains(response, ">Jeunesse</a>")

    def test_a_tag_renamed_shows_its_new_name_in_the_filters(self):
        self.assertContains(self.client.get(self.index.url), ">goûter</a>")
        tag = self.news[0].tags.get()
        tag.name = "Goûter partagé"
        tag.save()
        self.assertContains(self.client.get(self.index.url), ">Goûter partagé</a>")

    def test_a_news_item_published_counts_and_brings_its_tag(self):
        for query in ({}, {"categorie": "jeunesse"}):
            self.assertContains(self.client.get(self.index.url, query), "3 actualités")
        NewsPageFactory(
            parent=self.index,
            title="Nouvelle 03",
            date=START + datetime.timedelta(days=3),
            categories=[self.youth],
            tags=["jardin"],
        )
        for query in ({}, {"categorie": "jeunesse"}):
            response = self.client.get(self.index.url, query)
            self.assertContains(response, "4 actualités")
            self.assertEqual(titles(response)[0], "Nouvelle 03")
        self.assertContains(response, ">jardin</a>")

    def test_a_news_item_unpublished_leaves_the_count(self):
        self.assertContains(
            self.client.get(self.index.url, {"etiquette": "goûter"}), "3 actualités"
        )
        self.news[0].unpublish()
        response = self.client.get(self.index.url, {"etiquette": "goûter"})
        self.assertContains(response, "2 actualités")
        self.assertNotIn("Nouvelle 00", titles(response))

    def test_a_tag_no_news_of_the_language_carries_shows_none_under_its_name(self):
        Tag.objects.create(name="Orphelin", slug="orphelin")
        response = self.client.get(self.index.url, {"etiquette": "orphelin"})
        self.assertEqual(titles(response), [])
        self.assertContains(response, typeset("avec l'étiquette « Orphelin »"))
        self.assertNotContains(response, ">Orphelin</a>")

    def test_a_filter_not_found_beside_one_found_counts_nothing(self):
        self.client.get(self.index.url, {"categorie": "jeunesse"})
        response = self.client.get(
            self.index.url, {"categorie": "jeunesse", "etiquette": "inconnue"}
        )
        self.assertEqual(titles(response), [])
        self.assertEqual(response.context["paginator"].count, 0)


class NewsListingQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.index = tree["news"]
        cls.categories = [NewsCategoryFactory() for _ in range(3)]
        cls.day = 0

    def add_news(self, count):
        for _ in range(count):
            self.day += 1
            NewsPageFactory(
                parent=self.index,
                date=START + datetime.timedelta(days=self.day),
                image=ImageFactory(),
                listing_image=ImageFactory() if self.day % 2 else None,
                categories=self.categories[: self.day % 3 + 1],
                tags=[f"etiquette-{self.day % 4}", "quartier"],
            )

    def count_listing_queries(self):
        # The first request makes the image renditions; count the next one.
        self.assertEqual(self.client.get(self.index.url).status_code, 200)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.index.url)
        self.assertEqual(response.status_code, 200)
        return len(queries), len(response.context["news_items"])

    @pytest.mark.slow
    def test_listing_query_count_does_not_grow_with_the_number_of_news(self):
        self.add_news(5)
        with_five, shown = self.count_listing_queries()
        self.assertEqual(shown, 5)

        self.add_news(45)
        with_fifty, shown = self.count_listing_queries()
        self.assertEqual(shown, 12)

        self.assertEqual(with_five, with_fifty, (with_five, with_fifty))
