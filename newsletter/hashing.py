"""Salted hashes for what we must recognise but must not keep in clear."""

from django.conf import settings
from django.utils.crypto import salted_hmac

from cooperation.client_ip import client_ip


def hash_value(purpose, value):
    """A salted SHA-256 of `value`, stable for a given purpose.

    The secret is NEWSLETTER_HASH_SECRET when set, so that rotating
    SECRET_KEY does not forget the suppressed addresses; SECRET_KEY otherwise.
    """
    secret = settings.NEWSLETTER_HASH_SECRET or settings.SECRET_KEY
    return salted_hmac(
        f"newsletter.{purpose}", value, secret=secret, algorithm="sha256"
    ).hexdigest()


def client_ip_hash(request):
    """The hashed client address for a proof of consent (cooperation/client_ip)."""
    ip = client_ip(request)
    return hash_value("ip", ip) if ip else ""
