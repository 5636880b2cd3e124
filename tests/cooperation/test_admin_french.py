"""The admin speaks French without guessing genders (« un(e) »), its labels
start with a capital, and places get their point on a map."""

import re

import pytest

from tests.centres.factories import CentreIndexPageFactory
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre_form(admin_client, site_tree):
    index = CentreIndexPageFactory(parent=site_tree["home"])
    response = admin_client.get(f"/admin/pages/add/centres/centrepage/{index.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_inline_panels_say_what_they_add_without_un_e(centre_form):
    assert "Ajouter\u202f: Plage horaire" in centre_form
    assert "un(e)" not in centre_form


def test_snippet_listing_has_no_un_e(admin_client, site_tree):
    html = admin_client.get("/admin/snippets/blog/newscategory/").content.decode()
    assert "un(e)" not in html
    assert "Ajouter\u202f: catégorie d&#x27;actualité" in html


def test_a_place_gets_a_map_under_its_latitude_and_longitude(centre_form):
    assert "data-map-point" in centre_form
    assert 'data-latitude="id_latitude"' in centre_form
    assert 'data-longitude="id_longitude"' in centre_form
    assert "cooperation/vendor/leaflet/leaflet.js" in centre_form
    assert "cooperation/admin/map-point.js" in centre_form
    # Without JavaScript the map stays hidden and the numbers are there.
    assert '<div class="map-point" hidden' in centre_form
    assert 'name="latitude"' in centre_form


def test_the_sign_in_form_is_in_french(client):
    html = client.get("/admin/login/").content.decode()
    assert "Mot de passe" in html
    assert ">Password" not in html


def test_an_image_says_how_often_it_is_used_without_e(admin_client, site_tree):
    image = ImageFactory()
    html = admin_client.get(f"/admin/images/{image.pk}/").content.decode()
    # Its French alternative text (images.AltText) is one use already.
    assert re.search(r"\b\d+ utilisations?\b", html)
    assert "(e)" not in html
