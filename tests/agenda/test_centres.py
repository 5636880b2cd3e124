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
