"""/health/ tells its backends only to this machine or to the token;
HEAD works wherever GET does."""

import json

import pytest
from django.test import Client

from cooperation.celery import app as celery_app

pytestmark = pytest.mark.django_db

TOKEN = "jeton-de-supervision-0123456789"


def body(response):
    return json.loads(response.content)


def test_a_visitor_sees_only_the_status(settings):
    settings.HEALTH_TOKEN = TOKEN
    response = Client(REMOTE_ADDR="203.0.113.5").get("/health/")
    assert response.status_code == 200
    assert body(response) == {"status": "ok"}


def test_localhost_sees_the_detail():
    response = Client(REMOTE_ADDR="127.0.0.1").get("/health/")
    assert response.status_code == 200
    assert body(response)["checks"]["database"]["detail"] == "postgresql"


def test_a_request_forwarded_by_the_local_proxy_is_not_localhost(settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    client = Client(REMOTE_ADDR="127.0.0.1")
    assert body(client.get("/health/", HTTP_X_REAL_IP="203.0.113.5")) == {
        "status": "ok"
    }
    # Without the setting, a forwarded request still is not local.
    settings.CLIENT_IP_HEADER = None
    assert "checks" not in body(
        client.get("/health/", HTTP_X_FORWARDED_FOR="127.0.0.1")
    )
    assert "checks" not in body(client.get("/health/", HTTP_X_FORWARDED_PROTO="https"))


def test_the_token_opens_the_detail_from_anywhere(settings):
    settings.HEALTH_TOKEN = TOKEN
    client = Client(REMOTE_ADDR="203.0.113.5")
    response = client.get("/health/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert "checks" in body(response)
    for wrong in (f"Bearer {TOKEN}x", "Bearer ", TOKEN, f"Basic {TOKEN}"):
        response = client.get("/health/", HTTP_AUTHORIZATION=wrong)
        assert body(response) == {"status": "ok"}


def test_no_token_configured_opens_nothing(settings):
    settings.HEALTH_TOKEN = ""
    response = Client(REMOTE_ADDR="203.0.113.5").get(
        "/health/", HTTP_AUTHORIZATION="Bearer "
    )
    assert body(response) == {"status": "ok"}


def test_a_visitor_gets_the_same_status_code_when_a_backend_is_down(monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = Client(REMOTE_ADDR="203.0.113.5").get("/health/")
    assert response.status_code == 503
    assert body(response) == {"status": "error"}


@pytest.mark.parametrize("path", ["/health/", "/robots.txt", "/sitemap.xml", "/"])
def test_head_works_wherever_get_does(client, site_tree, path):
    get = client.get(path)
    head = client.head(path)
    assert get.status_code == head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
