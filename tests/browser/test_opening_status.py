"""« Ouvert maintenant » computed by the browser (centres/static/centres/
opening-status.js) at fixed instants of the visitor's clock: it says what
centres/opening.py says at the same instant, whatever the server wrote when
the page was rendered (and maybe cached)."""

import datetime

import pytest
from django.utils import translation

from centres.opening import opening_status
from cooperation.typography import french
from tests.browser_fixtures import shared_by_module
from tests.centres.factories import centre_with_autumn_closure
from tests.factories import build_site_tree
from tests.helpers import PARIS

pytestmark = pytest.mark.browser


def build_centre():
    return centre_with_autumn_closure(build_site_tree()["home"])


centre_site = shared_by_module(build_centre)


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


def expected(centre, moment):
    with translation.override("fr"):
        status = opening_status(
            list(centre.opening_hours.all()), list(centre.closures.all()), moment
        )
        reason = status.closure.reason if status.closure else ""
        # As the page prints them: with the French typography (« 9 h 30 »).
        return status.label, french(reason), french(status.detail)


@pytest.mark.parametrize(
    "moment",
    [
        # Tuesday, open until half past eleven.
        paris(2026, 3, 10, 10, 0),
        # Tuesday noon: opens again today at two.
        paris(2026, 3, 10, 12, 0),
        # Thursday after closing: opens next Tuesday.
        paris(2026, 3, 12, 11, 30),
        # The Sunday clocks go forward.
        paris(2026, 3, 29, 3, 30),
        # During the autumn holidays: closed, with the reason, and the
        # reopening more than a week ahead, with its date.
        paris(2026, 11, 3, 10, 0),
    ],
    ids=lambda moment: moment.strftime("%Y-%m-%d-%H%M"),
)
def test_the_browser_computes_the_status_at_its_own_time(
    site_server, centre_site, page_for, moment
):
    index, centre = centre_site
    label, reason, detail = expected(centre, moment)
    # A listing holds the closures from the server's today on: the index is
    # checked at the moments that need none.
    urls = [centre.url] if reason else [centre.url, index.url]
    for url in urls:
        page = page_for({"width": 1280, "height": 900})
        page.clock.set_fixed_time(moment.isoformat())
        page.goto(f"{site_server.url}{url}")
        status = page.locator(".opening-status[data-computed=browser]").first
        status.wait_for()
        assert status.locator(".opening-status__label").inner_text() == label
        details = status.locator(".opening-status__detail")
        assert (details.inner_text() if details.count() else "") == detail
        reasons = status.locator(".opening-status__reason")
        assert (reasons.inner_text() if reasons.count() else "") == (
            f"({reason})" if reason else ""
        )
        is_open = label == "Ouvert maintenant"
        assert ("opening-status--open" in status.get_attribute("class")) is is_open
