"""EventIndexPage and EventPage: what they show, validation, and a repeating
event through the admin (the contract every page type keeps is in
tests/test_page_types.py)."""

import datetime
import json
import re
from html import unescape

from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from agenda.models import EventCategory, EventPage
from cooperation.typography import french as typeset
from tests.agenda.factories import (
    EventCategoryFactory,
    EventPageFactory,
    build_agenda,
)
from tests.factories import ImageFactory
from tests.form_data import event_form_data

DEFAULT_CATEGORIES = {
    "Agora – débat public",
    "Start UP de territoire",
    "Atelier",
    "Sortie",
    "Fête",
    "Réunion publique",
    "Commission / institution",
}


class EventPagesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_agenda()
        cls.home = tree["home"]
        cls.index = tree["agenda"]
        cls.category = EventCategoryFactory(name="Atelier vélo", slug="atelier-velo")
        cls.image = ImageFactory()
        cls.event = EventPageFactory(
            parent=cls.index,
            title="Atelier de réparation de vélos",
            image=cls.image,
            categories=[cls.category],
            registration_url="https://example.org/inscription",
            registration_phone="04 75 00 00 00",
            capacity=12,
            registration_deadline=datetime.date(2026, 3, 20),
            accessibility_notes="Salle de plain-pied.",
            transport_notes="Covoiturage au départ de la MQ Saint-Nicolas.",
        )

    def test_event_index_uses_its_own_template(self):
        response = self.client.get(self.index.url)
        self.assertTemplateUsed(response, "agenda/event_index_page.html")
        self.assertContains(response, 'href="/agenda/ical/"')

    def test_event_page_shows_when_where_price_registration_and_access(self):
        response = self.client.get(self.event.url)
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "agenda/event_page.html")
        self.assertContains(
            response, "<h1>Atelier de réparation de vélos</h1>", html=True
        )
        self.assertContains(response, 'datetime="2026-03-24T18:00+01:00"')
        self.assertContains(response, 'datetime="2026-03-24T20:00+01:00"')
        self.assertContains(response, typeset("mardi 24 mars 2026, de 18h00"))
        self.assertContains(response, "Maison de quartier des Ors")
        self.assertContains(response, "26100 Romans-sur-Isère")
        self.assertContains(response, "Gratuit")
        self.assertContains(response, "Tous publics")
        self.assertContains(response, 'href="https://example.org/inscription"')
        self.assertContains(response, 'href="tel:0475000000"')
        self.assertContains(response, "12 places.")
        self.assertContains(response, "Salle de plain-pied.")
        self.assertContains(response, "Covoiturage au départ de la MQ Saint-Nicolas.")
        self.assertContains(response, f'alt="{self.image.description}"')
        self.assertContains(response, "Venez nombreux")
        self.assertContains(response, 'href="/agenda/?categorie=atelier-velo"')
        self.assertContains(response, "Retour à l’agenda")

    def test_event_page_offers_its_ical_file_to_add_to_a_calendar(self):
        response = self.client.get(self.event.url)
        self.assertContains(response, f'href="{self.event.url}ical/" download', count=1)
        self.assertContains(response, "Ajouter à mon agenda")

    def test_a_place_page_links_to_the_centre(self):
        centre = self.home.add_child(
            instance=Page(title="Maison de quartier Saint-Nicolas", slug="st-nicolas")
        )
        event = EventPageFactory(
            parent=self.index, place_page=centre, place_name="", street="", city=""
        )
        response = self.client.get(event.url)
        self.assertContains(
            response,
            f'<a href="{centre.url}">Maison de quartier Saint-Nicolas</a>',
            html=True,
        )

    def test_default_categories_exist_in_french(self):
        names = set(
            EventCategory.objects.filter(locale__language_code="fr").values_list(
                "name", flat=True
            )
        )
        self.assertLessEqual(DEFAULT_CATEGORIES, names)


class EventValidationTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = build_agenda()["agenda"]

    def build(self, **fields):
        values = {
            "title": "Fête de quartier",
            "slug": "fete",
            "intro": "La fête.",
            "start_date": datetime.date(2026, 6, 20),
            "start_time": datetime.time(14, 0),
            "place_name": "Parc des Ors",
        }
        values.update(fields)
        return EventPage(**values)

    def errors(self, event):
        with self.assertRaises(ValidationError) as caught:
            event.clean()
        return caught.exception.message_dict

    def test_end_must_come_after_the_start(self):
        errors = self.errors(self.build(end_time=datetime.time(13, 0)))
        self.assertEqual(
            errors["end_time"], ["L'heure de fin doit être après l'heure de début."]
        )
        errors = self.errors(self.build(end_date=datetime.date(2026, 6, 19)))
        self.assertEqual(
            errors["end_date"], ["La date de fin doit être après la date de début."]
        )

    def test_a_timed_event_needs_a_start_time(self):
        errors = self.errors(self.build(start_time=None))
        self.assertIn("Toute la journée", errors["start_time"][0])

    def test_an_all_day_event_drops_its_times(self):
        event = self.build(
            all_day=True, start_time=datetime.time(9), end_time=datetime.time(8)
        )
        event.clean()
        self.assertIsNone(event.start_time)
        self.assertIsNone(event.end_time)

    def test_a_repeating_event_needs_an_end_of_repetition(self):
        errors = self.errors(self.build(recurrence="weekly"))
        self.assertEqual(
            errors["recurrence_until"],
            ["Indiquez jusqu'à quelle date l'événement se répète."],
        )

    def test_a_weekly_event_starts_on_one_of_its_weekdays(self):
        # 20 June 2026 is a Saturday.
        errors = self.errors(
            self.build(
                recurrence="weekly",
                recurrence_weekdays=["MO"],
                recurrence_until=datetime.date(2026, 7, 31),
            )
        )
        self.assertIn("samedi", errors["recurrence_weekdays"][0])

    def test_a_paying_event_states_its_price_and_every_event_its_place(self):
        errors = self.errors(self.build(is_free=False, place_name=""))
        self.assertEqual(errors["price"], ["Indiquez le tarif, ou cochez « Gratuit »."])
        self.assertIn("maison de quartier", errors["place_page"][0])


def repetition_wrappers(html):
    """{field name: (attributes of its panel wrapper, its label's HTML)} for
    the fields of the event form's Répétition panel."""
    found = {}
    for chunk in html.split('<div class="w-panel__wrapper"')[1:]:
        name = re.search(r'name="(recurrence\w*)"', chunk)
        if name and name.group(1) not in found:
            attributes = chunk[: chunk.index(">")]
            label = re.search(
                r'class="w-field__label"[^>]*>(.*?)</(?:h3|label)>', chunk, re.S
            )
            found[name.group(1)] = (attributes, label.group(1))
    return found


class EventPageAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = build_agenda()["agenda"]
        cls.category = EventCategoryFactory(name="Agora test", slug="agora-test")
        cls.image = ImageFactory()
        cls.user = cls.create_superuser("editrice", password="motdepasse")

    def setUp(self):
        self.client.force_login(self.user)

    def form_data(self, **fields):
        data = {
            "image": self.image.pk,
            "categories": [self.category.pk],
            "capacity": "30",
            "registration_url": "https://example.org/agora",
            "transport_notes": "Bus ligne 2, arrêt Monnaie.",
            "action-publish": "publish",
        }
        data.update(fields)
        return event_form_data(**data)

    def test_editor_creates_then_edits_a_repeating_event_in_the_admin(self):
        add_url = f"/admin/pages/add/agenda/eventpage/{self.index.pk}/"
        self.assertEqual(self.client.get(add_url).status_code, 200)
        response = self.client.post(add_url, self.form_data())
        self.assertEqual(response.status_code, 302, response.content[:3000])

        event = EventPage.objects.get(slug="agora-marche")
        self.assertTrue(event.live)
        self.assertEqual(event.get_parent().pk, self.index.pk)
        self.assertEqual(event.start_date, datetime.date(2026, 3, 24))
        self.assertEqual(event.start_time, datetime.time(18, 0))
        self.assertEqual(event.capacity, 30)
        self.assertEqual(list(event.categories.all()), [self.category])
        self.assertEqual(event.last_date, datetime.date(2026, 3, 24))

        edit_url = f"/admin/pages/{event.pk}/edit/"
        self.assertEqual(self.client.get(edit_url).status_code, 200)
        data = self.form_data(
            title="Agora : chaque mardi et jeudi",
            recurrence="weekly",
            recurrence_weekdays=["TU", "TH"],
            recurrence_until="2026-04-30",
            exception_dates=["2026-04-02"],
            is_free=None,
            price="2 €",
        )
        response = self.client.post(edit_url, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])

        event = Page.objects.get(pk=event.pk).specific
        self.assertEqual(event.title, "Agora : chaque mardi et jeudi")
        self.assertEqual(event.recurrence_weekdays, ["TU", "TH"])
        self.assertEqual(event.exception_date_list(), [datetime.date(2026, 4, 2)])
        self.assertFalse(event.is_free)
        self.assertEqual(event.price, "2 €")
        self.assertEqual(event.last_date, datetime.date(2026, 4, 30))
        # Tuesdays and Thursdays from 24 March to 30 April, but 2 April.
        self.assertEqual(len(event.occurrences()), 11)

        response = self.client.get(event.url)
        self.assertContains(response, "Chaque semaine, le mardi et le jeudi, jusqu")

    def test_a_new_event_can_be_previewed_before_it_is_saved(self):
        preview_url = f"/admin/pages/add/agenda/eventpage/{self.index.pk}/preview/"
        data = self.form_data(
            recurrence="monthly",
            recurrence_monthly_by="weekday",
            recurrence_until="2026-06-30",
            exception_dates=["2026-04-28"],
        )
        response = self.client.post(preview_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertJSONEqual(response.content, {"is_valid": True, "is_available": True})
        response = self.client.get(preview_url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Agora : la place du marché")
        self.assertContains(response, "Chaque mois, le 4e mardi")
        self.assertContains(response, 'type="application/ld+json"')

    def test_the_admin_explains_a_missing_end_of_repetition_in_french(self):
        add_url = f"/admin/pages/add/agenda/eventpage/{self.index.pk}/"
        response = self.client.post(add_url, self.form_data(recurrence="weekly"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "Indiquez jusqu&#x27;à quelle date l&#x27;événement se répète."
        )
        self.assertFalse(EventPage.objects.filter(slug="agora-marche").exists())

    def test_the_day_of_the_month_is_required_only_for_a_monthly_event(self):
        add_url = f"/admin/pages/add/agenda/eventpage/{self.index.pk}/"
        wrapper = repetition_wrappers(self.client.get(add_url).content.decode())
        label = wrapper["recurrence_monthly_by"][1]
        self.assertIn("Jour de chaque mois", label)
        self.assertNotIn("w-required-mark", label)

        # A one-off event needs no day of the month.
        response = self.client.post(add_url, self.form_data(recurrence_monthly_by=""))
        self.assertEqual(response.status_code, 302, response.content[:3000])

        response = self.client.post(
            add_url,
            self.form_data(
                slug="agora-mensuelle",
                recurrence="monthly",
                recurrence_monthly_by="",
                recurrence_until="2026-06-30",
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "Pour une répétition chaque mois, choisissez quel jour du mois."
        )

    def test_the_repetition_panel_shows_only_the_settings_that_apply(self):
        html = self.client.get(
            f"/admin/pages/add/agenda/eventpage/{self.index.pk}/"
        ).content.decode()
        self.assertIn('data-controller="w-rules"', html)
        # Each setting's wrapper says for which repetitions Wagtail's rules
        # controller shows it; none is hidden in the HTML (JavaScript off).
        shown_for = {}
        for name, (attributes, _label) in repetition_wrappers(html).items():
            self.assertNotIn("hidden", attributes)
            rule = re.search(r'data-w-rules="([^"]+)"', attributes)
            if rule:
                shown_for[name] = json.loads(unescape(rule.group(1)))["recurrence"]
        self.assertEqual(
            shown_for,
            {
                "recurrence_weekdays": ["weekly"],
                "recurrence_monthly_by": ["monthly"],
                "recurrence_until": ["weekly", "monthly"],
            },
        )

    def test_event_categories_are_managed_as_snippets(self):
        response = self.client.get("/admin/snippets/agenda/eventcategory/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Agora test")
