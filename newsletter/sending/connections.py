"""The ESP connection a worker process keeps between its batches.

Nothing here is particular to one ESP: every Anymail backend that talks
HTTP keeps a session, and the rules for opening it again hold for all.
"""

import logging
import time

from django.conf import settings
from django.core.mail import get_connection

logger = logging.getLogger(__name__)


def open_connection():
    """One ESP connection (an HTTP session for Anymail)."""
    connection = get_connection()
    connection.open()
    return connection


class Connections:
    """The ESP connection a worker process keeps between its batches: with
    Brevo, one TLS handshake for many batches instead of one per batch.

    It is opened again when the settings that made it change (tests point
    the backend elsewhere), after an error (the connection may be broken),
    or when it has been idle longer than a server keeps a connection open.
    """

    IDLE_SECONDS = 30

    def __init__(self):
        self.connection = None
        self.made_with = None
        self.last_used = 0.0

    def get(self):
        made_with = (settings.EMAIL_BACKEND, repr(getattr(settings, "ANYMAIL", {})))
        idle = time.monotonic() - self.last_used > self.IDLE_SECONDS
        if self.connection is not None and (made_with != self.made_with or idle):
            self.drop()
        if self.connection is None:
            self.connection = open_connection()
            self.made_with = made_with
        self.last_used = time.monotonic()
        return self.connection

    def drop(self):
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # noqa: BLE001 - a broken connection is dropped anyway
                logger.warning("newsletter: closing the ESP connection failed")
            self.connection = None


# The connection of this process, kept from one batch task to the next.
kept = Connections()
