"""« Ouvert maintenant » on cached pages: the server's answer stays as the
page without JavaScript, the hours travel in the page for the browser
(tests/browser/test_opening_status.py), and such pages are cached briefly."""

import datetime
import html
import json
import re
from unittest import mock

import pytest

from cooperation.typography import french as typeset
from tests.centres.factories import (
    ClosureFactory,
    centre_with_autumn_closure,
)
from tests.factories import translate
from tests.helpers import PARIS

TUESDAY_TEN = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=PARIS)


@pytest.fixture
def centre(site_tree):
    _index, centre = centre_with_autumn_closure(site_tree["home"])
    ClosureFactory(
        page=centre,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 1, 2),
        reason="Passée",
    )
    return centre


def opening_data(content):
    match = re.search(r'data-opening="([^"]+)"', content.decode())
    return json.loads(html.unescape(match.group(1)))


def test_the_server_answer_is_in_the_page_with_the_hours_for_the_browser(
    client, centre
):
    with mock.patch("django.utils.timezone.now", return_value=TUESDAY_TEN):
        response = client.get(centre.url)
    text = response.content.decode()
    assert "Ouvert maintenant" in text
    assert typeset("jusqu’à 11 h 30") in text
    data = opening_data(response.content)
    assert data["hours"][0][1:] == [9 * 60 + 30, 11 * 60 + 30]
    assert data["hours"][0][0] == 1  # Tuesday
    assert sorted(data["closures"]) == [
        ["2026-01-01", "2026-01-02", "Passée"],
        ["2026-11-02", "2026-11-06", "Vacances d’automne"],
    ]
    assert data["texts"]["open"] == "Ouvert maintenant"
    # What the script writes comes with the page's typography already set.
    assert data["texts"]["today"] == "Ouvre aujourd’hui à %(time)s"
    assert data["times"][str(9 * 60 + 30)] == typeset("9 h 30") == "9\u202fh\u202f30"
    assert data["month_days"][:2] == ["1er\u00a0", "2 "]
    assert data["days"][1] == "mardi"
    assert data["months"][10] == "novembre"
    assert 'type="module"' in text and "centres/opening-status.js" in text


def test_the_words_for_the_browser_are_in_the_page_language(client, centre):
    translated = translate(centre.get_parent(), "en", title="Centres")
    english = translate(centre, "en", title="Les Ors centre")
    assert translated.live
    data = opening_data(client.get(english.url).content)
    assert data["texts"]["open"] != "Ouvert maintenant"
    assert data["days"][0] == "Monday"


@pytest.mark.parametrize("page", ["centre", "index", "home"])
def test_pages_showing_an_open_now_status_are_cached_briefly(
    client, centre, settings, page
):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_SHORT_SECONDS = 60
    url = {"centre": centre.url, "index": centre.get_parent().url, "home": "/"}[page]
    response = client.get(url)
    assert "opening-status" in response.content.decode()
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert client.get(url)["X-Page-Cache"] == "hit"
