"""The search page in headless Chromium: empty, with results and with no
result, on a phone and a desktop, with axe-core; the type filter with the
keyboard alone."""

import pytest

from tests.agenda.factories import EventIndexPageFactory, EventPageFactory
from tests.blog.factories import NewsPageFactory
from tests.browser_fixtures import check_accessibility, shared_by_module
from tests.factories import StandardPageFactory, build_site_tree, french

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("search_site")]


def build_search_site():
    tree = build_site_tree()
    agenda = EventIndexPageFactory(parent=tree["home"], locale=french())
    for number in range(3):
        NewsPageFactory(
            parent=tree["news"],
            title=f"Le jardin partagé, épisode {number}",
            intro="Des habitants cultivent ensemble le jardin du quartier.",
        )
    EventPageFactory(
        parent=agenda,
        title="Atelier au jardin",
        intro="Semer et planter avec les enfants.",
    )
    StandardPageFactory(
        parent=tree["home"],
        title="Les jardins de la Coopération",
        slug="les-jardins",
    )
    return tree


search_site = shared_by_module(build_search_site)


@pytest.mark.parametrize(
    ("state", "query"),
    [("empty", None), ("results", "jardins"), ("no-result", "hippopotame")],
)
def test_search_page_has_no_axe_violation(
    site_server, page_for, viewport, state, query
):
    name, size = viewport
    page = page_for(size)
    url = f"{site_server.url}/recherche/"
    if query:
        url += f"?q={query}"
    assert page.goto(url).status == 200
    assert page.locator("h1").inner_text() == "Rechercher sur le site"
    if state == "results":
        assert page.locator("ol.search-results > li").count() == 5
        assert page.locator("mark").count() > 0
    else:
        assert page.get_by_role("link", name="Actualités").count() >= 1
    check_accessibility(page, f"search-{state}-{name}")


def test_search_from_the_form_then_filter_by_type_with_the_keyboard(
    site_server, page_for
):
    page = page_for({"width": 1280, "height": 900})
    page.goto(f"{site_server.url}/recherche/")
    page.get_by_label("Mots à chercher").fill("Jardins")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=Jardins**")
    assert page.locator("ol.search-results > li").count() == 5
    for _ in range(80):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement.textContent.trim()")
        if text.startswith("Actualités ("):
            break
    else:
        pytest.fail("the Actualités filter is not reachable with Tab")
    assert text == "Actualités (3)"
    page.keyboard.press("Enter")
    page.wait_for_url("**type=blog.newspage**")
    assert page.locator("ol.search-results > li").count() == 3
    current = page.locator('.search-types a[aria-current="page"]')
    assert current.inner_text() == "Actualités (3)"
    assert page.get_by_label("Mots à chercher").input_value() == "Jardins"
    check_accessibility(page, "search-filtered-desktop")
