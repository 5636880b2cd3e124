"""The catalogue and a sheet in headless Chromium: no axe-core violation on a
phone and on a desktop, cards on a phone and the table on a desktop (which
scrolls inside its own region when it does not fit), and the filters work
with JavaScript off."""

import datetime

import pytest
from wagtail.rich_text import RichText

from agenda.recurrence import Recurrence
from projects.models import ProjectRelatedPage
from tests.agenda.factories import EventIndexPageFactory, EventPageFactory
from tests.browser_fixtures import check_accessibility, shared_by_module
from tests.factories import build_site_tree, french
from tests.helpers import wait_for
from tests.projects.factories import (
    DimensionFactory,
    KeywordFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    audience,
)

pytestmark = pytest.mark.browser


def build_catalogue():
    tree = build_site_tree()
    index = ProjectIndexPageFactory(parent=tree["home"])
    citizenship = DimensionFactory(name="Citoyenneté", slug="citoyennete")
    services = DimensionFactory(name="Services", slug="services")
    solidarity = KeywordFactory(name="Solidarité", slug="solidarite")
    sheet = ProjectPageFactory(
        parent=index,
        title="Réveillon solidaire de Saint-Nicolas",
        organiser_name="Maison de quartier Saint-Nicolas",
        dimension=citizenship,
        keywords=[solidarity],
        audiences=[audience("seniors"), audience("familles")],
        initiators=["groupe-habitants"],
        territory="un-quartier",
        description=RichText("<p>Un repas de fin d'année pour ne pas rester seul.</p>"),
        results_residents=RichText("<p>Des voisins qui se connaissent.</p>"),
        volunteers_count=15,
        practical_when="Le 31 décembre au soir",
        practical_where="Salle des fêtes de Saint-Nicolas",
        how_to_take_part="Inscription à l'accueil de la maison de quartier.",
    )
    # « En pratique » lists its rendez-vous, a weekly one with its rule.
    agenda = EventIndexPageFactory(parent=tree["home"], locale=french())
    today = datetime.date.today()
    ProjectRelatedPage.objects.create(
        project=sheet,
        page=EventPageFactory(
            parent=agenda,
            title="Préparation du réveillon",
            start_date=today + datetime.timedelta(days=(3 - today.weekday()) % 7 or 7),
            recurrence=Recurrence.WEEKLY,
            recurrence_weekdays=["TH"],
            recurrence_until=today + datetime.timedelta(days=60),
        ),
    )
    ProjectPageFactory(
        parent=index,
        title="Bourse aux jouets",
        organiser_name="MPT Centre-ville",
        year_started=2017,
        dimension=services,
    )
    return index, sheet


catalogue = shared_by_module(build_catalogue)


def test_catalogue_and_sheet_have_no_axe_violation(
    site_server, catalogue, page_for, viewport
):
    index, sheet = catalogue
    name, size = viewport
    page = page_for(size)
    response = page.goto(f"{site_server.url}{index.url}")
    assert response.status == 200
    check_accessibility(page, f"projects-catalogue-{name}")
    response = page.goto(f"{site_server.url}{sheet.url}")
    assert response.status == 200
    check_accessibility(page, f"projects-sheet-{name}")


def test_catalogue_is_cards_on_a_phone_and_a_table_on_a_desktop(
    site_server, catalogue, page_for
):
    """One markup: the table's rows are cards on a phone (its header row
    hidden, the sort links shown), the table from 48rem."""
    index, _sheet = catalogue
    page = page_for({"width": 375, "height": 812})
    page.goto(f"{site_server.url}{index.url}")
    rows = page.locator(".project-table tbody tr")
    assert rows.count() == 2
    assert rows.first.is_visible()
    assert rows.first.locator(".project-table__summary").is_visible()
    assert not page.locator(".project-table thead").is_visible()
    assert page.locator(".project-sort").is_visible()
    # A card: its title, then its summary, then structure, département, year.
    title, summary, structure = (
        rows.first.locator(selector).bounding_box()
        for selector in ("th > a", ".project-table__summary", "td >> nth=0")
    )
    assert title["y"] < summary["y"] < structure["y"]
    # The page itself does not scroll sideways.
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator(".project-table thead").is_visible()
    assert not page.locator(".project-table__summary").first.is_visible()
    assert not page.locator(".project-sort").is_visible()


def test_a_table_wider_than_the_screen_scrolls_in_its_own_region_and_says_so(
    site_server, catalogue, page_for
):
    index, _sheet = catalogue
    page = page_for({"width": 800, "height": 900})
    page.goto(f"{site_server.url}{index.url}")
    # Text enlarged by the reader: the table no longer fits.
    page.evaluate("document.documentElement.style.fontSize = '30px'")
    region = page.locator(".project-catalogue")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    # A shadow at the edge it scrolls towards.
    assert "radial-gradient" in region.evaluate(
        "el => getComputedStyle(el).backgroundImage"
    )
    region.focus()
    page.keyboard.press("ArrowRight")
    # Polled from here: a predicate evaluated in the page would need
    # 'unsafe-eval', which the site's Content-Security-Policy refuses.
    assert wait_for(
        lambda: (
            page.evaluate(
                "() => document.querySelector('.project-catalogue').scrollLeft"
            )
            > 0
        ),
        timeout=5,
    )


def test_filters_and_sorting_work_without_javascript(site_server, catalogue, browser):
    index, _sheet = catalogue
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(f"{site_server.url}{index.url}")
        assert page.locator(".project-count").inner_text() == "2 fiches"
        page.select_option("#id_dimension", "services")
        page.get_by_role("button", name="Filtrer").click()
        assert "dimension=services" in page.url
        assert page.locator(".project-count").inner_text() == "1 fiche"
        assert page.locator("tbody tr").count() == 1
        page.get_by_role("link", name="Année").click()
        assert "tri=annee" in page.url and "dimension=services" in page.url
        assert (
            page.locator("th[aria-sort='ascending']").inner_text().startswith("Année")
        )
        page.get_by_role("link", name="Réinitialiser").click()
        assert page.locator(".project-count").inner_text() == "2 fiches"
    finally:
        context.close()


def test_printed_catalogue_and_sheet_keep_the_content_only(
    site_server, catalogue, page_for
):
    index, sheet = catalogue
    page = page_for({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    page.goto(f"{site_server.url}{index.url}")
    assert not page.locator(".project-filters").is_visible()
    assert not page.locator(".main-nav").is_visible()
    assert page.locator(".project-table").is_visible()
    page.goto(f"{site_server.url}{sheet.url}")
    assert page.locator(".project-facts").is_visible()
    assert page.get_by_role("heading", name="Résultats").is_visible()
    assert not page.locator(".project-back").is_visible()
