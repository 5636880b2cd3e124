"""One batch: a message per recipient or one Anymail batch call, its
outcome sorted (sent, refused, not sent, unsure) and written per row."""

import logging

from anymail.exceptions import AnymailError, AnymailRequestsAPIError
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection as db
from django.urls import reverse
from django.utils import timezone, translation

from newsletter import emails, tokens
from newsletter.models import Delivery
from newsletter.rendering import personalise
from newsletter.sending import registry

logger = logging.getLogger(__name__)


class NotSent(Exception):
    """The ESP refused the batch for now (429): nothing was accepted."""


class Unsure(Exception):
    """The batch may or may not have been accepted (5xx, timeout, dropped)."""


class Links:
    """Signed links for many people: each address pattern is reversed once
    per language and each signer built once, then only the token changes."""

    MARK = "TOKEN-PLACE"

    def __init__(self):
        self.patterns = {}
        self.unsubscribe_token = tokens.TokenMaker(tokens.UNSUBSCRIBE)
        self.manage_token = tokens.TokenMaker(tokens.MANAGE)

    def url(self, name, language, token):
        key = (name, language)
        if key not in self.patterns:
            with translation.override(language):
                path = reverse(name, args=[self.MARK])
            self.patterns[key] = emails.absolute_url(path)
        return self.patterns[key].replace(self.MARK, token)

    def for_person(self, recipient):
        """(merge data, headers) of one `Recipient`."""
        language = recipient.language
        unsubscribe_token = self.unsubscribe_token(
            recipient.subscriber, recipient.secret
        )
        unsubscribe_url = self.url(
            "newsletter:unsubscribe", language, unsubscribe_token
        )
        manage_url = self.url(
            "newsletter:manage",
            language,
            self.manage_token(recipient.subscriber, recipient.secret),
        )
        params = {
            "first_name": recipient.first_name,
            "manage_url": manage_url,
            "unsubscribe_url": unsubscribe_url,
        }
        headers = emails.unsubscribe_headers_for(unsubscribe_url, unsubscribe_token)
        return params, headers


def speaks_merge_data(connection):
    """Anymail backends fill per-recipient data in; Django's own do not."""
    return type(connection).__module__.startswith("anymail.")


def by_version(recipients):
    """The recipients grouped by the language of their version, in order:
    one ESP call per language, since the bodies differ."""
    groups = {}
    for recipient in recipients:
        groups.setdefault(recipient.version, []).append(recipient)
    return groups


def personal_messages(campaign, recipients):
    """One message per person, filled in here (file or console backend on a
    laptop): never one message with every address in To."""
    links = Links()
    for recipient in recipients:
        subject, html_body, text_body = campaign.version(recipient.version)
        params, headers = links.for_person(recipient)
        message = EmailMultiAlternatives(
            subject=subject,
            body=personalise(text_body, params),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient.email],
            headers=headers,
        )
        if html_body:
            message.attach_alternative(personalise(html_body, params), "text/html")
        yield message


def build_message(campaign, recipients):
    """One Anymail batch message for recipients of one version: one set of
    merge data per recipient (what the ESP needs on top is added by its
    `prepare`)."""
    subject, html_body, text_body = campaign.version(recipients[0].version)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email for recipient in recipients],
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.tags = [campaign.esp_tag]
    message.metadata = {"campaign": campaign.pk}
    message.merge_data = {}
    message.merge_headers = {}
    message.merge_metadata = {}
    links = Links()
    for recipient in recipients:
        params, headers = links.for_person(recipient)
        message.merge_data[recipient.email] = params
        message.merge_headers[recipient.email] = headers
        message.merge_metadata[recipient.email] = {"delivery": recipient.delivery}
    return message


def post(message, connection):
    """Send through the ESP; sort its errors into NotSent / Unsure / permanent."""
    message.connection = connection
    try:
        message.send(fail_silently=False)
    except AnymailRequestsAPIError as error:
        status = getattr(error, "status_code", None)
        if status == 429:
            raise NotSent(str(error)) from error
        esp = registry.for_connection(connection)
        if status is None or status >= 500 or esp.is_repeat(error):
            raise Unsure(str(error)) from error
        raise
    return getattr(message, "anymail_status", None)


def send_claimed(campaign, recipients, key, connection=None):
    """Send the `Recipient`s claimed by `key`, one ESP call per version
    (language); record each call's outcome per row before the next call.

    If a call raises `NotSent` or `Unsure`, the rows of the calls before it
    are already `sent`; the others stay claimed for the task to release or
    settle, as for a batch of one version.
    """
    if not recipients:
        return 0
    if connection is not None and not speaks_merge_data(connection):
        connection.send_messages(list(personal_messages(campaign, recipients)))
        ids = [recipient.delivery for recipient in recipients]
        record_sent([(pk, "") for pk in ids], timezone.now(), key)
        return len(ids)
    return sum(
        _send_version(campaign, group, key, connection)
        for group in by_version(recipients).values()
    )


def _send_version(campaign, recipients, key, connection):
    ids = [recipient.delivery for recipient in recipients]
    message = build_message(campaign, recipients)
    registry.for_connection(connection).prepare(message, campaign, recipients)
    try:
        status = post(message, connection)
    except AnymailError as error:
        Delivery.objects.filter(pk__in=ids, claim_key=key).update(
            status=Delivery.Status.FAILED, error=str(error)[:2000]
        )
        logger.warning("newsletter: campaign %s batch refused: %s", campaign.pk, error)
        return 0
    results = getattr(status, "recipients", {}) if status else {}
    sent, refused = [], {}
    for recipient in recipients:
        result = results.get(recipient.email)
        if result is not None and result.status in ("rejected", "invalid"):
            refused.setdefault(result.status, []).append(recipient.delivery)
            continue
        sent.append((recipient.delivery, (result.message_id or "") if result else ""))
    record_sent(sent, timezone.now(), key)
    for reason, refused_ids in refused.items():
        Delivery.objects.filter(pk__in=refused_ids, claim_key=key).update(
            status=Delivery.Status.FAILED, error=reason
        )
    return len(sent)


def record_sent(sent, now, key):
    """Mark rows sent with their message ids: `sent` holds (delivery id,
    message id) pairs. On PostgreSQL in one statement that finds the rows by
    primary key and each one's message id by its place in the array (a
    bulk_update writes a CASE per row; a VALUES list costs more to plan
    than the call to the ESP; a join on an unnested array gets planned as a
    nested loop over every pair, the claim key being thought to match one
    row)."""
    if not sent:
        return
    if db.vendor != "postgresql":
        for pk, message_id in sent:
            Delivery.objects.filter(
                pk=pk, claim_key=key, status=Delivery.Status.SENDING
            ).update(status=Delivery.Status.SENT, sent_at=now, message_id=message_id)
        return
    ids = [pk for pk, _ in sent]
    message_ids = [message_id for _, message_id in sent]
    table = Delivery._meta.db_table
    with db.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = 'sent', sent_at = %s, "
            "message_id = (%s::text[])[array_position(%s::bigint[], id)] "
            "WHERE id = ANY(%s::bigint[]) AND claim_key = %s "
            "AND status = 'sending'",
            [now, message_ids, ids, ids, key],
        )
