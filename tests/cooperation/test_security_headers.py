"""Every public page type, under production's HTTPS settings
(cooperation/settings/https.py, as production.py imports it), carries the
security headers, and its cookies are "__Host-" cookies."""

import re
from http.cookies import SimpleCookie

import pytest
from django.test import Client
from django.urls import reverse

from cooperation.settings import https
from tests.test_page_types import build_every_page_type

PRODUCTION_HTTPS = {name: getattr(https, name) for name in dir(https) if name.isupper()}
# What the proxy adds to every request it forwards.
PROXIED = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "testserver"}


@pytest.fixture(scope="module")
def module_site(module_site_tree, django_db_blocker):
    with django_db_blocker.unblock():
        return build_every_page_type(module_site_tree)


@pytest.fixture
def production(settings, module_site, db):
    for name, value in PRODUCTION_HTTPS.items():
        setattr(settings, name, value)
    return module_site


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part)
    }


def assert_secure_headers(response, *, admin=False):
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert "'unsafe-eval'" not in csp["script-src"]
    if not admin:
        assert "'unsafe-inline'" not in csp["script-src"]
        assert "'unsafe-inline'" not in csp["style-src"]
    assert "https://tile.openstreetmap.org" in csp["img-src"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert (
        response["Strict-Transport-Security"]
        == "max-age=31536000; includeSubDomains; preload"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def assert_host_cookies(response):
    """Every cookie set is a "__Host-" cookie: Secure, Path=/, no Domain."""
    for header in response.headers.get("Set-Cookie", "").split("\n"):
        if not header:
            continue
        for name, morsel in SimpleCookie(header).items():
            assert name.startswith("__Host-"), header
            assert morsel["secure"], header
            assert morsel["path"] == "/", header
            assert not morsel["domain"], header
    for name, morsel in response.cookies.items():
        assert name.startswith("__Host-"), name
        assert morsel["secure"] and morsel["path"] == "/" and not morsel["domain"]


def public_urls(site):
    urls = {model.__name__: page.url for model, page in site["pages"].items()}
    agenda = site["pages"][
        next(m for m in site["pages"] if m.__name__ == "EventIndexPage")
    ]
    urls.update(
        {
            "English home": "/en/",
            "Arabic home": "/ar/",
            "agenda month": agenda.url + "mois/2026/5/",
            "past events": agenda.url + "passes/",
            "iCal feed": agenda.url + "ical/",
            "search": reverse("search") + "?q=velo",
            "news feed": reverse("news_feed_rss"),
            "sign-up page": reverse("newsletter:subscribe"),
            "lost link page": reverse("newsletter:manage_link"),
            "not found": "/cette-page-n-existe-pas/",
            "robots": "/robots.txt",
            "sitemap": "/sitemap.xml",
            "health": "/health/",
        }
    )
    return urls


@pytest.mark.django_db
def test_every_public_page_type_carries_the_security_headers(production):
    client = Client(**PROXIED)
    for name, url in public_urls(production).items():
        response = client.get(url)
        expected = 404 if name == "not found" else 200
        assert response.status_code == expected, (name, url, response.status_code)
        assert_secure_headers(response)
        assert_host_cookies(response)


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(production):
    response = Client(HTTP_X_FORWARDED_PROTO="http").get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
def test_media_files_may_be_shown_by_other_sites(production):
    """The newsletter's images load in webmail pages of other origins."""
    response = Client(**PROXIED).get("/media/images/inconnue.jpg")
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


@pytest.mark.django_db
def test_signup_form_works_from_a_cached_page_without_a_token(production):
    """The sign-up form carries no CSRF token (it sits on pages the cache
    shares between visitors: newsletter/views.subscribe says why), so a
    POST with the checks enforced and no cookie at all still signs up."""
    client = Client(enforce_csrf_checks=True, **PROXIED)
    url = reverse("newsletter:subscribe")
    page = client.get(url)
    assert "csrfmiddlewaretoken" not in page.text
    lists = re.search(r'name="lists" value="(\d+)"', page.text)[1]
    response = client.post(
        url,
        {
            "email": "lea@example.fr",
            "language": "fr",
            "lists": [lists],
            "consent": "on",
            "source": "/",
        },
        HTTP_REFERER=f"https://testserver{url}",
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == reverse("newsletter:check_inbox")


@pytest.mark.django_db
def test_admin_signs_in_with_host_cookies_and_its_own_policy(
    production, django_user_model
):
    django_user_model.objects.create_superuser("admin", "a@example.fr", "mot-de-passe")
    client = Client(enforce_csrf_checks=True, **PROXIED)
    page = client.get("/admin/login/")
    assert_secure_headers(page, admin=True)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    response = client.post(
        "/admin/login/",
        {"csrfmiddlewaretoken": token, "username": "admin", "password": "mot-de-passe"},
        HTTP_REFERER="https://testserver/admin/login/",
    )
    assert response.status_code == 302
    assert_host_cookies(response)
    session = response.cookies["__Host-sessionid"]
    assert session["httponly"] and session["secure"]
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert_secure_headers(dashboard, admin=True)
    # The admin's inline scripts need 'unsafe-inline'; a nonce would cancel it.
    assert "'unsafe-inline'" in directives(dashboard)["script-src"]
    assert not any(v.startswith("'nonce-") for v in directives(dashboard)["script-src"])
