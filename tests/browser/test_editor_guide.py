"""The screenshots of the editors' guide (docs/guide-editeur.md), taken in
the admin as an editor sees it: running this test makes them again in
docs/guide-editeur/, where they are committed."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from cooperation.guide import screenshots_dir
from tests.agenda.factories import EventPageFactory, add_agenda
from tests.blog.factories import NewsPageFactory
from tests.factories import ImageFactory, build_site_tree
from tests.projects.factories import ProjectIndexPageFactory, ProjectPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZE = {"width": 1280, "height": 800}
PASSWORD = "mot-de-passe-du-guide"


def build_guide_site():
    tree = add_agenda(build_site_tree())
    image = ImageFactory(title="Jardin partagé")
    news = NewsPageFactory(
        parent=tree["news"],
        title="Le jardin partagé de la Monnaie fête ses dix ans",
        date=None,
        image=image,
    )
    event = EventPageFactory(
        parent=tree["agenda"],
        title="Atelier couture",
        recurrence="weekly",
        recurrence_weekdays=["TU"],
        start_date=datetime.date(2026, 3, 3),
        recurrence_until=datetime.date(2026, 6, 30),
    )
    projects = ProjectIndexPageFactory(parent=tree["home"])
    project = ProjectPageFactory(parent=projects, title="Repas interculturels")
    get_user_model().objects.create_superuser(
        "camille", "camille@example.org", PASSWORD, first_name="Camille"
    )
    return {
        "news": news,
        "event": event,
        "project": project,
        "image": image,
    }


def shoot(page, name):
    page.screenshot(path=str(screenshots_dir() / f"{name}.png"))


def test_the_guide_screenshots_are_taken_in_the_admin(live_server, browser):
    site = build_guide_site()
    screenshots_dir().mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=SIZE, locale="fr-FR")
    page = context.new_page()
    # No map tiles from the network in tests: the map works without them.
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.locator("#id_username").fill("camille")
        page.locator("#id_password").fill(PASSWORD)
        # The form alone: the page's coloured background weighs more than it says.
        page.locator("main").screenshot(path=str(screenshots_dir() / "connexion.png"))
        page.get_by_role("button", name="S'identifier").click()
        page.wait_for_url(f"{live_server.url}/admin/")
        shoot(page, "tableau-de-bord")

        page.goto(f"{live_server.url}/admin/pages/{site['news'].pk}/edit/")
        page.get_by_label("Date affichée").scroll_into_view_if_needed()
        shoot(page, "actualite")

        page.goto(f"{live_server.url}/admin/pages/{site['event'].pk}/edit/")
        weekdays = page.locator("#id_recurrence_weekdays")
        monthly = page.locator("#id_recurrence_monthly_by")
        # Wagtail's rules controller shows only the chosen repetition's settings.
        weekdays.scroll_into_view_if_needed()
        assert weekdays.is_visible()
        assert not monthly.is_visible()
        shoot(page, "evenement-repetition")
        page.get_by_label("Chaque mois").check()
        monthly.wait_for(state="visible")
        assert not weekdays.is_visible()

        # The place's point: a click on the map writes both numbers.
        page.locator("#id_latitude").fill("")
        page.locator("#id_longitude").fill("")
        place_map = page.locator("[data-map-point]")
        place_map.scroll_into_view_if_needed()
        place_map.wait_for(state="visible")
        place_map.click(position={"x": 200, "y": 120})
        latitude = float(page.locator("#id_latitude").input_value())
        longitude = float(page.locator("#id_longitude").input_value())
        assert abs(latitude - 45.04) < 0.05
        assert abs(longitude - 5.05) < 0.05
        page.mouse.wheel(0, -250)
        shoot(page, "lieu-carte")

        page.goto(f"{live_server.url}/admin/pages/{site['project'].pk}/edit/")
        shoot(page, "fiche-projet")

        page.goto(f"{live_server.url}/admin/images/{site['image'].pk}/")
        page.get_by_label("Texte alternatif").scroll_into_view_if_needed()
        shoot(page, "image")

        page.goto(f"{live_server.url}/admin/guide/")
        assert page.locator("h1").first.inner_text() == "Guide de l'éditeur"
        for image in page.locator(".editor-guide img").all():
            assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    finally:
        context.close()
