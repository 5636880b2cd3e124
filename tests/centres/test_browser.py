"""The centre page and its Programme du mois in headless Chromium: axe-core
finds nothing with the map drawn (its tiles are blocked, as when offline),
the OpenStreetMap link stays, and the programme prints on one A4 sheet."""

import datetime
import re
from unittest import mock

import pytest

from centres.models import CentrePage
from centres.programme import ProgrammeEntry
from tests.agenda.factories import EventIndexPageFactory, EventPageFactory
from tests.browser_fixtures import ARTIFACTS, check_accessibility, shared_by_module
from tests.centres.factories import (
    CentreContactFactory,
    CentreIndexPageFactory,
    CentrePageFactory,
    CentreServiceFactory,
    add_week,
)
from tests.factories import build_site_tree, french

pytestmark = pytest.mark.browser


def build_centre():
    tree = build_site_tree()
    index = CentreIndexPageFactory(parent=tree["home"])
    centre = CentrePageFactory(
        parent=index, title="Maison de quartier des Ors", short_name="MQ des Ors"
    )
    add_week(centre)
    CentreServiceFactory(page=centre, title="Accueil de loisirs")
    CentreContactFactory(page=centre, name="Claire M.", role="Directrice")
    return index, centre


centre_site = shared_by_module(build_centre)


def block_tiles(page):
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())


def test_centre_page_with_its_map_has_no_axe_violation(
    site_server, centre_site, page_for, viewport
):
    _, centre = centre_site
    name, size = viewport
    page = page_for(size)
    block_tiles(page)
    response = page.goto(f"{site_server.url}{centre.url}")
    assert response.status == 200
    page.locator(".centre-map").scroll_into_view_if_needed()
    page.wait_for_selector(".centre-map.leaflet-container")
    assert page.locator(".centre-map").get_attribute("role") == "region"
    assert page.locator(".leaflet-marker-icon").count() == 1
    link = page.get_by_role("link", name="Voir sur OpenStreetMap")
    assert link.is_visible()
    check_accessibility(page, f"centre-{name}")


def test_leaflet_is_fetched_when_the_map_nears_the_screen(
    site_server, centre_site, page_for
):
    _, centre = centre_site
    # A short window: the map is more than a screen below its bottom.
    page = page_for({"width": 375, "height": 300})
    block_tiles(page)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{site_server.url}{centre.url}", wait_until="load")
    assert page.locator(".centre-map").bounding_box()["y"] > 2 * 300
    assert not [url for url in requested if "leaflet" in url]
    # Its box is sized before Leaflet comes: drawing the map moves nothing.
    box = page.locator(".centre-map").bounding_box()
    page.locator(".centre-map").scroll_into_view_if_needed()
    page.wait_for_selector(".centre-map.leaflet-container .leaflet-marker-icon")
    assert [url for url in requested if url.endswith("leaflet/leaflet.js")]
    assert [url for url in requested if url.endswith("leaflet/leaflet.css")]
    assert page.locator(".centre-map").bounding_box()["height"] == box["height"]


def test_centre_index_has_no_axe_violation(
    site_server, centre_site, page_for, viewport
):
    index, _ = centre_site
    name, size = viewport
    page = page_for(size)
    response = page.goto(f"{site_server.url}{index.url}")
    assert response.status == 200
    check_accessibility(page, f"centres-{name}")


def test_programme_page_has_no_axe_violation(
    site_server, centre_site, page_for, viewport
):
    _, centre = centre_site
    name, size = viewport
    page = page_for(size)
    response = page.goto(f"{site_server.url}{centre.url}programme/2026/3/")
    assert response.status == 200
    check_accessibility(page, f"programme-{name}")


