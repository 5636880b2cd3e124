"""cooperation.client_ip: the proxy's header only, never X-Forwarded-For as
the client sent it (the rate limits and consent hashes that use it:
tests/newsletter/test_client_address.py)."""

from django.test import RequestFactory

from cooperation.client_ip import client_ip, client_ip_for_rate_limit

factory = RequestFactory()


def test_without_a_proxy_header_the_address_is_remote_addr(settings):
    settings.CLIENT_IP_HEADER = None
    request = factory.get(
        "/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="203.0.113.1"
    )
    assert client_ip(request) == "192.0.2.7"


def test_behind_the_proxy_only_its_header_counts(settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    request = factory.get(
        "/",
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="198.51.100.4",
        HTTP_X_FORWARDED_FOR="203.0.113.1",
    )
    assert client_ip(request) == "198.51.100.4"
    # A proxy that appends to a list: the address it added, last.
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    request = factory.get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.4"
    )
    assert client_ip(request) == "198.51.100.4"


def test_garbage_in_the_header_falls_back_to_remote_addr(settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    for value in ("", "pas une adresse", "1.2.3.4.5", "\x00"):
        request = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=value)
        assert client_ip(request) == "127.0.0.1"
    request = factory.get("/", REMOTE_ADDR="")
    assert client_ip(request) == ""
    assert client_ip_for_rate_limit(request) == "0.0.0.0"
