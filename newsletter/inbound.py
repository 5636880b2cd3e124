"""Mail to the unsubscribe mailbox: the mailto: half of List-Unsubscribe.

Every campaign email names NEWSLETTER_UNSUBSCRIBE_MAILTO in its
List-Unsubscribe header, with the person's signed unsubscribe token as the
subject (newsletter/emails.py). Brevo's inbound parsing receives that mail
and posts it to Anymail's `/anymail/brevo/inbound/`, behind the same basic
auth as the tracking webhooks (newsletter/webhooks.py); Anymail's `inbound`
signal brings it here. A valid token unsubscribes exactly as the one-click
POST does; anything else is logged and dropped, without an error (an error
would only make the ESP retry a message that will never be valid).
"""

import logging
import re

from anymail.signals import inbound
from django.conf import settings
from django.dispatch import receiver

from newsletter import subscriptions, tokens
from newsletter.models.audience import normalise_email

logger = logging.getLogger(__name__)

# "Re:", "RE :", "Fwd:", "TR:" (French forward)… however many, at the start.
REPLY_PREFIXES = re.compile(r"^(?:\s*(?:re|fwd?|tr)\s*:)+", re.IGNORECASE)


def token_from_subject(subject):
    """The token a subject carries: reply prefixes and whitespace removed.

    A token never holds whitespace, so a subject folded or padded by a mail
    client gives the same token back.
    """
    subject = REPLY_PREFIXES.sub("", subject or "")
    return "".join(subject.split())


def _esp_field(esp_event, name):
    return esp_event.get(name) if isinstance(esp_event, dict) else None


def _subject(event):
    # Anymail builds the message from the headers; Brevo also sends the
    # parsed subject on its own, used when the header is missing.
    return event.message.subject or _esp_field(event.esp_event, "Subject") or ""


def _recipients(event):
    message = event.message
    addresses = [address.addr_spec for address in message.to + message.cc]
    if message.envelope_recipient:
        addresses.append(message.envelope_recipient)
    # Brevo: "To": [{"Name": …, "Address": …}], also outside the headers.
    for item in _esp_field(event.esp_event, "To") or []:
        if isinstance(item, dict) and item.get("Address"):
            addresses.append(item["Address"])
    return {normalise_email(address) for address in addresses}


def is_for_unsubscribe_mailbox(event):
    mailbox = normalise_email(settings.NEWSLETTER_UNSUBSCRIBE_MAILTO)
    return bool(mailbox) and mailbox in _recipients(event)


@receiver(inbound, dispatch_uid="newsletter.inbound")
def on_inbound_message(sender, event, esp_name, **kwargs):
    if event.message is None or not is_for_unsubscribe_mailbox(event):
        logger.info("newsletter: %s inbound mail to another address, ignored", esp_name)
        return
    token = token_from_subject(_subject(event))
    subscriber = tokens.read_token(token, tokens.UNSUBSCRIBE) if token else None
    if subscriber is None:
        logger.info(
            "newsletter: %s mail to the unsubscribe mailbox without a valid "
            "token, ignored",
            esp_name,
        )
        return
    subscriptions.unsubscribe(
        subscriber,
        source_url=f"mailto:{normalise_email(settings.NEWSLETTER_UNSUBSCRIBE_MAILTO)}",
    )
    logger.info("newsletter: subscriber %s unsubscribed by mail", subscriber.pk)
