"""The ESP behind an Anymail backend: one entry per ESP with more to offer
than sending (see `esp.Esp`); any other backend gets the plain `Esp`."""

from django.conf import settings

from newsletter.sending import brevo
from newsletter.sending.esp import Esp

ESPS = {brevo.BACKEND: brevo.Brevo()}
PLAIN = Esp()


def for_backend(path):
    """The ESP of the backend at this dotted path (as in EMAIL_BACKEND)."""
    return ESPS.get(path, PLAIN)


def configured():
    """The ESP of the EMAIL_BACKEND setting."""
    return for_backend(settings.EMAIL_BACKEND)


def for_connection(connection):
    """The ESP a connection (an email backend instance) talks to."""
    backend = type(connection)
    return for_backend(f"{backend.__module__}.{backend.__qualname__}")
