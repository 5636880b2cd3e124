"""Brevo: its events log tells which messages it accepted, and its
idempotency key makes it refuse a batch it already took.

Everything the sender knows about Brevo in particular is here; the rest of
the package speaks to any ESP Anymail knows.
"""

import uuid

import requests
from django.conf import settings
from django.utils import timezone

from newsletter.sending.esp import Esp

BACKEND = "anymail.backends.brevo.EmailBackend"


def idempotency_key(campaign, recipients):
    """The same UUID for the same campaign and the same recipients.

    A retry that sends exactly the batch it sent before (its fate unknown,
    and the ESP's log not showing it yet) carries the same key, and Brevo
    refuses the repeat instead of sending it twice. Another set of
    recipients makes another key.
    """
    ids = ",".join(str(recipient.delivery) for recipient in recipients)
    return str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.BASE_URL}/{campaign.pk}/{ids}")
    )


class Brevo(Esp):
    def accepted(self, campaign, addresses):
        """Brevo's events log lists a `requests` event, tagged with the
        campaign's tag, for every message it accepted."""
        anymail = settings.ANYMAIL
        api_url = anymail.get("BREVO_API_URL", "https://api.brevo.com/v3/")
        if not api_url.endswith("/"):
            api_url += "/"
        accepted = set()
        started = (campaign.started_at or campaign.created_at).date()
        with requests.Session() as session:
            session.headers["api-key"] = anymail.get("BREVO_API_KEY", "")
            for address in addresses:
                response = session.get(
                    f"{api_url}smtp/statistics/events",
                    params={
                        "email": address,
                        "tags": campaign.esp_tag,
                        "event": "requests",
                        "startDate": started.isoformat(),
                        "endDate": timezone.now().date().isoformat(),
                        "limit": 10,
                    },
                    timeout=30,
                )
                response.raise_for_status()
                if response.json().get("events"):
                    accepted.add(address)
        return accepted

    def prepare(self, message, campaign, recipients):
        """The idempotency key goes in the request's headers."""
        message.extra_headers["idempotencyKey"] = idempotency_key(campaign, recipients)

    def is_repeat(self, error):
        """Brevo refused the request because its idempotency key was used in
        the last 30 minutes: the same batch went out before (or is going
        out). Not a failure; the rows stay claimed until the events log
        tells."""
        response = getattr(error, "response", None)
        if response is None or response.status_code != 400:
            return False
        try:
            return response.json().get("code") == "duplicate_parameter"
        except ValueError:
            return False
