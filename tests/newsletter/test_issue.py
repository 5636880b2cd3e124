"""NewsletterPage: the web version, the email rendered from it, and the
admin's preview, test send, send with confirmation and campaign pages."""

from django.contrib.auth.models import Permission
from django.core import mail
from django.test import override_settings
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from newsletter import rendering
from newsletter.models import (
    Campaign,
    Delivery,
    MailingList,
    NewsletterPage,
)
from newsletter.sending import snapshot
from tests.blog.factories import NewsPageFactory
from tests.factories import ImageFactory, build_site_tree
from tests.newsletter.conftest import make_audience
from tests.newsletter.factories import (
    NewsletterIndexPageFactory,
    NewsletterPageFactory,
    make_default_lists,
)


@override_settings(BASE_URL="https://cooperation.example")
class NewsletterIssueTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        # After the tree: the lists are written in its French locale.
        make_default_lists()
        cls.agenda = MailingList.objects.get(slug="agenda")
        cls.image = ImageFactory(description="Des habitants autour d'une table")
        cls.news = NewsPageFactory(
            parent=tree["news"], title="Repair café", image=cls.image
        )
        cls.index = NewsletterIndexPageFactory(parent=tree["home"])
        cls.issue = NewsletterPageFactory(
            parent=cls.index,
            body=[
                ("news", {"heading": "Actualités", "items": [cls.news]}),
                (
                    "highlight",
                    {
                        "heading": "Le projet du mois",
                        "text": "Les jardins partagés des Ors.",
                        "image": cls.image,
                        "page": cls.news,
                    },
                ),
                ("text", RichText('<p>Voir <a href="/agenda/">l\'agenda</a>.</p>')),
                (
                    "call_to_action",
                    {"label": "Nous rejoindre", "page": None, "url": ""},
                ),
            ],
        )
        cls.issue.lists.set([cls.agenda])
        cls.issue.save_revision().publish()
        make_audience(7, cls.agenda)

    def setUp(self):
        self.user = self.login()
        self.user.email = "redaction@example.fr"
        self.user.save()

    def test_archive_lists_the_issues(self):
        response = self.client.get(self.index.url)
        self.assertContains(response, "Lettre de mai")
        self.assertContains(response, self.issue.url)

    def test_email_is_inlined_absolute_with_alt_text_and_a_text_part(self):
        html, text = rendering.render_issue(self.issue)
        self.assertIn('role="presentation"', html)
        self.assertRegex(html, r'<td class="content" style="[^"]*padding')
        self.assertIn("@media only screen", html)
        self.assertIn('alt="Des habitants autour d\'une table"', html)
        self.assertIn('href="https://cooperation.example/agenda/"', html)
        self.assertNotRegex(html, r'(href|src)="/')
        self.assertIn("{{ params.unsubscribe_url }}", html)
        self.assertIn("Fête des voisins", html)
        self.assertIn("Repair café", text)
        self.assertIn("https://cooperation.example" + self.news.url, text)
        self.assertIn("{{ params.unsubscribe_url }}", text)
        self.assertNotIn("<", text)

    def test_admin_previews_html_and_text(self):
        html = self.client.get(f"/admin/newsletter/issue/{self.issue.pk}/preview/")
        self.assertContains(html, "Repair café")
        self.assertNotContains(html, "params.")
        text = self.client.get(f"/admin/newsletter/issue/{self.issue.pk}/preview/text/")
        self.assertEqual(text["Content-Type"], "text/plain; charset=utf-8")
        self.assertContains(text, "Le projet du mois")

    def test_send_a_test_to_me(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/admin/newsletter/issue/{self.issue.pk}/test/", {"addresses": ""}
            )
        self.assertEqual(response.status_code, 302)
        [message] = mail.outbox
        self.assertEqual(message.to, ["redaction@example.fr"])
        self.assertEqual(message.subject, "[Test] La lettre de mai de La Coopération")
        self.assertEqual(message.alternatives[0][1], "text/html")
        self.assertFalse(Campaign.objects.exists())

    def test_send_shows_the_recipient_count_then_sends_on_confirmation(self):
        url = f"/admin/newsletter/issue/{self.issue.pk}/send/"
        response = self.client.get(url)
        self.assertContains(response, "7 personnes")
        self.assertFalse(Campaign.objects.exists())

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                url, {"scheduled_at": "", "lists": [self.agenda.pk]}
            )

        campaign = Campaign.objects.get()
        self.assertRedirects(response, f"/admin/newsletter/campaigns/{campaign.pk}/")
        campaign.refresh_from_db()
        self.assertEqual(campaign.status, Campaign.Status.DONE)
        self.assertEqual(campaign.page_id, self.issue.pk)
        # Without an ESP, one message per person, links filled in.
        self.assertEqual(len(mail.outbox), 7)
        self.assertTrue(all(len(message.to) == 1 for message in mail.outbox))
        self.assertNotIn("params.", mail.outbox[0].body)
        self.assertIn("/desinscription/", mail.outbox[0].body)
        self.assertIn("List-Unsubscribe", mail.outbox[0].extra_headers)
        report = self.client.get(f"/admin/newsletter/campaigns/{campaign.pk}/")
        self.assertContains(report, "7 envoyés sur 7")
        self.assertContains(self.client.get("/admin/newsletter/campaigns/"), "mai")

    def test_schedule_at_a_later_time(self):
        url = f"/admin/newsletter/issue/{self.issue.pk}/send/"
        self.client.post(
            url, {"scheduled_at": "2099-05-01T09:00", "lists": [self.agenda.pk]}
        )
        campaign = Campaign.objects.get()
        self.assertEqual(campaign.status, Campaign.Status.SCHEDULED)
        self.assertEqual(mail.outbox, [])

    def test_sending_needs_the_permission(self):
        editor = self.create_user("redacteur", password="pw")
        editor.user_permissions.add(
            Permission.objects.get(codename="access_admin"),
        )
        self.client.force_login(editor)
        response = self.client.post(
            f"/admin/newsletter/issue/{self.issue.pk}/send/",
            {"scheduled_at": "", "lists": [self.agenda.pk]},
        )
        # Wagtail turns a refusal in its admin into a redirect to the dashboard.
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertFalse(Campaign.objects.exists())

    def test_pause_resume_cancel_and_resend_to_failed(self):
        campaign = Campaign.objects.create(subject="x", status="sending")
        campaign.lists.set([self.agenda])
        snapshot.snapshot_recipients(campaign)
        base = f"/admin/newsletter/campaigns/{campaign.pk}/"

        self.client.post(base + "pause/")
        self.assertEqual(Campaign.objects.get(pk=campaign.pk).status, "paused")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(base + "resume/")
        campaign.refresh_from_db()
        self.assertEqual(campaign.status, "done")
        self.assertEqual(len(mail.outbox), 7)

        first = campaign.deliveries.order_by("pk")[:2]
        Delivery.objects.filter(pk__in=[d.pk for d in first]).update(status="failed")
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(base + "resend-failed/")
        retry = Campaign.objects.get(resend_of=campaign)
        self.assertRedirects(response, f"/admin/newsletter/campaigns/{retry.pk}/")
        self.assertEqual(len(mail.outbox), 2)

        other = Campaign.objects.create(subject="y", status="sending")
        other.lists.set([self.agenda])
        snapshot.snapshot_recipients(other)
        self.client.post(f"/admin/newsletter/campaigns/{other.pk}/cancel/")
        self.assertEqual(Campaign.objects.get(pk=other.pk).status, "cancelled")
        self.assertEqual(other.deliveries.filter(status="cancelled").count(), 7)

    def test_editor_creates_an_issue_in_the_admin(self):
        data = nested_form_data(
            {
                "title": "Lettre de juin",
                "slug": "lettre-de-juin",
                "subject": "La lettre de juin",
                "preheader": "",
                "intro": "Bonjour",
                "body": streamfield(
                    [("text", rich_text("<p>Bel été à toutes et à tous.</p>"))]
                ),
                "action-publish": "publish",
            }
        )
        data["lists"] = [self.agenda.pk]
        response = self.client.post(
            f"/admin/pages/add/newsletter/newsletterpage/{self.index.pk}/", data
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        issue = NewsletterPage.objects.get(slug="lettre-de-juin")
        self.assertEqual(list(issue.lists.all()), [self.agenda])
        self.assertEqual(
            self.client.get(f"/admin/pages/{issue.pk}/edit/").status_code, 200
        )
        self.assertTrue(Page.objects.get(pk=issue.pk).live)

    def test_draft_the_next_issue_with_the_news_since_the_last_one(self):
        fresh = NewsPageFactory(parent=self.news.get_parent(), title="Bal populaire")
        fresh.save_revision().publish()
        url = f"/admin/newsletter/issue/draft-next/{self.index.pk}/"
        page = self.client.get(url)
        self.assertContains(page, "Bal populaire")
        self.assertNotContains(page, "Repair café")

        response = self.client.post(url)

        draft = NewsletterPage.objects.exclude(pk=self.issue.pk).get()
        self.assertRedirects(response, f"/admin/pages/{draft.pk}/edit/")
        self.assertFalse(draft.live)
        self.assertEqual(draft.get_parent().pk, self.index.pk)
        self.assertEqual(list(draft.lists.all()), [self.agenda])
        [block] = draft.body
        self.assertEqual(block.block_type, "news")
        self.assertEqual([item.pk for item in block.value["items"]], [fresh.pk])
