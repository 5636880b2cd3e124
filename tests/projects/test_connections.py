"""An action sheet connected to the other apps: its organising centre is
chosen among the maisons de quartier, and it lists related news and events."""

import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from projects.models import ProjectPage, ProjectRelatedPage
from tests.agenda.factories import EventIndexPageFactory, EventPageFactory
from tests.blog.factories import NewsPageFactory
from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory
from tests.factories import build_site_tree, french
from tests.projects.factories import ProjectIndexPageFactory, ProjectPageFactory

DAY = datetime.timedelta(days=1)


def panel(panels, name):
    for item in panels:
        if getattr(item, "field_name", None) == name:
            return item
        found = panel(getattr(item, "children", []), name)
        if found:
            return found
    return None


class ProjectConnectionsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        home = tree["home"]
        agenda = EventIndexPageFactory(parent=home, locale=french())
        centres = CentreIndexPageFactory(parent=home)
        cls.centre = CentrePageFactory(parent=centres, title="Maison des Ors")
        index = ProjectIndexPageFactory(parent=home)
        cls.project = ProjectPageFactory(
            parent=index,
            title="Jardin partagé",
            organiser_page=cls.centre,
            organiser_name="",
        )
        today = timezone.localdate()
        cls.news = NewsPageFactory(parent=tree["news"], title="Le jardin fleurit")
        cls.event = EventPageFactory(
            parent=agenda, title="Plantation d'automne", start_date=today + 3 * DAY
        )
        cls.centre_event = EventPageFactory(
            parent=cls.centre, title="Récolte aux Ors", start_date=today + 9 * DAY
        )
        cls.draft_event = EventPageFactory(
            parent=agenda, title="Brouillon jardin", start_date=today, live=False
        )
        for page in (cls.news, cls.event, cls.centre_event, cls.draft_event):
            ProjectRelatedPage.objects.create(project=cls.project, page=page)

    def test_sheet_lists_related_events_next_to_related_news(self):
        response = self.client.get(self.project.url)
        self.assertContains(response, "Actualités liées")
        self.assertContains(response, "Ses rendez-vous")
        self.assertContains(response, f'<a href="{self.event.url}">')
        self.assertContains(response, f'<a href="{self.centre_event.url}">')
        self.assertEqual(
            [event.title for event, _ in response.context["related_events"]],
            ["Plantation d'automne", "Récolte aux Ors"],
        )
        self.assertEqual(
            [page.title for page in response.context["related_news"]],
            ["Le jardin fleurit"],
        )

    def test_a_draft_event_is_never_listed_on_the_sheet(self):
        response = self.client.get(self.project.url)
        self.assertNotContains(response, "Brouillon jardin")

    def test_no_related_events_heading_without_a_live_event(self):
        self.event.unpublish()
        self.centre_event.unpublish()
        response = self.client.get(self.project.url)
        self.assertNotContains(response, "Ses rendez-vous")
        self.assertContains(response, "Actualités liées")

    def test_related_page_chooser_accepts_news_and_events(self):
        chooser, owner = ProjectRelatedPage.panels[0], ProjectRelatedPage
        widget = chooser.bind_to_model(owner).get_form_options()["widgets"]["page"]
        self.assertEqual(
            {model._meta.label for model in widget.target_models},
            {"blog.NewsPage", "agenda.EventPage"},
        )

    def test_organiser_chooser_offers_only_centres(self):
        chooser = panel(ProjectPage.content_panels, "organiser_page")
        owner = ProjectPage
        options = chooser.bind_to_model(owner).get_form_options()
        widget = options["widgets"]["organiser_page"]
        self.assertEqual(
            [model._meta.label for model in widget.target_models],
            ["centres.CentrePage"],
        )

    def test_edit_form_of_the_sheet_loads_with_the_limited_choosers(self):
        admin = get_user_model().objects.create_superuser(
            "admin", "admin@example.org", "pw"
        )
        self.client.force_login(admin)
        response = self.client.get(f"/admin/pages/{self.project.pk}/edit/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "centres.centrepage")
