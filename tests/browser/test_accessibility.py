import pytest

from tests.browser_fixtures import check_accessibility, shared_by_module
from tests.factories import build_site_tree

tree = shared_by_module(build_site_tree)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("tree")]


@pytest.mark.parametrize("prefix", ["", "/ar"], ids=["fr", "ar"])
def test_home_page_has_no_axe_violation(site_server, page_for, viewport, prefix):
    name, size = viewport
    page = page_for(size)
    response = page.goto(f"{site_server.url}{prefix}/")
    assert response.status == 200
    expected_dir = "rtl" if prefix == "/ar" else "ltr"
    assert page.get_attribute("html", "dir") == expected_dir
    check_accessibility(page, f"home-{prefix.strip('/') or 'fr'}-{name}")


@pytest.mark.parametrize("prefix", ["", "/ar"], ids=["fr", "ar"])
def test_not_found_page_has_no_axe_violation(site_server, page_for, viewport, prefix):
    name, size = viewport
    page = page_for(size)
    response = page.goto(f"{site_server.url}{prefix}/cette-page-n-existe-pas/")
    assert response.status == 404
    assert page.locator("h1").inner_text()
    check_accessibility(page, f"404-{prefix.strip('/') or 'fr'}-{name}")


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(site_server, page_for):
    page = page_for({"width": 1280, "height": 900})
    page.goto(f"{site_server.url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_phone_menu_opens_and_closes_with_the_keyboard(site_server, page_for):
    page = page_for({"width": 375, "height": 812})
    page.goto(f"{site_server.url}/")
    toggle = page.locator("[data-nav-toggle]")
    links = page.locator("#main-nav-list a")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not links.first.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert links.first.is_visible()
    links.first.focus()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.dataset.navToggle") is not None


def test_menu_is_usable_without_javascript(site_server, browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(f"{site_server.url}/")
        assert page.locator("#main-nav-list a").first.is_visible()
        assert not page.locator("[data-nav-toggle]").is_visible()
    finally:
        context.close()