def test_without_javascript_the_map_stays_hidden_and_the_link_remains(
    site_server, centre_site, browser
):
    _, centre = centre_site
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{site_server.url}{centre.url}")
        assert not page.locator(".centre-map").is_visible()
        assert page.get_by_role("link", name="Voir sur OpenStreetMap").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    ("count", "min_line_pt"), [(12, 16), (24, 14)], ids=["busy", "very-busy"]
)
def test_programme_of_a_busy_month_prints_on_one_a4_sheet(
    site_server, centre_site, browser, count, min_line_pt
):
    _, centre = centre_site
    # A street as long as real ones: its line must not push the sheet over.
    centre.street = "1496 avenue Gambetta"
    centre.save_revision().publish()
    entries = [
        ProgrammeEntry(
            date=datetime.date(2026, 3, 1 + number),
            time=datetime.time(14, 0),
            title=f"Atelier cuisine du monde n° {number + 1}",
            place="Salle polyvalente",
        )
        for number in range(count)
    ]
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        with mock.patch.object(CentrePage, "month_programme", return_value=entries):
            response = page.goto(f"{site_server.url}{centre.url}programme/2026/3/")
        assert response.status == 200
        page.emulate_media(media="print")
        # The printable width of A4 with 12mm margins, in CSS pixels.
        page.set_viewport_size({"width": 703, "height": 1032})
        assert not page.locator(".programme-picker").is_visible()
        assert not page.locator(".site-header").is_visible()
        title_size = page.eval_on_selector(
            ".programme__title", "el => getComputedStyle(el).fontSize"
        )
        line_size = page.eval_on_selector(
            ".programme__entry", "el => getComputedStyle(el).fontSize"
        )
        # CSS pixels are 3/4 of a point.
        assert float(title_size.removesuffix("px")) * 0.75 >= 28
        assert float(line_size.removesuffix("px")) * 0.75 >= min_line_pt - 0.01
        pdf = page.pdf(prefer_css_page_size=True)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(ARTIFACTS / f"programme-{count}.png"),
            full_page=True,
        )
        pages = re.findall(rb"/Type\s*/Page\b", pdf)
        assert len(pages) == 1, f"{len(pages)} pages"
        size = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
        # A4 portrait in PDF points: 595 x 842.
        assert round(float(size[1])) == 595
        assert round(float(size[2])) == 842
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_programme_with_real_agenda_events_prints_on_one_a4_sheet(site_server, browser):
    index, centre = build_centre()
    agenda = EventIndexPageFactory(parent=index.get_parent(), locale=french())
    # Every Wednesday and Saturday of March 2026 at the centre, one outing
    # elsewhere filed under the centre, and a draft that never shows.
    EventPageFactory(
        parent=agenda,
        title="P'tite Coopé",
        start_date=datetime.date(2026, 3, 4),
        start_time=datetime.time(14, 0),
        recurrence="weekly",
        recurrence_weekdays=["WE", "SA"],
        recurrence_until=datetime.date(2026, 3, 31),
        place_page=centre,
        place_name="",
    )
    EventPageFactory(
        parent=centre,
        title="Sortie au parc Saint-Romain",
        start_date=datetime.date(2026, 3, 14),
        start_time=datetime.time(10, 0),
        place_name="Parc Saint-Romain",
    )
    EventPageFactory(
        parent=centre,
        title="Brouillon du mois",
        start_date=datetime.date(2026, 3, 20),
        live=False,
    )
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        response = page.goto(f"{site_server.url}{centre.url}programme/2026/3/")
        assert response.status == 200
        entries = page.locator(".programme__entry")
        # 4 Wednesdays and 4 Saturdays in March 2026, and the outing.
        assert entries.count() == 9
        assert "Sortie au parc Saint-Romain" in entries.nth(3).inner_text()
        assert "Brouillon du mois" not in page.content()
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 703, "height": 1032})
        # The sheet on the door tells how to come and to call, not only the
        # web address.
        contact = page.locator(".programme__contact")
        assert contact.is_visible()
        printed = contact.inner_text()
        for text in (centre.street, "04 75 00 00 00", "Bus ligne 2", centre.email):
            assert text in printed
        assert page.locator(".programme__hours .hours-table").is_visible()
        pdf = page.pdf(prefer_css_page_size=True)
        pages = re.findall(rb"/Type\s*/Page\b", pdf)
        assert len(pages) == 1, f"{len(pages)} pages"
    finally:
        context.close()
