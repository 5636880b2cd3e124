"""The French behaviours of the site search, on PostgreSQL (`french_unaccent`):
accents and case ignored both ways, French stemming, for every page type."""

import pytest
from django.db import connection
from django.test import TestCase
from django.utils.text import capfirst
from wagtail.rich_text import RichText

from agenda.models import EventPage
from blog.models import NewsPage
from home.models import StandardPage
from projects.models import ProjectPage
from tests.agenda.factories import (
    EventCategoryFactory,
    EventIndexPageFactory,
    EventPageFactory,
)
from tests.blog.factories import NewsPageFactory
from tests.factories import StandardPageFactory, build_site_tree, french
from tests.projects.factories import (
    KeywordFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
)
from tests.search.helpers import result_urls


def paragraph(html):
    return [("paragraph", RichText(html))]


def published(page):
    """Publish `page` the way the admin does, its tags and categories with it."""
    page.save_revision().publish()
    return page


class FrenchSearchOnEveryPageTypeTests(TestCase):
    """The words sit in each type's own text fields (intro, summary, body,
    description, tags, categories, keywords), not in the titles."""

    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        home = tree["home"]
        agenda = EventIndexPageFactory(parent=home, locale=french())
        projects = ProjectIndexPageFactory(parent=home, locale=french())
        cls.news = published(
            NewsPageFactory(
                parent=tree["news"],
                title="Repas partagé",
                slug="repas-partage",
                intro="Un repas pour l'égalité entre voisins.",
                body=paragraph("<p>Une fete au pied de la conserverie.</p>"),
                tags=["jardin"],
            )
        )
        cls.event = published(
            EventPageFactory(
                parent=agenda,
                title="Débat du mardi",
                slug="debat-du-mardi",
                intro="Parler d'égalité, ensemble.",
                body=paragraph("<p>Une fete à la conserverie.</p>"),
                categories=[EventCategoryFactory(name="Jardin", slug="jardin")],
            )
        )
        cls.project = published(
            ProjectPageFactory(
                parent=projects,
                title="Agir ensemble",
                slug="agir-ensemble",
                summary="Agir pour l'égalité des chances.",
                description="<p>Une fete autour de la conserverie.</p>",
                keywords=[KeywordFactory(name="Jardin", slug="jardin-recherche")],
            )
        )
        cls.standard = published(
            StandardPageFactory(
                parent=home,
                title="Notre charte",
                slug="notre-charte",
                intro="<p>La charte de l'égalité.</p>",
                body=paragraph("<p>Une fete, une conserverie et un jardin.</p>"),
            )
        )
        cls.urls = {
            "news": cls.news.url,
            "event": cls.event.url,
            "project": cls.project.url,
            "standard": cls.standard.url,
        }

    def found(self, query):
        response = self.client.get("/recherche/", {"q": query})
        self.assertEqual(response.status_code, 200)
        return result_urls(response.content.decode())

    def assert_every_type_found(self, query):
        found = self.found(query)
        for name, url in self.urls.items():
            with self.subTest(query=query, page_type=name):
                self.assertIn(url, found)

    def test_runs_on_postgresql_with_the_french_unaccent_configuration(self):
        from django.conf import settings

        self.assertEqual(connection.vendor, "postgresql")
        self.assertEqual(
            settings.WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"],
            "french_unaccent",
        )

    def test_a_query_without_accents_finds_accented_words(self):
        self.assert_every_type_found("egalite")

    def test_a_query_with_accents_finds_words_typed_without(self):
        self.assert_every_type_found("fête")

    def test_case_does_not_matter(self):
        self.assert_every_type_found("ÉGALITÉ")
        self.assert_every_type_found("FETE")
        self.assert_every_type_found("Égalité")

    def test_french_plurals_find_the_singular(self):
        self.assert_every_type_found("conserveries")
        self.assert_every_type_found("jardins")

    def test_several_words_all_found_or_the_pages_holding_most_of_them(self):
        self.assert_every_type_found("égalité conserveries")
        # No page holds « hippopotame »: the pages holding the other word.
        self.assert_every_type_found("égalité hippopotame")
        self.assertEqual(self.found("girafe hippopotame"), [])

    def test_each_result_says_its_type_from_the_model_name(self):
        html = self.client.get("/recherche/", {"q": "egalite"}).content.decode()
        for model in (NewsPage, EventPage, ProjectPage, StandardPage):
            with self.subTest(model=model.__name__):
                label = str(capfirst(model._meta.verbose_name))
                self.assertIn(f'<span class="search-result__type">{label}</span>', html)

    def test_dated_pages_show_their_date(self):
        html = self.client.get("/recherche/", {"q": "egalite"}).content.decode()
        self.assertIn(f'<time datetime="{self.news.date:%Y-%m-%d}">', html)
        self.assertIn('<time datetime="2026-03-24">24 mars 2026</time>', html)

    def test_snippets_come_from_the_intro_or_summary_with_the_words_marked(self):
        html = self.client.get("/recherche/", {"q": "egalite"}).content.decode()
        self.assertIn("Un repas pour l&#x27;<mark>égalité</mark> entre voisins.", html)
        self.assertIn("Agir pour l&#x27;<mark>égalité</mark> des chances.", html)
        self.assertIn("La charte de l&#x27;<mark>égalité</mark>.", html)


@pytest.mark.django_db
def test_tags_chosen_in_the_published_edit_are_searchable(client, site_tree):
    """The editor adds a tag and publishes in one go: the index sees it."""
    news = NewsPageFactory(
        parent=site_tree["news"], title="Sans étiquette", slug="sans-etiquette"
    )
    news.tags.add("jardin")  # kept in memory until the revision is published
    news.save_revision().publish()
    html = client.get("/recherche/", {"q": "jardins"}).content.decode()
    assert result_urls(html) == [news.url]
