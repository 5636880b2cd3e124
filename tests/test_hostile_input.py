"""Hostile input never gives a 500: every public address of the site (Django's
URL patterns, the page tree, the sub-routes of routable pages), every query
parameter the views read, and every method, fed with NUL bytes, digits of
other scripts, huge numbers, 10 kB strings, repeated parameters and bytes
that are not UTF-8. What each case answers is pinned in
tests/cooperation/test_hostile_requests.py; here, nothing may answer 500."""

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsletter import tokens
from newsletter.models import Subscriber
from tests.hostile import (
    METHODS,
    PARAMS,
    RAW_QUERY_PIECES,
    SAMPLES,
    Raw,
    hostile_text,
    param_values,
    public_routes,
    query_string,
)
from tests.newsletter.conftest import make_subscriber
from tests.test_page_types import build_every_page_type

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def hostile_site(module_site_tree, django_db_blocker):
    """One page of every type, a subscriber and their links, every public
    route; built once for the module."""
    with django_db_blocker.unblock():
        site = build_every_page_type(module_site_tree)
        lea = make_subscriber("lea@example.fr", status=Subscriber.Status.PENDING)
        site["tokens"] = [
            tokens.make_token(lea, purpose)
            for purpose in (tokens.CONFIRM, tokens.MANAGE, tokens.UNSUBSCRIBE)
        ]
        site["page_ids"] = [str(page.pk) for page in site["pages"].values()]
        site["routes"] = public_routes()
        return site


@pytest.fixture
def site(hostile_site, db):
    return hostile_site


def send(client, method, url, body=""):
    """One request whose writes (a sign-up, a hit) are rolled back, so that
    each example starts from the same database."""
    with transaction.atomic():
        response = client.generic(
            method,
            url,
            data=body,
            content_type="application/x-www-form-urlencoded",
        )
        transaction.set_rollback(True)
    return response


def hole_values(site, kind):
    real = site["page_ids"] if kind == "int" else [*site["tokens"], "maison-0"]
    return st.one_of(
        st.sampled_from(real),
        hostile_text,
        st.sampled_from(RAW_QUERY_PIECES).map(Raw),
    )


def test_the_walk_finds_every_kind_of_public_address(site):
    names = {str(route) for route in site["routes"]}
    for expected in (
        "search",
        "centre_news_feed_rss",
        "confirm",
        "unsubscribe",
        "manage_link",
        "health",
        "robots_txt",
        "sitemap",
        "wagtaildocs_serve",
    ):
        assert expected in names
    routable = {name.split(" of ")[0] for name in names if " of " in name}
    assert {"month", "past", "ical_category", "ical_place", "programme_month"} <= (
        routable
    )
    assert any(name.startswith("ProjectIndexPage ") for name in names)


# Only the middleware can answer these: Wagtail's document view reads a
# path piece of 5,000 digits as an id (`int()` refuses past 4,300 digits).
MIDDLEWARE_ONLY = {("wagtaildocs_serve", "9" * 5000)}


@pytest.mark.parametrize("offset", [0, 1])
@pytest.mark.parametrize("middleware", [True, False], ids=["site", "views-alone"])
def test_every_address_and_parameter_survives_the_hostile_values(
    site, settings, offset, middleware
):
    """Each case of the issue reaches every hole of every address and every
    query parameter, by GET: the samples are dealt in turn (two rounds, so
    that each address meets several), one request per address and round.
    Without the middleware too: each view must be right on its own."""
    if not middleware:
        settings.MIDDLEWARE = [
            name
            for name in settings.MIDDLEWARE
            if name != "cooperation.middleware.UnreadableRequestMiddleware"
        ]
    client = Client()
    turn = offset * 7
    for route in site["routes"]:
        holes = []
        for _hole in route.holes:
            holes.append(SAMPLES[turn % len(SAMPLES)])
            turn += 1
        params = {}
        for name in PARAMS:
            params[name] = [SAMPLES[turn % len(SAMPLES)]]
            turn += 1
        if not middleware and any(
            (str(route), hole) in MIDDLEWARE_ONLY for hole in holes
        ):
            continue
        url = route.fill(holes) + "?" + query_string(params)
        response = send(client, "GET", url)
        assert response.status_code < 500, (str(route), url[:200])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_public_address_answers_500(site, data):
    """Random addresses, parameters (known and unknown, repeated), raw bytes
    and methods; a POST carries the parameters in its body too."""
    route = data.draw(st.sampled_from(site["routes"]), label="route")
    values = [data.draw(hole_values(site, kind)) for kind in route.holes]
    names = st.one_of(st.sampled_from(PARAMS), hostile_text)
    params = data.draw(st.dictionaries(names, param_values, max_size=4))
    raw = data.draw(st.lists(st.sampled_from(RAW_QUERY_PIECES), max_size=2))
    method = data.draw(st.sampled_from(METHODS), label="method")
    url = route.fill(values)
    query = query_string(params, raw)
    body = query_string(params) if method in ("POST", "PUT", "PATCH") else ""
    response = send(Client(), method, f"{url}?{query}" if query else url, body)
    assert response.status_code < 500, (str(route), method, response.status_code)
