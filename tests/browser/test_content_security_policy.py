"""The Content-Security-Policy, enforced by the browser: the home page, a
centre page with its map, and the admin's page editor, image chooser and
translation editor run without a single violation.

The live server runs the test settings, whose policies are production's
(cooperation/settings/base.py sets them for every environment)."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

from tests.centres.factories import (
    CentreIndexPageFactory,
    CentrePageFactory,
    add_week,
)
from tests.factories import ImageFactory, build_site_tree

pytestmark = pytest.mark.browser

PASSWORD = "mot-de-passe-de-test-1"

# Every violation the page reports, recorded from the first script on: an
# init script runs outside the page's policy.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
        + ` (${event.sourceFile}:${event.lineNumber})`
    );
});
"""


class Violations:
    """The page's violation events and its console's CSP messages."""

    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def collected(self):
        """What the current page reported, and the console since last time."""
        events = self.page.evaluate("window.__cspViolations || []")
        console, self.console = self.console, []
        return events + console


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    return response


@pytest.mark.django_db(transaction=True)
def test_public_pages_and_admin_run_without_csp_violations(site_server, page_for):
    tree = build_site_tree()
    index = CentreIndexPageFactory(parent=tree["home"])
    ImageFactory()  # one image for the chooser to list
    centre = CentrePageFactory(parent=index, title="Maison de quartier des Ors")
    add_week(centre)
    translate_object(centre, [Locale.objects.get(language_code="en")])
    english = centre.get_translation(Locale.objects.get(language_code="en"))
    get_user_model().objects.create_superuser("redaction", "r@example.org", PASSWORD)

    page = page_for({"width": 1280, "height": 900})
    # The map's tiles stay offline: a refused request is no CSP violation,
    # and the policy allows their host (checked by the headers test).
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    violations = Violations(page)
    seen = {}

    response = visit(page, f"{site_server.url}/")
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy
    seen["home"] = violations.collected()

    visit(page, f"{site_server.url}{centre.url}")
    page.wait_for_selector(".centre-map.leaflet-container")
    seen["centre"] = violations.collected()

    visit(page, f"{site_server.url}/admin/login/")
    page.fill("#id_username", "redaction")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site_server.url}/admin/")
    seen["dashboard"] = violations.collected()

    visit(page, f"{site_server.url}/admin/pages/{centre.pk}/edit/")
    page.wait_for_selector("form#page-edit-form")
    seen["page editor"] = violations.collected()
    choose = page.locator("[data-chooser-action-choose]:visible").first
    choose.click()
    page.wait_for_selector(
        ".modal-content .listing, .modal-content [data-w-swap-target]"
    )
    page.wait_for_load_state("networkidle")
    seen["image chooser"] = violations.collected()

    visit(page, f"{site_server.url}/admin/pages/{english.pk}/edit/")
    page.wait_for_selector(".js-translation-editor, #app")
    page.wait_for_load_state("networkidle")
    seen["translation editor"] = violations.collected()

    assert {name: found for name, found in seen.items() if found} == {}
