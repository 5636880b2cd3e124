"""The home page: its hero and focus items through the admin, and the three
languages (the contract every page type keeps is in tests/test_page_types.py)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from wagtail.test.utils.form_data import nested_form_data

from home.models import HomeFocusItem
from tests.factories import build_site_tree


class HomePageAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()

    def setUp(self):
        self.user = get_user_model().objects.create_superuser(
            "editrice", "editrice@example.org", "motdepasse-solide"
        )
        self.client.force_login(self.user)

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
