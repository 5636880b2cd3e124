"""CentreIndexPage and CentrePage: what they show, a centre and its opening
hours through the admin, the map and the structured data (the contract every
page type keeps is in tests/test_page_types.py)."""

import datetime
import json
import re
from unittest import mock

from django.urls import reverse
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase

from centres.models import CentrePage, Weekday
from cooperation.typography import french as typeset
from tests.centres.factories import (
    CentreContactFactory,
    CentreIndexPageFactory,
    CentrePageFactory,
    CentreServiceFactory,
    ClosureFactory,
    add_week,
)
from tests.factories import ImageFactory, build_site_tree
from tests.form_data import centre_form_data, hours_row

JSON_LD = re.compile(
    r'<script type="application/ld\+json">(?P<data>.*?)</script>', re.DOTALL
)


class CentrePagesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.home = tree["home"]
        cls.index = CentreIndexPageFactory(parent=cls.home)
        cls.image = ImageFactory()
        cls.centre = CentrePageFactory(
            parent=cls.index,
            title="Maison de quartier des Ors",
            short_name="MQ des Ors",
            neighbourhood="Les Ors",
            image=cls.image,
            body=[("paragraph", RichText("<p>Bienvenue aux Ors.</p>"))],
        )
        add_week(cls.centre)
        ClosureFactory(
            page=cls.centre,
            start_date=datetime.date(2099, 8, 3),
            end_date=datetime.date(2099, 8, 21),
            reason="Vacances d'été",
        )
        CentreServiceFactory(page=cls.centre, title="Accueil de loisirs")
        CentreContactFactory(page=cls.centre, name="Claire M.", role="Directrice")

    def test_index_and_centre_use_their_own_templates(self):
        response = self.client.get(self.index.url)
        self.assertTemplateUsed(response, "centres/centre_index_page.html")
        response = self.client.get(self.centre.url)
        self.assertTemplateUsed(response, "centres/centre_page.html")

    def test_centre_page_shows_address_contact_services_and_people(self):
        response = self.client.get(self.centre.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1>Maison de quartier des Ors</h1>", html=True)
        self.assertContains(response, self.centre.street)
        self.assertContains(response, "26100 Romans-sur-Isère")
        self.assertContains(response, "Quartier Les Ors")
        self.assertContains(response, 'href="tel:0475000000"')
        self.assertContains(response, f'href="mailto:{self.centre.email}"')
        self.assertContains(response, "Accueil de loisirs")
        self.assertContains(response, "Claire M.")
        self.assertContains(response, "Directrice")
        self.assertContains(response, "Bienvenue aux Ors.")
        self.assertContains(response, f'alt="{self.image.description}"')
        self.assertContains(response, "Vacances d’été")

    def test_address_and_contact_section_holds_phone_email_and_access(self):
        response = self.client.get(self.centre.url)
        section = re.search(
            r'<section class="centre__section" aria-labelledby="centre-address-title">'
            r"(?P<html>.*?)</section>",
            response.content.decode(),
            re.DOTALL,
        )["html"]
        self.assertInHTML(
            '<h2 id="centre-address-title">Adresse et contact</h2>', section
        )
        address = re.search(r"<address.*?</address>", section, re.DOTALL)[0]
        self.assertIn(self.centre.street, address)
        self.assertIn('<a href="tel:0475000000">04 75 00 00 00</a>', address)
        self.assertIn(
            f'<a href="mailto:{self.centre.email}">{self.centre.email}</a>', address
        )
        self.assertInHTML(
            '<div class="centre-access"><h3 class="centre-access__title">Accès</h3>'
            '<p dir="auto">Bus ligne 2, arrêt Les Ors.<br>'
            "Entrée de plain-pied.</p></div>",
            section,
        )

    def test_centre_without_phone_email_or_access_shows_no_empty_line(self):
        centre = CentrePageFactory(
            parent=self.index, phone="", email="", access_notes=""
        )
        response = self.client.get(centre.url)
        self.assertNotContains(response, "tel:")
        self.assertNotContains(response, "mailto:")
        self.assertNotContains(response, "centre-access")

    def test_opening_status_is_computed_for_each_request(self):
        # Tuesday 10 March 2026, 10:00 then 12:00 in Paris.
        open_time = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
        closed_time = datetime.datetime(2026, 3, 10, 11, 0, tzinfo=datetime.UTC)
        for url in (self.centre.url, self.index.url):
            with self.subTest(url=url):
                with mock.patch("django.utils.timezone.now", return_value=open_time):
                    response = self.client.get(url)
                self.assertContains(
                    response,
                    '<strong class="opening-status__label">Ouvert maintenant</strong>',
                    html=True,
                )
                self.assertContains(response, typeset("jusqu’à 11 h 30"))
                with mock.patch("django.utils.timezone.now", return_value=closed_time):
                    response = self.client.get(url)
                # The words for the browser (data-opening) hold « Ouvert
                # maintenant » too: the status itself says « Fermé ».
                self.assertContains(
                    response,
                    '<strong class="opening-status__label">Fermé</strong>',
                    html=True,
                )
                self.assertContains(response, typeset("Ouvre aujourd’hui à 14 h"))

    def test_hours_table_has_a_caption_and_header_cells(self):
        response = self.client.get(self.centre.url)
        self.assertContains(
            response, "<caption>Horaires d’ouverture de MQ des Ors</caption>", html=True
        )
        self.assertContains(response, '<th scope="col">Jour</th>', html=True)
        self.assertContains(response, '<th scope="row">Mardi</th>', html=True)
        self.assertContains(
            response, '<time datetime="14:00">14\u202fh</time>', html=True, count=2
        )
        self.assertContains(response, "P’tite Coopé")

    def test_map_is_an_enhancement_of_a_plain_openstreetmap_link(self):
        response = self.client.get(self.centre.url)
        self.assertContains(
            response,
            '<a href="https://www.openstreetmap.org/?mlat=45.046100&amp;'
            'mlon=5.060300#map=17/45.046100/5.060300">Voir sur OpenStreetMap</a>',
            html=True,
        )
        self.assertContains(response, 'data-lat="45.046100"')
        self.assertContains(response, 'data-lng="5.060300"')
        self.assertContains(response, 'role="region"')
        self.assertContains(response, 'aria-label="Carte : MQ des Ors"')
        self.assertContains(response, "centres/centre-map.js")

    def test_leaflet_waits_for_the_map_to_come_into_view(self):
        """Leaflet is no stylesheet nor script of the page's head: the map's
        own script fetches it when the map nears the screen."""
        page = self.client.get(self.centre.url).content.decode()
        head = page[: page.index("</head>")]
        self.assertNotIn("leaflet", head)
        self.assertIn(
            'data-leaflet-css="/static/cooperation/vendor/leaflet/leaflet.css"', page
        )
        self.assertIn(
            'data-leaflet-js="/static/cooperation/vendor/leaflet/leaflet.js"', page
        )

    def test_leaflet_is_loaded_only_on_centre_pages_with_coordinates(self):
        response = self.client.get(self.index.url)
        self.assertNotContains(response, "leaflet")
        centre = CentrePageFactory(parent=self.index, latitude=None, longitude=None)
        response = self.client.get(centre.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "leaflet")
        self.assertNotContains(response, "Voir sur OpenStreetMap")

    def test_json_ld_parses_and_describes_the_centre(self):
        response = self.client.get(self.centre.url)
        match = JSON_LD.search(response.content.decode())
        self.assertIsNotNone(match)
        data = json.loads(match["data"])
        self.assertEqual(data["@context"], "https://schema.org")
        self.assertIn("CivicStructure", data["@type"])
        self.assertEqual(data["name"], "Maison de quartier des Ors")
        self.assertEqual(data["url"], f"http://localhost{self.centre.url}")
        self.assertEqual(data["address"]["@type"], "PostalAddress")
        self.assertEqual(data["address"]["postalCode"], "26100")
        self.assertEqual(data["address"]["addressLocality"], "Romans-sur-Isère")
        self.assertEqual(data["geo"]["latitude"], 45.0461)
        self.assertEqual(data["telephone"], "04 75 00 00 00")
        self.assertEqual(data["email"], self.centre.email)
        self.assertEqual(
            data["openingHours"],
            ["Tu 09:30-11:30", "Tu 14:00-17:00", "We 14:00-18:00", "Th 09:30-11:30"],
        )
        self.assertEqual(
            data["openingHoursSpecification"][0]["dayOfWeek"],
            "https://schema.org/Tuesday",
        )
        closure = data["specialOpeningHoursSpecification"][0]
        self.assertEqual(closure["validFrom"], "2099-08-03")
        self.assertEqual((closure["opens"], closure["closes"]), ("00:00", "00:00"))

    def test_json_ld_cannot_close_its_script_element(self):
        centre = CentrePageFactory(
            parent=self.index, title="Les </script><script>alert(1)</script> Ors"
        )
        response = self.client.get(centre.url)
        content = response.content.decode()
        match = JSON_LD.search(content)
        data = json.loads(match["data"])
        self.assertEqual(data["name"], "Les </script><script>alert(1)</script> Ors")
        self.assertNotIn("<script>alert(1)", content)


class CentrePageAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.index = CentreIndexPageFactory(parent=tree["home"])
        cls.user = cls.create_superuser("coordinatrice", password="motdepasse")

    def setUp(self):
        self.client.force_login(self.user)

    def test_editor_creates_then_edits_a_centre_with_its_opening_hours(self):
        add_url = f"/admin/pages/add/centres/centrepage/{self.index.pk}/"
        self.assertEqual(self.client.get(add_url).status_code, 200)
        data = centre_form_data(
            opening_hours=[
                hours_row(Weekday.TUESDAY, "09:30", "11:30"),
                hours_row(Weekday.WEDNESDAY, "14:00", "18:00", "P'tite Coopé"),
            ],
            **{"action-publish": "publish"},
        )
        response = self.client.post(add_url, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])

        centre = CentrePage.objects.get(slug="maison-citoyenne")
        self.assertTrue(centre.live)
        self.assertEqual(centre.get_parent().pk, self.index.pk)
        self.assertEqual(str(centre.latitude), "45.038200")
        hours = sorted(centre.opening_hours.all(), key=lambda item: item.weekday)
        self.assertEqual(
            [(item.weekday, item.opens, item.closes, item.label) for item in hours],
            [
                (Weekday.TUESDAY, datetime.time(9, 30), datetime.time(11, 30), ""),
                (
                    Weekday.WEDNESDAY,
                    datetime.time(14, 0),
                    datetime.time(18, 0),
                    "P'tite Coopé",
                ),
            ],
        )
        self.assertEqual([s.title for s in centre.services.all()], ["Écrivain public"])
        self.assertEqual([c.name for c in centre.contacts.all()], ["Samia B."])

        edit_url = f"/admin/pages/{centre.pk}/edit/"
        self.assertEqual(self.client.get(edit_url).status_code, 200)
        tuesday, wednesday = hours
        data = centre_form_data(
            title="Maison citoyenne",
            phone="04 75 99 99 99",
            initial_hours=2,
            opening_hours=[
                hours_row(Weekday.TUESDAY, "09:00", "12:00", id=tuesday.pk),
                hours_row(
                    Weekday.WEDNESDAY, "14:00", "18:00", id=wednesday.pk, DELETE="1"
                ),
                hours_row(Weekday.FRIDAY, "14:00", "16:30"),
            ],
            **{"action-publish": "publish"},
        )
        response = self.client.post(edit_url, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])

        centre = Page.objects.get(pk=centre.pk).specific
        self.assertEqual(centre.title, "Maison citoyenne")
        self.assertEqual(centre.phone, "04 75 99 99 99")
        self.assertEqual(centre.access_notes, "Bus ligne 4, arrêt Monnaie.")
        self.assertEqual(
            sorted(
                (item.weekday, item.opens, item.closes)
                for item in centre.opening_hours.all()
            ),
            [
                (Weekday.TUESDAY, datetime.time(9, 0), datetime.time(12, 0)),
                (Weekday.FRIDAY, datetime.time(14, 0), datetime.time(16, 30)),
            ],
        )
        response = self.client.get(centre.url)
        self.assertContains(response, "Maison citoyenne")
        self.assertContains(response, '<th scope="row">Vendredi</th>', html=True)

    def test_editor_previews_a_new_centre_before_saving_it(self):
        preview_url = reverse(
            "wagtailadmin_pages:preview_on_add",
            args=("centres", "centrepage", self.index.pk),
        )
        data = centre_form_data(
            opening_hours=[hours_row(Weekday.TUESDAY, "09:30", "11:30")]
        )
        response = self.client.post(preview_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertJSONEqual(response.content, {"is_valid": True, "is_available": True})
        response = self.client.get(preview_url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Maison citoyenne de la Monnaie")
        self.assertContains(response, '<th scope="row">Mardi</th>', html=True)
        self.assertContains(response, "Voir sur OpenStreetMap")

    def test_admin_refuses_a_range_that_closes_before_it_opens(self):
        add_url = f"/admin/pages/add/centres/centrepage/{self.index.pk}/"
        data = centre_form_data(
            opening_hours=[hours_row(Weekday.MONDAY, "14:00", "09:00")],
            **{"action-publish": "publish"},
        )
        response = self.client.post(add_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "L&#x27;heure de fermeture doit être après l&#x27;heure"
        )
        self.assertFalse(CentrePage.objects.filter(slug="maison-citoyenne").exists())

    def test_admin_refuses_a_latitude_out_of_range(self):
        add_url = f"/admin/pages/add/centres/centrepage/{self.index.pk}/"
        data = centre_form_data(latitude="95", **{"action-publish": "publish"})
        response = self.client.post(add_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(CentrePage.objects.filter(slug="maison-citoyenne").exists())
