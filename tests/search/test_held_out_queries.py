"""The held-out French queries (held_out.py) on PostgreSQL: each finds its
page first."""

from django.test import TestCase

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
