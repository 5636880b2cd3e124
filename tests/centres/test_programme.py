"""The « Programme du mois »: one A4 portrait sheet per centre and month,
for the centre's door."""

import datetime
import re
from unittest import mock

from django.test import TestCase
from django.utils import translation

from centres.models import CentrePage
from centres.programme import ProgrammeEntry
from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory, add_week
from tests.factories import build_site_tree


class ProgrammeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        index = CentreIndexPageFactory(parent=tree["home"])
        cls.centre = CentrePageFactory(
            parent=index, title="Maison de quartier des Ors", phone="04 75 02 02 02"
        )
        add_week(cls.centre)

    def setUp(self):
        translation.activate("fr")
        self.addCleanup(translation.deactivate)

    def url(self, suffix):
        return f"{self.centre.url}programme/{suffix}"

    def test_the_trail_leads_to_the_centre_then_the_programme(self):
        html = self.client.get(self.url("2026/3/")).content.decode()
        nav = re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S).group(0)
        links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)
        self.assertEqual(links[-1], (self.centre.url, "Maison de quartier des Ors"))
        self.assertRegex(
            nav, r'<span aria-current="page">Programme de mars 2026</span>'
        )
        self.assertEqual(nav.count("aria-current"), 1)

    def test_programme_of_a_chosen_month_answers_with_the_print_template(self):
        response = self.client.get(self.url("2026/3/"))
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "centres/programme.html")
        self.assertContains(
            response,
            '<h1 class="programme__title">Programme de mars 2026</h1>',
            html=True,
        )
        self.assertContains(response, "centres/programme.css")

    def test_empty_month_still_gives_the_hours_and_the_contact(self):
        response = self.client.get(self.url("2026/3/"))
        self.assertContains(response, "Aucun rendez-vous ce mois-ci.")
        self.assertContains(response, '<th scope="row">Mardi</th>', html=True)
        self.assertContains(response, "04 75 02 02 02")
        self.assertContains(response, self.centre.street)

    def test_printed_sheet_gives_address_phone_email_access_and_hours(self):
        response = self.client.get(self.url("2026/3/"))
        footer = re.search(
            r'<footer class="programme__footer">.*?</footer>',
            response.content.decode(),
            re.DOTALL,
        )[0]
        self.assertIn(self.centre.street, footer)
        self.assertIn("26100 Romans-sur-Isère", footer)
        self.assertIn('<a href="tel:0475020202">04 75 02 02 02</a>', footer)
        self.assertIn(f'href="mailto:{self.centre.email}"', footer)
        self.assertIn("Bus ligne 2, arrêt Les Ors.", footer)
        self.assertIn(self.centre.full_url, footer)
        self.assertInHTML('<th scope="row">Mardi</th>', footer)

    def test_month_thirteen_and_month_zero_are_not_found(self):
        for suffix in ("2026/13/", "2026/0/", "1999/5/"):
            with self.subTest(suffix=suffix):
                self.assertEqual(self.client.get(self.url(suffix)).status_code, 404)

    def test_programme_without_a_month_shows_the_current_month_in_paris(self):
        # 31 March 2026, 23:30 UTC is already 1 April in Paris.
        moment = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)
        with mock.patch("django.utils.timezone.now", return_value=moment):
            response = self.client.get(self.url(""))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["month"], datetime.date(2026, 4, 1))
        self.assertContains(response, "Programme de avril 2026")

    def test_month_picker_works_without_javascript(self):
        response = self.client.get(self.url("2026/3/"))
        self.assertContains(
            response,
            f'<form class="programme-picker" method="get" action="{self.url("")}"',
        )
        self.assertContains(
            response, '<option value="3" selected>mars</option>', html=True
        )
        response = self.client.get(self.url(""), {"mois": "11", "annee": "2026"})
        self.assertRedirects(response, self.url("2026/11/"))
        response = self.client.get(self.url(""), {"mois": "13", "annee": "2026"})
        self.assertEqual(response.status_code, 404)
        self.assertContains(
            self.client.get(self.url("2026/3/")),
            f'href="{self.url("2026/2/")}"',
        )

    def test_entries_are_listed_with_date_time_title_and_place(self):
        entries = [
            ProgrammeEntry(
                date=datetime.date(2026, 3, 11),
                time=datetime.time(14, 0),
                title="Atelier cuisine",
                place="Cuisine de la maison",
            ),
            ProgrammeEntry(
                date=datetime.date(2026, 3, 21), time=None, title="Fête du printemps"
            ),
        ]
        with mock.patch.object(CentrePage, "month_programme", return_value=entries):
            response = self.client.get(self.url("2026/3/"))
        self.assertNotContains(response, "Aucun rendez-vous")
        self.assertContains(response, "Atelier cuisine")
        self.assertContains(response, "Cuisine de la maison")
        self.assertContains(response, 'datetime="2026-03-11T14:00"')
        self.assertContains(response, "mercredi 11")
        self.assertContains(response, "14:00")
        self.assertContains(response, 'datetime="2026-03-21"')
        self.assertFalse(response.context["is_dense"])

    def test_print_stylesheet_asks_for_an_a4_portrait_page(self):
        # Type sizes and the one-sheet fit are measured in Chromium
        # (tests/centres/test_browser.py).
        from django.contrib.staticfiles import finders

        with open(finders.find("centres/programme.css"), encoding="utf-8") as css:
            text = css.read()
        self.assertIn("size: A4 portrait;", text)
        self.assertIn("margin: 12mm;", text)
