"""A centre page with the agenda and the projects connected: its next
rendez-vous, its Programme du mois, its calendar feed and its projects."""

import datetime
import re

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from centres.models import PROJECTS_SHOWN
from centres.programme import ProgrammeEntry
from tests.agenda.factories import EventPageFactory, build_agenda
from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory
from tests.projects.factories import ProjectIndexPageFactory, ProjectPageFactory

D = datetime.date
T = datetime.time
DAY = datetime.timedelta(days=1)


class CentreAgendaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_agenda()
        cls.agenda = tree["agenda"]
        centres = CentreIndexPageFactory(parent=tree["home"])
        cls.centre = CentrePageFactory(parent=centres, title="Maison des Ors")
        cls.other = CentrePageFactory(parent=centres, title="Maison Saint-Nicolas")
        today = timezone.localdate()
        EventPageFactory(
            parent=cls.centre,
            title="Atelier couture",
            start_date=today + 2 * DAY,
            place_name="Salle du fond",
        )
        EventPageFactory(
            parent=cls.agenda,
            title="Agora aux Ors",
            start_date=today + 3 * DAY,
            place_page=cls.centre,
        )
        EventPageFactory(
            parent=cls.agenda, title="Agora ailleurs", start_date=today + 3 * DAY
        )
        EventPageFactory(
            parent=cls.other,
            title="Fête à Saint-Nicolas",
            start_date=today + 3 * DAY,
        )
        EventPageFactory(
            parent=cls.centre,
            title="Brouillon des Ors",
            start_date=today + 4 * DAY,
            live=False,
        )
        EventPageFactory(
            parent=cls.centre,
            title="Sortie dans six mois",
            start_date=today + 180 * DAY,
        )
        # March 2026: a weekly workshop held at the centre, one skipped date,
        # and an outing elsewhere filed under the centre.
        EventPageFactory(
            parent=cls.agenda,
            title="Chorale du jeudi",
            start_date=D(2026, 3, 5),
            start_time=T(18, 0),
            recurrence="weekly",
            recurrence_weekdays=["TH"],
            recurrence_until=D(2026, 3, 26),
            exceptions=[D(2026, 3, 19)],
            place_page=cls.centre,
            place_name="",
        )
        EventPageFactory(
            parent=cls.centre,
            title="Sortie au parc",
            start_date=D(2026, 3, 14),
            all_day=True,
            start_time=None,
            end_time=None,
            place_page=cls.other,
        )
        projects = ProjectIndexPageFactory(parent=tree["home"])
        ProjectPageFactory(
            parent=projects,
            title="Jardin partagé",
            organiser_page=cls.centre,
            organiser_name="",
        )
        ProjectPageFactory(
            parent=projects,
            title="Projet en brouillon",
            organiser_page=cls.centre,
            organiser_name="",
            live=False,
        )
        ProjectPageFactory(parent=projects, title="Projet d'une autre structure")
        cls.projects = projects

    def setUp(self):
        translation.activate("fr")
        self.addCleanup(translation.deactivate)

    def test_centre_page_lists_the_events_under_it_or_held_there(self):
        response = self.client.get(self.centre.url)
        titles = [o.event.title for o in response.context["upcoming_events"]]
        self.assertEqual(titles, ["Atelier couture", "Agora aux Ors"])
        self.assertContains(response, "Prochains rendez-vous")
        self.assertContains(response, "Atelier couture")

    def test_a_draft_event_never_appears_on_the_centre_page(self):
        response = self.client.get(self.centre.url)
        self.assertNotContains(response, "Brouillon des Ors")
        self.assertNotContains(response, "Sortie dans six mois")

    def test_centre_page_lists_its_live_projects(self):
        response = self.client.get(self.centre.url)
        self.assertEqual(
            [page.title for page in response.context["projects"]], ["Jardin partagé"]
        )
        self.assertContains(response, "Jardin partagé")
        self.assertNotContains(response, "Projet en brouillon")
        # All of them are shown: no link to the catalogue.
        self.assertNotContains(response, "centre__projects-link")

    def test_centre_page_shows_its_first_projects_and_links_to_them_all(self):
        for number in range(PROJECTS_SHOWN):
            ProjectPageFactory(
                parent=self.projects,
                title=f"Atelier {number}",
                organiser_page=self.centre,
                organiser_name="",
            )
        response = self.client.get(self.centre.url)
        self.assertEqual(
            [page.title for page in response.context["projects"]],
            [f"Atelier {number}" for number in range(PROJECTS_SHOWN)],
        )
        self.assertNotContains(response, "Jardin partagé")
        url = f"{self.projects.url}?structure=Maison+des+Ors"
        link = re.search(
            r'<p class="centre__projects-link"><a href="([^"]+)">([^<]+)</a></p>',
            response.content.decode(),
        )
        self.assertEqual(link[1], url)
        self.assertIn("dans le catalogue (7)", link[2])
        # The catalogue filtered by the centre lists them all.
        catalogue = self.client.get(url)
        titles = [page.title for page in catalogue.context["catalogue"].projects]
        self.assertEqual(len(titles), PROJECTS_SHOWN + 1)
        self.assertIn("Jardin partagé", titles)

    def test_centre_page_links_to_its_calendar_feed(self):
        response = self.client.get(self.centre.url)
        url = f"{self.agenda.url}ical/lieu/{self.centre.pk}/"
        self.assertContains(response, f'href="{url}"')
        feed = self.client.get(url)
        self.assertEqual(feed.status_code, 200)
        self.assertIn(b"Atelier couture", feed.content)
        self.assertNotIn(b"Brouillon des Ors", feed.content)

    def test_month_programme_lists_the_month_occurrences_in_order(self):
        self.assertEqual(
            self.centre.month_programme(2026, 3),
            [
                ProgrammeEntry(D(2026, 3, 5), T(18, 0), "Chorale du jeudi", ""),
                ProgrammeEntry(D(2026, 3, 12), T(18, 0), "Chorale du jeudi", ""),
                ProgrammeEntry(
                    D(2026, 3, 14), None, "Sortie au parc", "Maison Saint-Nicolas"
                ),
                ProgrammeEntry(D(2026, 3, 26), T(18, 0), "Chorale du jeudi", ""),
            ],
        )

    def test_month_programme_says_where_as_the_event_page_does(self):
        # A cancelled evening in a room of the centre, a visit filed under
        # it at a centre not published yet (its name never shown), a stay
        # begun in February.
        draft = CentrePageFactory(
            parent=self.centre.get_parent(), title="Maison en travaux", live=False
        )
        EventPageFactory(
            parent=self.centre,
            title="Loto",
            start_date=D(2026, 3, 20),
            place_page=self.centre,
            place_name="Grande salle",
            is_cancelled=True,
        )
        EventPageFactory(
            parent=self.centre,
            title="Visite du chantier",
            start_date=D(2026, 3, 7),
            start_time=T(10, 0),
            place_page=draft,
            place_name="Chantier",
        )
        EventPageFactory(
            parent=self.agenda,
            title="Séjour neige",
            start_date=D(2026, 2, 27),
            end_date=D(2026, 3, 2),
            all_day=True,
            start_time=None,
            end_time=None,
            place_page=self.centre,
            place_name="",
        )
        entries = self.centre.month_programme(2026, 3)
        self.assertEqual(
            [(entry.date, entry.title, entry.place) for entry in entries],
            [
                (D(2026, 3, 1), "Séjour neige", ""),
                (D(2026, 3, 5), "Chorale du jeudi", ""),
                (D(2026, 3, 7), "Visite du chantier", "Chantier"),
                (D(2026, 3, 12), "Chorale du jeudi", ""),
                (D(2026, 3, 14), "Sortie au parc", "Maison Saint-Nicolas"),
                (D(2026, 3, 20), "Loto", "Grande salle, annulé"),
                (D(2026, 3, 26), "Chorale du jeudi", ""),
            ],
        )

    def test_programme_page_shows_the_events_of_the_month(self):
        response = self.client.get(f"{self.centre.url}programme/2026/3/")
        self.assertContains(response, "Chorale du jeudi", count=3)
        self.assertContains(response, "Sortie au parc")
        self.assertNotContains(response, "Aucun rendez-vous ce mois-ci.")

    def test_centre_page_queries_stay_constant_with_more_events(self):
        def count():
            # The second request: the site cache is filled again after an edit.
            self.client.get(self.centre.url)
            with CaptureQueriesContext(connection) as queries:
                self.client.get(self.centre.url)
            return len(queries)

        count()  # Warms the site and settings caches.
        before = count()
        today = timezone.localdate()
        for number in range(6):
            EventPageFactory(
                parent=self.centre,
                title=f"Encore un atelier {number}",
                start_date=today + (number + 1) * DAY,
            )
            ProjectPageFactory(
                parent=self.projects,
                title=f"Encore un projet {number}",
                organiser_page=self.centre,
                organiser_name="",
            )
        after = count()
        self.assertEqual(after, before)
