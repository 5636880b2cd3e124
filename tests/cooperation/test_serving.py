"""Serving a page from the site cache (cooperation/serving.py): the Site, the
route and the view restrictions are read from the cache, and any change to
them is seen by the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from tests.factories import StandardPageFactory, french

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(site_tree):
    section = StandardPageFactory(
        parent=site_tree["home"], locale=french(), title="Vie associative", slug="vie"
    )
    return StandardPageFactory(
        parent=section, locale=french(), title="Assemblée générale", slug="ag"
    )


def test_a_page_is_served_without_reading_the_site_route_or_restrictions(client, page):
    client.get("/vie/ag/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/vie/ag/")
    assert response.status_code == 200
    assert "Assemblée générale" in response.content.decode()
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("wagtailcore_site", "wagtailcore_locale", "pageviewrestriction"):
        assert table not in tables
    assert '"wagtailcore_page"."slug"' not in tables


def test_a_section_made_private_after_its_page_was_served_asks_for_a_password(
    client, page
):
    assert client.get("/vie/ag/").status_code == 200
    PageViewRestriction.objects.create(
        page=page.get_parent(),
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret",
    )
    html = client.get("/vie/ag/").content.decode()
    assert 'name="password"' in html
    assert "Assemblée générale" not in html


def test_a_page_unpublished_after_it_was_served_answers_404(client, page):
    assert client.get("/vie/ag/").status_code == 200
    page.unpublish()
    assert client.get("/vie/ag/").status_code == 404


def test_a_renamed_page_answers_at_its_new_address_only(client, page):
    assert client.get("/vie/ag/").status_code == 200
    page.slug = "assemblee"
    page.save_revision().publish()
    assert client.get("/vie/ag/").status_code == 404
    assert client.get("/vie/assemblee/").status_code == 200


def test_each_host_is_served_by_its_own_site(client, site_tree, page):
    Site.objects.create(hostname="vie.example", port=80, root_page=page.get_parent())
    assert "Trois maisons" in client.get("/").content.decode()
    other = client.get("/ag/", HTTP_HOST="vie.example")
    assert other.status_code == 200
    assert "Assemblée générale" in other.content.decode()
    assert client.get("/ag/").status_code == 404


def test_the_english_home_is_served_in_english(client, site_tree):
    client.get("/")
    html = client.get("/en/").content.decode()
    assert site_tree["translations"]["en"].hero_title in html
