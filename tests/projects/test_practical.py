"""« En pratique » at the top of an action sheet: for whom, when, where and
how to take part, and its rendez-vous in the agenda (the conserverie's sheet
links its weekly workshop)."""

import datetime
import re

from django.test import TestCase
from django.utils import timezone

from agenda.recurrence import Recurrence
from cooperation.models import Public
from cooperation.typography import french as typeset
from projects.models import ProjectRelatedPage
from tests.agenda.factories import EventIndexPageFactory, EventPageFactory
from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory
from tests.factories import build_site_tree, french
from tests.projects.factories import (
    ProjectIndexPageFactory,
    ProjectPageFactory,
    audience,
)

DAY = datetime.timedelta(days=1)


def practical_block(response):
    """The « En pratique » section's HTML, or None."""
    found = re.search(
        r'<section class="project-practical".*?</section>',
        response.content.decode(),
        re.S,
    )
    return found[0] if found else None


class PracticalBlockTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        home = tree["home"]
        agenda = EventIndexPageFactory(parent=home, locale=french())
        centres = CentreIndexPageFactory(parent=home)
        cls.centre = CentrePageFactory(
            parent=centres, title="Maison de quartier des Ors", street="2 rue Dupuis"
        )
        cls.index = ProjectIndexPageFactory(parent=home)
        today = timezone.localdate()
        wednesday = today + ((2 - today.weekday()) % 7 or 7) * DAY
        cls.workshop = EventPageFactory(
            parent=agenda,
            title="Atelier conserverie",
            start_date=wednesday,
            start_time=datetime.time(14, 0),
            end_time=datetime.time(17, 0),
            recurrence=Recurrence.WEEKLY,
            recurrence_weekdays=["WE"],
            recurrence_until=today + 90 * DAY,
            place_page=cls.centre,
            place_name="",
        )
        cls.sheet = ProjectPageFactory(
            parent=cls.index,
            title="Conserverie mobile et solidaire",
            organiser_page=cls.centre,
            organiser_name="",
            audiences=[audience(Public.FAMILIES)],
            practical_when="Le mercredi après-midi",
            how_to_take_part="Venez avec vos fruits et légumes, sans inscription.",
        )
        ProjectRelatedPage.objects.create(project=cls.sheet, page=cls.workshop)

    def test_the_sheet_leads_with_en_pratique_before_the_essentials(self):
        html = self.client.get(self.sheet.url).content.decode()
        self.assertLess(html.index("En pratique"), html.index("L’essentiel"))
        self.assertLess(html.index("En pratique"), html.index("Résumé"))

    def test_en_pratique_says_for_whom_when_where_and_how(self):
        block = practical_block(self.client.get(self.sheet.url))
        for term in ("Pour qui", "Quand", "Où", "Comment participer"):
            self.assertIn(f"<dt>{term}</dt>", block)
        self.assertIn("<li>Familles</li>", block)
        self.assertIn("Le mercredi après-midi", block)
        self.assertIn("sans inscription.", block)
        # Where: the organising centre, linked, with its address and phone.
        self.assertIn(f'<a href="{self.centre.url}">', block)
        self.assertIn("2 rue Dupuis", block)
        self.assertIn("26100 Romans-sur-Isère", block)
        self.assertIn('href="tel:0475000000"', block)

    def test_en_pratique_links_the_weekly_workshop_with_its_rule_and_next_date(self):
        response = self.client.get(self.sheet.url)
        block = practical_block(response)
        self.assertIn(f'<a href="{self.workshop.url}">Atelier conserverie</a>', block)
        self.assertIn(typeset(self.workshop.recurrence_description()), block)
        occurrence = self.workshop.next_occurrences(1)[0]
        self.assertIn(f'<time datetime="{occurrence.start_iso}">', block)
        # Its place, from the agenda: the centre it is held at.
        self.assertIn("project-activities__where", block)

    def test_a_place_of_its_own_replaces_the_organiser_address(self):
        sheet = ProjectPageFactory(
            parent=self.index,
            organiser_page=self.centre,
            organiser_name="",
            practical_where="Jardin de l'espace Chopin",
        )
        block = practical_block(self.client.get(sheet.url))
        self.assertIn("Jardin de l", block)
        self.assertNotIn("2 rue Dupuis", block)

    def test_a_sheet_with_nothing_practical_has_no_empty_block(self):
        sheet = ProjectPageFactory(
            parent=self.index, organiser_name="Centre social ailleurs", audiences=[]
        )
        response = self.client.get(sheet.url)
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(practical_block(response))

    def test_a_draft_centre_gives_no_address(self):
        self.centre.unpublish()
        sheet = ProjectPageFactory(
            parent=self.index,
            organiser_page=self.centre,
            organiser_name="",
            audiences=[],
        )
        self.assertIsNone(practical_block(self.client.get(sheet.url)))
