"""The home page in Arabic and French at a phone's and a desktop's width:
the sign-up form's check boxes, radio buttons, buttons and links are 24 px
targets at least, with a visible focus; the consent box sits beside its
words (on their right in Arabic); an arrow points along the reading."""

import pytest
from wagtail.models import Site

from cooperation.models import SiteSettings
from tests.browser_fixtures import shared_by_module
from tests.factories import build_site_tree
from tests.newsletter.factories import make_default_lists

pytestmark = pytest.mark.browser


def build_home():
    tree = build_site_tree()
    make_default_lists()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_phone = "04 75 02 31 13"
    settings.save()
    return tree


home = shared_by_module(build_home)

PREFIXES = pytest.mark.parametrize("prefix", ["", "/ar"], ids=["fr", "ar"])


def box(locator):
    found = locator.bounding_box()
    assert found, locator
    return found


@PREFIXES
def test_form_targets_are_24_px_at_least(site_server, home, page_for, viewport, prefix):
    _name, size = viewport
    page = page_for(size)
    page.goto(f"{site_server.url}{prefix}/")
    form = page.locator("form.newsletter-form")
    assert form.count() == 1
    targets = form.locator("input[type=checkbox], input[type=radio], button, a, select")
    assert targets.count() >= 4  # the lists, the consent, the button
    for index in range(targets.count()):
        target = targets.nth(index)
        if not target.is_visible():
            continue
        found = box(target)
        assert found["width"] >= 24 and found["height"] >= 24, (
            target.evaluate("e => e.outerHTML"),
            found,
        )


@PREFIXES
def test_the_consent_box_sits_beside_its_label(
    site_server, home, page_for, viewport, prefix
):
    _name, size = viewport
    page = page_for(size)
    page.goto(f"{site_server.url}{prefix}/")
    field = page.locator("form.newsletter-form .checkbox-field")
    checkbox, label = box(field.locator("input")), box(field.locator("label"))
    # Side by side: the box at the height of the label's first line…
    assert label["y"] <= checkbox["y"] < label["y"] + 30
    # …and before it in the reading order: on its left in French, right in Arabic.
    if prefix == "/ar":
        assert checkbox["x"] >= label["x"] + label["width"] - 1
    else:
        assert checkbox["x"] + checkbox["width"] <= label["x"] + 1


def test_a_checkbox_shows_its_focus(site_server, home, page_for):
    page = page_for({"width": 375, "height": 812})
    page.goto(f"{site_server.url}/ar/")
    consent = page.locator("form.newsletter-form .checkbox-field input")
    consent.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert consent.evaluate("e => e === document.activeElement")
    style = consent.evaluate(
        "e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]"
    )
    assert style[0] != "none" and style[1] != "0px", style
    page.keyboard.press("Space")
    assert consent.is_checked()


@PREFIXES
def test_an_arrow_points_along_the_reading(site_server, home, page_for, prefix):
    """The shared `.arrow` (« → » forward, « ← » back) is mirrored in
    right-to-left text, where forward is to the left."""
    page = page_for({"width": 1280, "height": 900})
    page.goto(f"{site_server.url}{prefix}/")
    transform = page.evaluate(
        """() => {
            const arrow = document.createElement("span");
            arrow.className = "arrow";
            arrow.textContent = "→";
            document.querySelector("main").append(arrow);
            return getComputedStyle(arrow).transform;
        }"""
    )
    if prefix == "/ar":
        assert transform == "matrix(-1, 0, 0, 1, 0, 0)"
    else:
        assert transform == "none"


def test_a_phone_number_keeps_its_order_in_arabic(site_server, home, page_for):
    """« 04 75 02 31 13 » in the Arabic footer: isolated left to right
    (typography.py), so its first group is drawn first, on the left."""
    page = page_for({"width": 375, "height": 812})
    page.goto(f"{site_server.url}/ar/")
    first, last = page.evaluate(
        """() => {
            const text = document.querySelector('footer a[href^="tel:"]').firstChild;
            const at = (start, end) => {
                const range = document.createRange();
                range.setStart(text, start);
                range.setEnd(text, end);
                return range.getBoundingClientRect().x;
            };
            return [at(0, 2), at(text.length - 2, text.length)];
        }"""
    )
    assert first < last
