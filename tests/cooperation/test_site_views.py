import json
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.models import PageViewRestriction

from cooperation.celery import app as celery_app
from cooperation.settings import base
from home.models import StandardPage

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_health_reports_database_cache_and_broker(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["checks"]["database"]["detail"] == "postgresql"
    assert body["checks"]["cache"]["detail"] == "ResilientRedisCache"
    assert body["down"] == []
    assert body["checks"]["broker"]["ok"] is True
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_503_when_the_broker_is_unreachable(client, monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/health/")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error"
    assert body["checks"]["broker"]["ok"] is False
    assert body["down"] == ["broker"]
    assert body["checks"]["database"]["ok"] is True


def test_robots_txt_points_to_the_sitemap_and_hides_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_sitemap_lists_every_language_and_no_draft(client, site_tree):
    draft = StandardPage(title="Brouillon", slug="brouillon", live=False)
    site_tree["home"].add_child(instance=draft)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [node.text for node in root.findall("sm:url/sm:loc", SITEMAP_NS)]
    paths = {location.split("localhost", 1)[1] for location in locations}
    assert {"/", "/actualites/", "/en/", "/en/news/", "/ar/"} <= paths
    assert not any("brouillon" in path for path in paths)


def test_private_page_is_not_in_the_sitemap(client, site_tree):
    private = StandardPage(title="Réservé", slug="reserve")
    site_tree["home"].add_child(instance=private)
    private.save_revision().publish()
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret"
    )
    paths = client.get("/sitemap.xml").content.decode()
    assert "/reserve/" not in paths


def test_unknown_address_answers_404_in_the_site_design(client, site_tree):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Cette page est introuvable" in html
    assert 'class="skip-link"' in html


def test_unknown_arabic_address_answers_404_right_to_left(client, site_tree):
    response = client.get("/ar/nulle-part/")
    assert response.status_code == 404
    assert 'dir="rtl"' in response.content.decode()


def test_server_error_page_renders_without_context():
    with translation.override("fr"):
        html = render_to_string("500.html")
    assert "Le site a rencontré un problème" in html
    assert '<html lang="fr" dir="ltr">' in html
    with translation.override("ar"):
        assert 'dir="rtl"' in render_to_string("500.html")


def test_static_files_use_hashed_names_in_production_settings():
    assert (
        base.STORAGES["staticfiles"]["BACKEND"]
        == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in base.MIDDLEWARE
