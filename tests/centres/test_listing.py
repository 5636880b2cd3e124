"""The Maisons de quartier listing: one card per live, public centre with
its address and open/closed status, and a query count that does not grow
with the number of centres."""

import datetime

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.centres.factories import (
    CentreIndexPageFactory,
    CentrePageFactory,
    ClosureFactory,
    add_week,
)
from tests.factories import ImageFactory, build_site_tree


def names(response):
    return [centre.title for centre, _ in response.context["centres"]]


class CentreListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.index = CentreIndexPageFactory(parent=tree["home"])
        cls.centres = [
            CentrePageFactory(parent=cls.index, title=title, street=street)
            for title, street in [
                ("Maison de quartier des Ors", "2 rue des Ors"),
                ("Maison de quartier Saint-Nicolas", "5 côte des Cordeliers"),
                ("Maison citoyenne de la Monnaie", "1 place de la Monnaie"),
            ]
        ]
        for centre in cls.centres:
            add_week(centre)
        cls.draft = CentrePageFactory(
            parent=cls.index, title="Maison en brouillon", live=False
        )
        cls.private = CentrePageFactory(
            parent=cls.index, title="Maison réservée à l'équipe"
        )
        PageViewRestriction.objects.create(
            page=cls.private,
            restriction_type=PageViewRestriction.PASSWORD,
            password="secret",
        )

    def test_listing_shows_every_live_centre_in_tree_order(self):
        response = self.client.get(self.index.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(names(response), [centre.title for centre in self.centres])

    def test_centre_card_has_a_link_an_address_and_a_status(self):
        response = self.client.get(self.index.url)
        centre = self.centres[1]
        self.assertContains(
            response,
            f'<h2 class="card__title"><a href="{centre.url}">{centre.title}</a></h2>',
            html=True,
        )
        self.assertContains(response, "5 côte des Cordeliers")
        self.assertContains(response, "26100 Romans-sur-Isère", count=3)
        statuses = [status for _, status in response.context["centres"]]
        for status in statuses:
            self.assertContains(response, status.label)
        self.assertContains(response, 'class="opening-status opening-status--', count=3)

    def test_draft_and_private_centres_never_appear_in_the_listing(self):
        response = self.client.get(self.index.url)
        self.assertNotIn("Maison en brouillon", names(response))
        self.assertNotIn("Maison réservée à l'équipe", names(response))
        self.assertNotContains(response, "Maison en brouillon")
        self.assertNotContains(response, "Maison réservée")

    def test_empty_section_says_so(self):
        index = CentreIndexPageFactory(
            parent=self.index.get_parent(), slug="autres-maisons"
        )
        response = self.client.get(index.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Rien à afficher pour le moment")


class CentreListingQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.index = CentreIndexPageFactory(parent=tree["home"])
        cls.count = 0

    def add_centres(self, count):
        for _ in range(count):
            self.count += 1
            centre = CentrePageFactory(
                parent=self.index,
                image=ImageFactory(),
                listing_image=ImageFactory() if self.count % 2 else None,
            )
            add_week(centre)
            ClosureFactory(
                page=centre,
                start_date=datetime.date(2099, 1, 1),
                end_date=datetime.date(2099, 1, 2),
            )

    def count_listing_queries(self):
        # The first request makes the image renditions; count the next one.
        self.assertEqual(self.client.get(self.index.url).status_code, 200)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.index.url)
        self.assertEqual(response.status_code, 200)
        return len(queries), len(response.context["centres"])

    @pytest.mark.slow
    def test_listing_query_count_does_not_grow_with_the_number_of_centres(self):
        self.add_centres(5)
        with_five, shown = self.count_listing_queries()
        self.assertEqual(shown, 5)

        self.add_centres(45)
        with_fifty, shown = self.count_listing_queries()
        self.assertEqual(shown, 50)

        self.assertEqual(with_five, with_fifty, (with_five, with_fifty))
