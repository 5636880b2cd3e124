"""The web side of the sign-up and « mon lien » forms: one task queued,
the same way whoever the address belongs to.

The rules (subscriptions.apply_signup) and the choice of email run on the
worker (tasks.handle_signup, tasks.handle_manage_link_request): the web
process does the same work for a subscriber and for a stranger, so the
time it takes tells nothing about who is subscribed. It lives above the
tasks because it queues them.

A broker outage never loses a sign-up: when the task cannot be queued, the
sign-up is applied here, saved as pending, and the beat task
`send_pending_confirmations` sends its confirmation once the broker is back.
"""

import logging

from cooperation.queueing import enqueue
from newsletter import subscriptions, tasks

logger = logging.getLogger(__name__)


def request_subscription(
    *, email, first_name="", language="fr", lists=None, source_url="", ip_hash=""
):
    """Handle a sign-up form. The caller answers the same way in every case."""
    form = {
        "email": email,
        "first_name": first_name,
        "language": language,
        "lists": None if lists is None else sorted(item.pk for item in lists),
        "source_url": source_url,
        "ip_hash": ip_hash,
    }
    if not enqueue(tasks.handle_signup, (form,)):
        # Saved now; its confirmation waits for the beat task.
        subscriptions.apply_signup(**form)


def request_manage_link(email):
    """« Mon lien »: the worker decides whether the address gets a link."""
    enqueue(tasks.handle_manage_link_request, (email,))
