"""Events filed under a maison de quartier, or held at one: the agenda
lists them, the place feed carries them, and their address is the centre's."""

import datetime
import json
import re

import icalendar
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from agenda.models import EventPage
from tests.agenda.factories import EventPageFactory, build_agenda
from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory

DAY = datetime.timedelta(days=1)
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


class EventsAtCentresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_agenda()
        cls.index = tree["agenda"]
        centres = CentreIndexPageFactory(parent=tree["home"])
        cls.centre = CentrePageFactory(
            parent=centres,
            title="Maison de quartier des Ors",
            street="2 place Jules-Nadi",
            latitude="45.046100",
            longitude="5.060300",
        )
        cls.other = CentrePageFactory(parent=centres, title="Maison Saint-Nicolas")
        today = timezone.localdate()
        cls.under = EventPageFactory(
            parent=cls.centre,
            title="Atelier couture aux Ors",
            start_date=today + 3 * DAY,
            place_name="Salle du fond",
            street="",
            postcode="",
            city="",
        )
        cls.held = EventPageFactory(
            parent=cls.index,
            title="Agora chez Saint-Nicolas",
            start_date=today + 4 * DAY,
            place_page=cls.other,
            place_name="",
            street="99 rue inventée",
            city="Ailleurs",
        )
        cls.draft = EventPageFactory(
            parent=cls.centre,
            title="Brouillon aux Ors",
            start_date=today + 5 * DAY,
            live=False,
        )

    def test_events_under_a_centre_appear_in_the_agenda_listing(self):
        response = self.client.get(self.index.url)
        self.assertContains(response, "Atelier couture aux Ors")
        self.assertContains(response, "Agora chez Saint-Nicolas")
        self.assertNotContains(response, "Brouillon aux Ors")

    def test_the_place_filter_keeps_the_events_filed_under_the_centre(self):
        response = self.client.get(self.index.url, {"lieu": self.centre.pk})
        self.assertContains(response, "Atelier couture aux Ors")
        self.assertNotContains(response, "Agora chez Saint-Nicolas")

    def test_the_place_ical_feed_carries_events_under_the_centre_and_no_draft(self):
        response = self.client.get(f"{self.index.url}ical/lieu/{self.centre.pk}/")
        cal = icalendar.Calendar.from_ical(response.content)
        titles = {str(event["SUMMARY"]) for event in cal.walk("VEVENT")}
        self.assertEqual(titles, {"Atelier couture aux Ors"})

    def test_an_event_held_at_a_centre_takes_the_centre_address(self):
        response = self.client.get(self.held.url)
        self.assertContains(response, self.other.street)
        self.assertNotContains(response, "99 rue inventée")
        data = json.loads(JSON_LD.search(response.content.decode()).group(1))
        self.assertEqual(
            data["location"]["address"]["streetAddress"], self.other.street
        )
        self.assertEqual(data["location"]["url"], self.other.full_url)

    def test_an_event_held_at_a_centre_links_it_with_its_phone_email_and_access(self):
        response = self.client.get(self.held.url)
        html = response.content.decode()
        lieu = re.search(r"<address>.*?</address>", html, re.S)[0]
        self.assertIn(f'href="{self.other.url}"', lieu)
        self.assertIn(self.other.street, lieu)
        self.assertIn('<a href="tel:0475000000">04 75 00 00 00</a>', lieu)
        self.assertIn(f'<a href="mailto:{self.other.email}">', lieu)
        # No notes of its own: the centre's access notes say how to come.
        self.assertInHTML(
            "<dd>Bus ligne 2, arrêt Les Ors.<br>Entrée de plain-pied.</dd>", html
        )

    def test_an_event_held_elsewhere_shows_its_own_place_and_address(self):
        elsewhere = EventPageFactory(
            parent=self.centre,
            title="Sortie au parc",
            start_date=timezone.localdate() + 6 * DAY,
            place_name="Parc Saint-Romain",
            street="1 allée du Parc",
            city="Bourg-de-Péage",
            transport_notes="Départ en minibus de la maison.",
        )
        html = self.client.get(elsewhere.url).content.decode()
        lieu = re.search(r"<address>.*?</address>", html, re.S)[0]
        for text in ("Parc Saint-Romain", "1 allée du Parc", "26100 Bourg-de-Péage"):
            self.assertIn(text, lieu)
        self.assertNotIn("tel:", lieu)
        self.assertNotIn("Bus ligne 2", html)

    def test_a_new_event_under_a_centre_is_held_there_by_default(self):
        admin = get_user_model().objects.create_superuser(
            "editor", "editor@example.org", "pw"
        )
        self.client.force_login(admin)
        response = self.client.get(
            f"/admin/pages/add/agenda/eventpage/{self.centre.pk}/"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"]["place_page"].value(), self.centre.pk)
        response = self.client.get(
            f"/admin/pages/add/agenda/eventpage/{self.index.pk}/"
        )
        self.assertIsNone(response.context["form"]["place_page"].value())

    def test_the_ical_location_is_the_centre_address(self):
        response = self.client.get(f"{self.held.url}ical/")
        event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
        self.assertEqual(
            str(event["LOCATION"]),
            f"Maison Saint-Nicolas, {self.other.street}, 26100 Romans-sur-Isère",
        )

    def test_a_draft_centre_gives_no_address_and_no_name(self):
        self.other.unpublish()
        event = EventPage.objects.get(pk=self.held.pk)
        self.assertIsNone(event.place_with_address)
        self.assertEqual(event.address_lines, ["99 rue inventée", "26100 Ailleurs"])

    def test_the_place_chooser_offers_only_centres(self):
        admin = get_user_model().objects.create_superuser(
            "admin", "admin@example.org", "pw"
        )
        self.client.force_login(admin)
        response = self.client.get(f"/admin/pages/{self.held.pk}/edit/")
        self.assertContains(response, "centres.centrepage")

    def test_a_centre_with_events_filed_under_it_is_offered_as_a_place(self):
        response = self.client.get(self.index.url)
        names = [link["name"] for link in response.context["place_links"]]
        self.assertIn("Maison de quartier des Ors", names)
        self.assertIn("Maison Saint-Nicolas", names)

    def test_a_place_that_is_not_a_number_shows_nothing(self):
        response = self.client.get(self.index.url, {"lieu": "abc"})
        self.assertEqual(list(response.context["cards"]), [])

    def test_a_place_written_with_a_superscript_digit_shows_nothing(self):
        # « ² » is a digit for str.isdigit() but not a number for int().
        response = self.client.get(self.index.url, {"lieu": "²"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["cards"]), [])
