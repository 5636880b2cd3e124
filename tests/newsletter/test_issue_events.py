"""The agenda sections of an issue: chosen events and the coming weeks'
events, in the web version, the HTML email and its text part."""

import datetime

from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from newsletter import actions, rendering
from newsletter.models import NewsletterPage
from tests.agenda.factories import EventPageFactory, build_agenda
from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory
from tests.factories import ImageFactory, translate
from tests.newsletter.factories import (
    NewsletterIndexPageFactory,
    NewsletterPageFactory,
)

DAY = datetime.timedelta(days=1)


@override_settings(BASE_URL="https://cooperation.example")
class IssueEventSectionsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_agenda()
        agenda = tree["agenda"]
        centres = CentreIndexPageFactory(parent=tree["home"])
        cls.centre = CentrePageFactory(parent=centres, title="Maison des Ors")
        cls.today = timezone.localdate()
        image = ImageFactory(description="Des tables de pique-nique au soleil")
        cls.picnic = EventPageFactory(
            parent=agenda,
            title="Pique-nique du quartier",
            start_date=cls.today + 5 * DAY,
            image=image,
        )
        cls.sewing = EventPageFactory(
            parent=cls.centre,
            title="Atelier couture aux Ors",
            start_date=cls.today + 10 * DAY,
        )
        cls.later = EventPageFactory(
            parent=agenda,
            title="Bal de l'automne",
            start_date=cls.today + 60 * DAY,
        )
        cls.draft = EventPageFactory(
            parent=agenda,
            title="Brouillon à ne pas montrer",
            start_date=cls.today + 2 * DAY,
            live=False,
        )
        cls.private = EventPageFactory(
            parent=agenda,
            title="Réservé au conseil",
            start_date=cls.today + 2 * DAY,
        )
        PageViewRestriction.objects.create(
            page=cls.private,
            restriction_type=PageViewRestriction.PASSWORD,
            password="secret",
        )
        index = NewsletterIndexPageFactory(parent=tree["home"])
        cls.issue = NewsletterPageFactory(
            parent=index,
            body=[
                ("chosen_events", [cls.picnic, cls.draft, cls.private, cls.later]),
                ("next_events", {"title": "Ce mois-ci", "weeks": 4, "centre": None}),
                (
                    "next_events",
                    {"title": "Aux Ors", "weeks": 4, "centre": cls.centre},
                ),
            ],
        )
        cls.issue.save_revision().publish()

    def test_email_html_and_text_show_both_sections(self):
        html, text = rendering.render_issue(self.issue)
        self.assertIn("À ne pas manquer", html)
        self.assertIn("Pique-nique du quartier", html)
        self.assertIn("Bal de l'automne", html)
        self.assertIn('alt="Des tables de pique-nique au soleil"', html)
        self.assertIn(f'href="https://cooperation.example{self.picnic.url}"', html)
        self.assertNotRegex(html, r'(href|src)="/')
        self.assertIn("Ce mois-ci", html)
        self.assertIn("Atelier couture aux Ors", html)
        self.assertIn('role="presentation"', html)

        self.assertIn("== À ne pas manquer ==", text)
        self.assertIn("== Ce mois-ci ==", text)
        self.assertIn("== Aux Ors ==", text)
        self.assertIn("Pique-nique du quartier", text)
        self.assertIn("https://cooperation.example" + self.sewing.url, text)
        self.assertNotIn("<", text)

    def test_an_english_issue_shows_translations_and_marks_french_events(self):
        """As the listings do: an event's English translation when there is
        one, else the French event, its title marked lang="fr" and « in
        French » said in English, in both blocks and in the text part."""
        translate(self.picnic, "en", title="Neighbourhood picnic")
        english = translate(self.issue, "en", title="Newsletter")
        html, text = rendering.render_issue(english)
        self.assertIn("Neighbourhood picnic", html)
        self.assertNotIn("Pique-nique du quartier", html)
        self.assertNotRegex(html, r'lang="fr"[^>]*>Neighbourhood picnic')
        self.assertRegex(
            html,
            r'<h3[^>]*><a href="[^"]+" lang="fr"[^>]*>Bal de l.{1,6}automne</a></h3>\s*'
            r'<p class="language"[^>]*>in French</p>',
        )
        self.assertRegex(
            html,
            r'lang="fr"[^>]*>Atelier couture aux Ors</a> '
            r'<span class="language"[^>]*>\(in French\)</span>',
        )
        self.assertIn("* Bal de l'automne (in French)", text)
        self.assertIn(": Atelier couture aux Ors (in French)", text)
        self.assertNotIn("Neighbourhood picnic (in French)", text)

    def test_drafts_and_private_events_are_never_included(self):
        html, text = rendering.render_issue(self.issue)
        web = self.client.get(self.issue.url).content.decode()
        for body in (html, text, web):
            self.assertNotIn("Brouillon à ne pas montrer", body)
            self.assertNotIn("Réservé au conseil", body)

    def test_next_events_cover_the_weeks_and_the_centre(self):
        _html, text = rendering.render_issue(self.issue)
        month = text.split("== Ce mois-ci ==")[1].split("== Aux Ors ==")[0]
        ors = text.split("== Aux Ors ==")[1]
        self.assertIn("Pique-nique du quartier", month)
        self.assertIn("Atelier couture aux Ors", month)
        self.assertNotIn("Bal de l'automne", month)
        self.assertIn("Atelier couture aux Ors", ors)
        self.assertNotIn("Pique-nique du quartier", ors)

    def test_next_events_start_from_the_send_date(self):
        _html, text = rendering.render_issue(
            self.issue, send_date=self.today + 40 * DAY
        )
        month = text.split("== Ce mois-ci ==")[1].split("== Aux Ors ==")[0]
        self.assertIn("Bal de l'automne", month)
        self.assertNotIn("Pique-nique du quartier", month)

    def test_web_version_shows_both_sections(self):
        response = self.client.get(self.issue.url)
        self.assertContains(response, "À ne pas manquer")
        self.assertContains(response, "Pique-nique du quartier")
        self.assertContains(response, "Ce mois-ci")
        self.assertContains(response, "Atelier couture aux Ors")

    def test_a_scheduled_campaign_lists_the_weeks_after_its_send_date(self):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user("redaction")
        moment = timezone.now() + 40 * DAY
        campaign = actions.campaign_for_issue(self.issue, user, scheduled_at=moment)
        month = campaign.text_body.split("== Ce mois-ci ==")[1]
        self.assertIn("Bal de l'automne", month.split("== Aux Ors ==")[0])
        self.assertEqual(self.issue.send_date(), timezone.localdate(moment))


class DraftNextIssueEventsTests(TestCase):
    def test_draft_pre_fills_the_events_published_since_the_last_issue(self):
        from django.contrib.auth import get_user_model

        tree = build_agenda()
        index = NewsletterIndexPageFactory(parent=tree["home"])
        today = timezone.localdate()
        event = EventPageFactory(
            parent=tree["agenda"], title="Fête des voisins", start_date=today + 7 * DAY
        )
        event.save_revision().publish()
        EventPageFactory(
            parent=tree["agenda"],
            title="Brouillon",
            start_date=today + 7 * DAY,
            live=False,
        )
        user = get_user_model().objects.create_superuser(
            "redaction", "redaction@example.fr", "pw"
        )
        self.client.force_login(user)
        url = f"/admin/newsletter/issue/draft-next/{index.pk}/"
        self.assertContains(self.client.get(url), "Fête des voisins")

        self.client.post(url)

        draft = NewsletterPage.objects.get()
        [block] = [b for b in draft.body if b.block_type == "chosen_events"]
        self.assertEqual([page.pk for page in block.value], [event.pk])
