"""Nothing moves once painted: the menu is folded on a phone from the first
paint (CSS), not by the script after it."""

import pytest

from tests.browser_fixtures import shared_by_module
from tests.factories import build_site_tree

tree = shared_by_module(build_site_tree)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("tree")]

# The layout shifts the browser recorded since the page started loading
# (buffered), as Lighthouse adds them up; input-driven ones do not count.
LAYOUT_SHIFTS = """
() => new Promise((resolve) => {
    const shifts = [];
    new PerformanceObserver((list) => {
        shifts.push(...list.getEntries());
    }).observe({type: "layout-shift", buffered: true});
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(
        shifts.filter((shift) => !shift.hadRecentInput).map((shift) => shift.value)
    )));
})
"""


@pytest.mark.parametrize("prefix", ["", "/en", "/ar"], ids=["fr", "en", "ar"])
def test_phone_page_does_not_shift_when_the_menu_script_runs(
    site_server, page_for, prefix
):
    page = page_for({"width": 375, "height": 812})
    page.goto(f"{site_server.url}{prefix}/", wait_until="load")
    # The script has run: the menu is folded behind its button.
    assert page.get_attribute("[data-nav-toggle]", "aria-expanded") == "false"
    assert not page.locator("#main-nav-list a").first.is_visible()
    assert page.evaluate(LAYOUT_SHIFTS) == []
