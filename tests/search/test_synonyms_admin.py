"""Editors manage the search's synonyms in the admin, in French."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from search.models import SynonymGroup
from tests.factories import StandardPageFactory, build_site_tree, french
from tests.search.helpers import result_urls

ADD_URL = "/admin/snippets/search/synonymgroup/add/"


class SynonymAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site_tree()["home"]
        cls.editor = get_user_model().objects.create_superuser(
            "editrice", "editrice@example.org", "motdepasse"
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_form_speaks_french(self):
        response = self.client.get(ADD_URL, {"locale": "fr"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Termes équivalents")
        self.assertContains(response, "Synonymes de la recherche")

    def test_a_group_added_in_the_admin_expands_the_search(self):
        response = self.client.post(
            f"{ADD_URL}?locale=fr", {"terms": "seniors\npersonnes âgées"}
        )
        self.assertEqual(response.status_code, 302)
        group = SynonymGroup.objects.get()
        self.assertEqual(group.locale, french())
        self.assertEqual(group.term_list(), ["seniors", "personnes âgées"])
        self.assertEqual(str(group), "seniors, personnes âgées")

    def test_a_group_added_after_a_search_expands_the_next_one(self):
        # The groups are kept in the site cache: saving one changes it.
        page = StandardPageFactory(
            parent=self.home, title="Goûter des personnes âgées", slug="gouter"
        )
        self.client.logout()
        self.assertEqual(self.found("seniors"), [])
        SynonymGroup.objects.create(terms="seniors, personnes âgées", locale=french())
        self.assertEqual(self.found("seniors"), [page.url])

    def found(self, query):
        response = self.client.get("/recherche/", {"q": query})
        return result_urls(response.content.decode())

    def test_an_empty_group_is_refused_with_a_french_message(self):
        response = self.client.post(f"{ADD_URL}?locale=fr", {"terms": ""})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Champ requis.")
        self.assertFalse(SynonymGroup.objects.exists())

    def test_a_group_of_one_term_is_refused(self):
        response = self.client.post(f"{ADD_URL}?locale=fr", {"terms": "vélo, ,"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "Donnez au moins deux termes, séparés par une virgule."
        )
        self.assertFalse(SynonymGroup.objects.exists())
