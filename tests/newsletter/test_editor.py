"""The newsletter for an editor: a test to a few addresses, the email
preview, sending an issue that is not public yet, one campaign in each
subscriber's language, the issues listed in the Newsletter menu."""

from django.contrib.auth.models import Permission
from django.core import mail
from django.test import override_settings
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from newsletter.models import Campaign, MailingList, NewsletterPage
from tests.factories import build_site_tree
from tests.newsletter.conftest import make_audience
from tests.newsletter.factories import (
    NewsletterIndexPageFactory,
    NewsletterPageFactory,
    draft_translation,
    make_default_lists,
)


@override_settings(BASE_URL="https://cooperation.example")
class EditorTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        make_default_lists()
        tree = build_site_tree()
        cls.agenda = MailingList.objects.get(slug="agenda")
        cls.other = MailingList.objects.exclude(pk=cls.agenda.pk).first()
        cls.index = NewsletterIndexPageFactory(parent=tree["home"])
        cls.index.save_revision().publish()
        cls.issue = NewsletterPageFactory(parent=cls.index, live=False)
        cls.issue.lists.set([cls.agenda])
        cls.issue.save_revision()
        cls.french = make_audience(3, cls.agenda, prefix="fr")
        cls.english = make_audience(2, cls.agenda, prefix="en")
        cls.arabic = make_audience(1, cls.agenda, prefix="ar")
        for people, language in ((cls.english, "en"), (cls.arabic, "ar")):
            for person in people:
                person.language = language
                person.save()

    def setUp(self):
        self.user = self.login()
        self.user.email = "redaction@example.fr"
        self.user.save()

    def post_test(self, addresses):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                f"/admin/newsletter/issue/{self.issue.pk}/test/",
                {"addresses": addresses},
            )

    def send(self, **data):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                f"/admin/newsletter/issue/{self.issue.pk}/send/",
                {"scheduled_at": "", "publish_at": "", **data},
            )

    # The editor's menu, next to Save and Publish

    def test_issue_editor_offers_preview_test_and_send_beside_publish(self):
        response = self.client.get(f"/admin/pages/{self.issue.pk}/edit/")
        self.assertContains(response, "Aperçu du courriel")
        self.assertContains(
            response,
            f'href="/admin/newsletter/issue/{self.issue.pk}/preview/" target="_blank"',
        )
        self.assertContains(response, "Envoyer un test")
        self.assertContains(
            response, f'href="/admin/newsletter/issue/{self.issue.pk}/test/"'
        )
        self.assertContains(response, "Envoyer la lettre")

    def test_other_pages_do_not_offer_them(self):
        response = self.client.get(f"/admin/pages/{self.index.pk}/edit/")
        self.assertNotContains(response, "Envoyer un test")

    def test_email_preview_mode_shows_the_edited_email(self):
        url = f"/admin/pages/{self.issue.pk}/edit/preview/"
        data = {
            "title": "Lettre de mai",
            "slug": "lettre-de-mai",
            "subject": "Objet en cours d'écriture",
            "preheader": "",
            "intro": "Une introduction pas encore enregistrée",
            "lists": [self.agenda.pk],
            "body-count": "0",
        }
        self.assertEqual(self.client.post(url, data).json()["is_valid"], True)
        email = self.client.get(url + "?mode=email")
        self.assertContains(email, "Une introduction pas encore enregistrée")
        self.assertContains(email, 'role="presentation"')
        self.assertNotContains(email, "params.")
        text = self.client.get(url + "?mode=email-text")
        self.assertEqual(text["Content-Type"], "text/plain; charset=utf-8")

    # A test

    def test_test_goes_to_the_addresses_typed_one_message_each(self):
        response = self.post_test("Ana@example.fr, bob@example.org\nana@example.fr")
        self.assertRedirects(response, f"/admin/pages/{self.issue.pk}/edit/")
        self.assertEqual(
            [message.to for message in mail.outbox],
            [["ana@example.fr"], ["bob@example.org"]],
        )
        message = mail.outbox[0]
        self.assertTrue(message.subject.startswith("[Test] "))
        # Harmless links: the sign-up page, never someone's unsubscribe link,
        # and the archive while the issue itself is not public.
        self.assertIn("https://cooperation.example/newsletter/", message.body)
        self.assertIn(
            "navigateur : https://cooperation.example/lettre/\n", message.body
        )
        self.assertNotIn("params.", message.body)
        self.assertFalse(Campaign.objects.exists())

    def test_test_refuses_more_than_five_or_invalid_addresses(self):
        six = ", ".join(f"p{n}@example.fr" for n in range(6))
        response = self.post_test(six)
        self.assertContains(response, "Cinq adresses au plus")
        response = self.post_test("ana@example.fr, pas-une-adresse")
        self.assertContains(response, "Adresse non valide : pas-une-adresse")
        self.assertEqual(mail.outbox, [])

    def test_test_of_a_draft_shows_the_draft(self):
        draft = self.issue.get_latest_revision_as_object()
        draft.subject = "Le brouillon du jour"
        draft.save_revision()
        self.post_test("")
        [message] = mail.outbox
        self.assertEqual(message.subject, "[Test] Le brouillon du jour")
        self.assertEqual(message.to, ["redaction@example.fr"])

    # Sending a draft, in each person's language

    def test_lists_are_checkboxes_with_their_subscriber_counts(self):
        response = self.client.get(f"/admin/newsletter/issue/{self.issue.pk}/send/")
        self.assertContains(
            response, 'type="checkbox"', count=MailingList.objects.count()
        )
        self.assertContains(response, f"{self.agenda.name} (6 abonné·es)")
        self.assertContains(response, "6 personnes")
        self.assertContains(response, "pas encore publié")

    def test_a_list_must_be_chosen(self):
        response = self.send()
        self.assertContains(response, "Choisissez au moins une liste.")
        self.assertFalse(Campaign.objects.exists())

    def test_draft_is_not_public_until_its_sending_starts(self):
        self.assertEqual(self.client.get("/lettre/lettre-de-mai/").status_code, 404)
        self.assertNotContains(self.client.get("/lettre/"), "Lettre de mai")

        self.send(lists=[self.agenda.pk])

        campaign = Campaign.objects.get()
        self.assertEqual(campaign.status, Campaign.Status.DONE)
        self.assertTrue(Page.objects.get(pk=self.issue.pk).live)
        self.client.logout()
        self.assertContains(self.client.get("/lettre/"), "Lettre de mai")
        self.assertEqual(self.client.get("/lettre/lettre-de-mai/").status_code, 200)

    def test_a_scheduled_send_publishes_when_it_starts(self):
        self.send(lists=[self.agenda.pk], scheduled_at="2099-05-01T09:00")
        campaign = Campaign.objects.get()
        self.assertEqual(campaign.status, Campaign.Status.SCHEDULED)
        self.assertFalse(Page.objects.get(pk=self.issue.pk).live)

    def test_the_editor_may_choose_when_it_enters_the_archive(self):
        self.send(lists=[self.agenda.pk], publish_at="2099-06-01T09:00")
        self.assertEqual(Campaign.objects.get().status, Campaign.Status.DONE)
        page = Page.objects.get(pk=self.issue.pk)
        self.assertFalse(page.live)
        self.assertEqual(page.get_latest_revision().approved_go_live_at.year, 2099)

    def test_each_person_gets_their_language_or_french_in_one_campaign(self):
        english = draft_translation(
            NewsletterPage.objects.get(pk=self.issue.pk),
            "en",
            title="May letter",
            slug="may-letter",
            subject="The May letter",
            intro="Hello everyone,",
        )
        self.send(lists=[self.agenda.pk])

        campaign = Campaign.objects.get()
        self.assertEqual(sorted(campaign.translations), ["en"])
        subjects = {message.to[0]: message.subject for message in mail.outbox}
        self.assertEqual(len(subjects), 6)
        for person in self.english:
            self.assertEqual(subjects[person.email], "The May letter")
        for person in [*self.french, *self.arabic]:
            self.assertEqual(
                subjects[person.email], "La lettre de mai de La Coopération"
            )
        english_body = next(
            m.body for m in mail.outbox if m.to[0] == self.english[0].email
        )
        self.assertIn("Hello everyone,", english_body)
        # Both versions enter their archives as the sending starts.
        self.assertTrue(Page.objects.get(pk=english.pk).live)

        report = self.client.get(f"/admin/newsletter/campaigns/{campaign.pk}/")
        rows = {
            row["language"]: (row["total"], row["sent"])
            for row in report.context["progress"]["by_language"]
        }
        self.assertEqual(rows, {"fr": (4, 4), "en": (2, 2)})
        self.assertContains(report, "English")

    def test_sending_needs_the_permission_even_for_a_draft(self):
        editor = self.create_user("redacteur", password="pw")
        editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(editor)
        self.send(lists=[self.agenda.pk])
        self.assertFalse(Campaign.objects.exists())
        self.assertFalse(Page.objects.get(pk=self.issue.pk).live)

    # The Newsletter menu

    def test_issues_are_listed_with_their_campaign_and_a_new_issue_button(self):
        self.send(lists=[self.agenda.pk], scheduled_at="2099-05-01T09:00")
        response = self.client.get("/admin/newsletter_issues/")
        self.assertContains(response, "Lettre de mai")
        self.assertContains(response, "Programmée")
        self.assertContains(response, "Nouveau numéro")
        self.assertContains(
            response, f"/admin/pages/add/newsletter/newsletterpage/{self.index.pk}/"
        )
        menu = self.client.get("/admin/")
        self.assertContains(menu, "/admin/newsletter_issues/")

    def test_the_issue_list_needs_the_newsletter_permission(self):
        editor = self.create_user("redacteur", password="pw")
        editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(editor)
        response = self.client.get("/admin/newsletter_issues/")
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertNotContains(self.client.get("/admin/"), "/admin/newsletter_issues/")

    def test_the_campaigns_list_starts_a_campaign_from_an_issue(self):
        response = self.client.get("/admin/newsletter/campaigns/")
        self.assertContains(response, "Nouvelle campagne")
        response = self.client.get(
            "/admin/newsletter/campaigns/", {"issue": self.issue.pk}
        )
        self.assertRedirects(response, f"/admin/newsletter/issue/{self.issue.pk}/send/")
        response = self.client.get("/admin/newsletter/campaigns/", {"issue": "x"})
        self.assertEqual(response.status_code, 200)
