import re

import pytest
from django.test import TestCase
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from agenda.models import EventIndexPage
from blog.models import NewsIndexPage
from centres.models import CentreIndexPage, CentrePage
from home.models import HomeFocusItem, HomePage, StandardPage
from newsletter.models import NewsletterIndexPage
from projects.models import ProjectIndexPage
from tests.factories import StandardPageFactory, build_site_tree


class HomePageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()
        cls.home = cls.tree["home"]
        cls.legal = StandardPageFactory(parent=cls.home, title="Mentions légales")

    def test_home_page_is_routable_renderable_and_previewable(self):
        self.assertPageIsRoutable(self.home)
        self.assertPageIsRenderable(self.home)
        self.assertPageIsPreviewable(self.home)

    def test_standard_page_is_routable_renderable_and_previewable(self):
        self.assertPageIsRoutable(self.legal)
        self.assertPageIsRenderable(self.legal)
        self.assertPageIsPreviewable(
            self.legal,
            post_data=nested_form_data(
                {
                    "title": self.legal.title,
                    "slug": self.legal.slug,
                    "intro": rich_text("<p>Qui publie ce site.</p>"),
                    "body": streamfield(
                        [("paragraph", rich_text("<p>Un paragraphe.</p>"))]
                    ),
                }
            ),
        )

    def test_home_page_lives_only_at_the_root_of_a_locale(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)

    def test_home_page_holds_the_sections(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                StandardPage,
                NewsIndexPage,
                EventIndexPage,
                ProjectIndexPage,
                CentreIndexPage,
                NewsletterIndexPage,
            },
        )

    def test_standard_page_can_nest_under_home_itself_and_a_centre(self):
        self.assertAllowedParentPageTypes(
            StandardPage, {HomePage, StandardPage, CentrePage}
        )
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_only_one_home_page_per_parent(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))


class HomePageAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()

    def setUp(self):
        from django.contrib.auth import get_user_model

        self.user = get_user_model().objects.create_superuser(
            "editrice", "editrice@example.org", "motdepasse-solide"
        )
        self.client.force_login(self.user)

    def test_editor_creates_then_edits_a_standard_page_in_the_admin(self):
        home = self.tree["home"]
        url = f"/admin/pages/add/home/standardpage/{home.pk}/"
        data = nested_form_data(
            {
                "title": "Nous contacter",
                "slug": "nous-contacter",
                "intro": rich_text("<p>Écrivez-nous.</p>"),
                "body": streamfield([]),
                "action-publish": "publish",
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        page = StandardPage.objects.get(slug="nous-contacter")
        self.assertTrue(page.live)

        data["title"] = "Nous écrire"
        response = self.client.post(f"/admin/pages/{page.pk}/edit/", data)
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertEqual(page.title, "Nous écrire")

    def test_editor_edits_the_home_page_hero_and_focus_items(self):
        home = self.tree["home"]
        data = nested_form_data(
            {
                "title": home.title,
                "slug": home.slug,
                "hero_title": "Bienvenue dans vos maisons de quartier",
                "hero_text": "Un texte court.",
                "hero_link_text": "",
                "focus_items": {
                    "TOTAL_FORMS": "1",
                    "INITIAL_FORMS": "0",
                    "MIN_NUM_FORMS": "0",
                    "MAX_NUM_FORMS": "4",
                    "0": {
                        "title": "La conserverie mobile",
                        "text": "Une cuisine sur roues.",
                        "ORDER": "1",
                        "DELETE": "",
                    },
                },
                "action-publish": "publish",
            }
        )
        response = self.client.post(f"/admin/pages/{home.pk}/edit/", data)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        home.refresh_from_db()
        self.assertEqual(home.hero_title, "Bienvenue dans vos maisons de quartier")
        self.assertEqual(
            list(
                HomeFocusItem.objects.filter(home=home).values_list("title", flat=True)
            ),
            ["La conserverie mobile"],
        )
        response = self.client.get("/")
        self.assertContains(response, "La conserverie mobile")


@pytest.mark.django_db
class TestLanguages:
    def test_french_home_answers_at_the_root_with_lang_and_ltr(self, client, site_tree):
        response = client.get("/")
        assert response.status_code == 200
        html = response.content.decode()
        assert '<html lang="fr" dir="ltr">' in html
        assert "Trois maisons de quartier" in html

    def test_arabic_home_answers_under_ar_right_to_left(self, client, site_tree):
        response = client.get("/ar/")
        assert response.status_code == 200
        html = response.content.decode()
        assert '<html lang="ar" dir="rtl">' in html
        assert "ثلاث دور أحياء" in html

    def test_english_home_answers_under_en(self, client, site_tree):
        response = client.get("/en/")
        assert response.status_code == 200
        assert '<html lang="en" dir="ltr">' in response.content.decode()

    def test_language_switcher_links_to_the_translated_page(self, client, site_tree):
        html = client.get("/actualites/").content.decode()
        switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
        assert switcher
        assert 'href="/en/news/"' in switcher.group(0)
        # No Arabic translation of this section: the link goes to the Arabic home.
        assert 'href="/ar/"' in switcher.group(0)

    def test_main_menu_lists_sections_of_the_current_language(self, client, site_tree):
        html = client.get("/en/").content.decode()
        menu = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
        assert 'href="/en/news/"' in menu
        assert 'href="/en/recherche/"' in menu
        assert 'aria-current="page"' in menu

    def test_unpublished_section_is_not_in_the_menu(self, client, site_tree):
        site_tree["news"].unpublish()
        menu = re.search(
            r'<nav class="main-nav".*?</nav>', client.get("/").content.decode(), re.S
        ).group(0)
        assert "/actualites/" not in menu
