"""wagtail-localize's translation screen, as a French editor sees it."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

from tests.blog.factories import NewsPageFactory
from tests.factories import build_site_tree

pytestmark = pytest.mark.browser

PASSWORD = "mot-de-passe-de-test-1"


@pytest.mark.django_db(transaction=True)
def test_the_translation_screen_speaks_french(site_server, page_for):
    tree = build_site_tree()
    news = NewsPageFactory(parent=tree["news"], title="Fête des voisins")
    translate_object(news, [Locale.objects.get(language_code="en")])
    english = news.get_translation(Locale.objects.get(language_code="en"))
    assert not english.live
    get_user_model().objects.create_superuser("redaction", "r@example.org", PASSWORD)

    page = page_for({"width": 1280, "height": 900})
    page.goto(f"{site_server.url}/admin/login/")
    page.fill("#id_username", "redaction")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site_server.url}/admin/")
    page.goto(f"{site_server.url}/admin/pages/{english.pk}/edit/")

    publish = page.get_by_role("button", name="Publier : Anglais")
    publish.wait_for()
    # The button's name for screen readers, which wagtail-localize writes in
    # English (cooperation/static/cooperation/admin/translation_screen.js).
    toggles = page.locator(".js-translation-editor .w-dropdown__toggle .w-sr-only")
    expect(toggles.first).to_have_text("Plus d'actions")
    assert "More actions" not in toggles.all_text_contents()
