"""The admin's sign-in and password reset, throttled per account and per
client, with a French message and a line in the log."""

import logging

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "un-bon-mot-de-passe-42"
LOCKED = "Trop de tentatives de connexion ont échoué"


@pytest.fixture
def axes(settings):
    """django-axes on (the test settings switch it off for client.login)."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        "editrice", "editrice@example.fr", PASSWORD
    )


def sign_in(client, username, password):
    return client.post(
        "/admin/login/", {"username": username, "password": password, "next": ""}
    )


def signed_in(client):
    return client.get("/admin/").status_code == 200


def test_after_too_many_failures_the_right_password_is_refused_in_french(
    axes, editor, caplog
):
    client = Client(REMOTE_ADDR="192.0.2.20")
    assert sign_in(client, "editrice", "faux").status_code == 200
    assert sign_in(client, "editrice", "faux").status_code == 200
    with caplog.at_level(logging.WARNING, logger="cooperation.login_throttle"):
        third = sign_in(client, "editrice", "faux")
        response = sign_in(client, "editrice", PASSWORD)
    assert third.status_code == 429
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert 'lang="fr"' in response.content.decode()
    assert not signed_in(client)
    assert any(
        "locked out" in record.getMessage() and "editrice" in record.getMessage()
        for record in caplog.records
    )


def test_the_account_stays_locked_from_another_client(axes, editor):
    for number in range(3):
        sign_in(Client(REMOTE_ADDR=f"192.0.2.{30 + number}"), "editrice", "faux")
    other = Client(REMOTE_ADDR="198.51.100.30")
    response = sign_in(other, "editrice", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not signed_in(other)


def test_a_client_guessing_many_accounts_is_locked_out(axes, editor, django_user_model):
    client = Client(REMOTE_ADDR="192.0.2.40")
    for name in ("alice", "bruno", "chloe"):
        sign_in(client, name, "faux")
    assert sign_in(client, "editrice", PASSWORD).status_code == 429
    # Another client signs in to the same account.
    elsewhere = Client(REMOTE_ADDR="192.0.2.41")
    assert sign_in(elsewhere, "editrice", PASSWORD).status_code == 302
    assert signed_in(elsewhere)


def test_a_good_password_before_the_limit_signs_in(axes, editor):
    client = Client(REMOTE_ADDR="192.0.2.50")
    sign_in(client, "editrice", "faux")
    assert sign_in(client, "editrice", PASSWORD).status_code == 302
    assert signed_in(client)


def reset(client, email):
    return client.post("/admin/password_reset/", {"email": email})


def test_password_reset_is_throttled_per_address(editor, settings, caplog):
    settings.ADMIN_PASSWORD_RESET_RATE_PER_ADDRESS = "2/h"
    assert (
        reset(Client(REMOTE_ADDR="192.0.2.60"), "editrice@example.fr").status_code
        == 302
    )
    assert (
        reset(Client(REMOTE_ADDR="192.0.2.61"), "editrice@example.fr").status_code
        == 302
    )
    with caplog.at_level(logging.WARNING, logger="cooperation.login_throttle"):
        refused = reset(Client(REMOTE_ADDR="192.0.2.62"), "Editrice@example.fr ")
    assert refused.status_code == 429
    assert "Trop de demandes de réinitialisation" in refused.content.decode()
    assert len(mail.outbox) == 2
    assert any("password reset refused" in r.getMessage() for r in caplog.records)


def test_password_reset_is_throttled_per_client(editor, settings):
    settings.ADMIN_PASSWORD_RESET_RATE_PER_CLIENT = "3/h"
    client = Client(REMOTE_ADDR="192.0.2.70")
    for number in range(3):
        assert reset(client, f"inconnu{number}@example.fr").status_code == 302
    assert reset(client, "editrice@example.fr").status_code == 429
    assert mail.outbox == []
