"""A centre is found by the text every page type offers to the site search
(search description, listing title and summary), as well as by its own."""

from django.test import TestCase

from centres.models import CentrePage
from cooperation.models import BasePage
from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory
from tests.factories import build_site_tree
from tests.search.helpers import result_urls


def indexed_names(model):
    return {field.field_name for field in model.search_fields}


class CentreSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        index = CentreIndexPageFactory(parent=tree["home"])
        cls.centre = CentrePageFactory(
            parent=index,
            title="Maison de quartier Saint-Nicolas",
            listing_title="Saint-Nicolas, la maison des jeux",
            search_description=(
                "Une ludothèque ouverte aux familles le mercredi. "
                "Permanences d'écrivain public chaque jeudi."
            ),
        )
        cls.centre.save_revision().publish()

    def found(self, query):
        response = self.client.get("/recherche/", {"q": query})
        self.assertEqual(response.status_code, 200)
        return result_urls(response.content.decode())

    def test_a_centre_is_found_by_its_summary_and_listing_title(self):
        self.assertEqual(self.found("ludothèque"), [self.centre.url])
        self.assertEqual(self.found("écrivain"), [self.centre.url])
        self.assertEqual(self.found("jeux"), [self.centre.url])

    def test_a_centre_indexes_what_every_page_type_indexes(self):
        self.assertLessEqual(indexed_names(BasePage), indexed_names(CentrePage))
