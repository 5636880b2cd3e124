"""A forged X-Forwarded-For moves neither the sign-up's rate limit nor the
consent hashes: both use cooperation.client_ip."""

import pytest
from django.test import Client
from django.urls import reverse

from newsletter.hashing import hash_value
from newsletter.models import ConsentRecord

pytestmark = pytest.mark.django_db


def post_signup(client, email, mailing_lists, **headers):
    data = {
        "email": email,
        "language": "fr",
        "lists": [mailing_lists["agenda"].pk],
        "consent": "on",
        "source": "/",
    }
    return client.post(reverse("newsletter:subscribe"), data, **headers)


@pytest.mark.parametrize("proxy_header", [None, "X-Real-IP"])
def test_forged_x_forwarded_for_does_not_move_the_signup_rate_limit(
    site_tree, mailing_lists, settings, proxy_header, django_capture_on_commit_callbacks
):
    settings.CLIENT_IP_HEADER = proxy_header
    client = Client(REMOTE_ADDR="192.0.2.50", HTTP_X_REAL_IP="198.51.100.50")
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(6):
            response = post_signup(
                client,
                f"p{number}@example.fr",
                mailing_lists,
                HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
            )
            answers.append(response.status_code)
    assert answers == [302] * 5 + [429]


def test_another_proxy_header_value_is_another_client(
    signup, settings, django_capture_on_commit_callbacks
):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            signup(
                f"p{number}@example.fr",
                client=Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.60"),
            )
        other = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.61")
        assert signup("autre@example.fr", client=other).status_code == 302


def test_consent_records_hash_the_proxy_header_address(
    site_tree, mailing_lists, settings, django_capture_on_commit_callbacks
):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    client = Client(
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="198.51.100.70",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_signup(client, "lea@example.fr", mailing_lists)
    record = ConsentRecord.objects.get()
    assert record.ip_hash == hash_value("ip", "198.51.100.70")
