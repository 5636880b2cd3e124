"""The Site record follows BASE_URL: `set_site`, and `load_demo` through the
same function (cooperation/sites.py)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from cooperation.sites import host_and_port


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://cooperation-romans.fr", ("cooperation-romans.fr", 443)),
        ("https://cooperation-romans.fr/", ("cooperation-romans.fr", 443)),
        ("http://127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("http://demo.example.org", ("demo.example.org", 80)),
    ],
)
def test_host_and_port_of_a_base_url(url, expected):
    assert host_and_port(url) == expected


def test_set_site_points_canonical_links_at_base_url(site_tree, settings, client):
    settings.BASE_URL = "https://cooperation-romans.fr"
    settings.ALLOWED_HOSTS = ["cooperation-romans.fr"]
    call_command("set_site", stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "https://cooperation-romans.fr"
    head = client.get("/actualites/", HTTP_HOST="cooperation-romans.fr").content
    assert (
        b'<link rel="canonical" href="https://cooperation-romans.fr/actualites/">'
        in (head)
    )
    assert b'og:url" content="https://cooperation-romans.fr/actualites/"' in head


@pytest.mark.parametrize(
    "url", ["cooperation-romans.fr", "ftp://x.fr", "https://x.fr:8443", "http://x:port"]
)
def test_set_site_refuses_an_address_it_cannot_serve(site_tree, url):
    with pytest.raises(CommandError) as error:
        call_command("set_site", "--url", url)
    assert "Adresse du site invalide" in str(error.value) or "port 443" in str(
        error.value
    )
    assert Site.objects.get(is_default_site=True).hostname == "localhost"
