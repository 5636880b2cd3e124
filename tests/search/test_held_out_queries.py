"""The held-out French queries (held_out.py) on PostgreSQL: each finds its
page first, and the database orders the pages as the Python path of SQLite
does (search/ranking.py)."""

from django.test import TestCase

from search.ranking import RankedInDatabase, query_units, rank_in_python
from search.views import search_terms, searchable_pages
from tests.factories import french
from tests.search.held_out import QUERIES, build_held_out_tree
from tests.search.helpers import result_urls


class HeldOutQueriesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pages = build_held_out_tree()

    def test_each_query_finds_its_page_first(self):
        for query, key in QUERIES:
            with self.subTest(query=query):
                response = self.client.get("/recherche/", {"q": query})
                found = result_urls(response.content.decode())
                self.assertTrue(found, f"nothing found for {query!r}")
                self.assertEqual(found[0], self.pages[key].url, found[:4])

    def test_the_database_applies_the_rules_of_the_python_path(self):
        home, locale = self.pages["home"], french()
        pages = searchable_pages(home, locale)
        # The held-out queries, and some whose words are spread over pages.
        queries = [query for query, _ in QUERIES] + [
            "maison quartier",
            "conserverie jardin bénévoles",
            "vélos",
            "girafe",
        ]
        for query in queries:
            with self.subTest(query=query):
                units = query_units(search_terms(query), locale)
                in_database = RankedInDatabase(pages, units, home)
                in_python = rank_in_python(pages, units, home)
                self.assertEqual(in_database.type_counts(), in_python.type_counts())
                found = in_database[0:100]
                self.assertEqual(sorted(found), sorted(in_python[0:100]))
                self.assertEqual(found[:1], in_python[0:1])
