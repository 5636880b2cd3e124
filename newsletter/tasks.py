"""Celery tasks of the newsletter: transactional emails and housekeeping.

Each task may run twice (acks_late, beat catching up): they check the
database before sending and lock the row while they do.
"""

import logging
import smtplib
from datetime import timedelta

from anymail.exceptions import AnymailError
from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsletter import emails, subscriptions
from newsletter.models import Subscriber

logger = logging.getLogger(__name__)

# How many confirmations one beat run sends at most.
PENDING_BATCH = 500


@shared_task(name="newsletter.tasks.send_confirmation")
def send_confirmation(subscriber_id):
    """Send the double opt-in email, unless it is not (or no longer) due."""
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.confirmation_due()
            .select_for_update(skip_locked=True)
            .filter(pk=subscriber_id)
            .first()
        )
        if subscriber is None:
            return False
        emails.send_confirmation(subscriber)
        subscriber.confirmation_sent_at = timezone.now()
        subscriber.save(update_fields=["confirmation_sent_at"])
    logger.info("newsletter: confirmation sent to subscriber %s", subscriber_id)
    return True


@shared_task(name="newsletter.tasks.send_manage_link")
def send_manage_link(subscriber_id):
    """Send the preferences link, at most once per retry delay."""
    cutoff = timezone.now() - timedelta(
        minutes=settings.NEWSLETTER_CONFIRMATION_RETRY_MINUTES
    )
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update(skip_locked=True)
            .filter(pk=subscriber_id)
            .exclude(notice_sent_at__gt=cutoff)
            .first()
        )
        if subscriber is None:
            return False
        if subscriber.status == Subscriber.Status.PENDING:
            # Not confirmed yet: the confirmation is what they need.
            transaction.on_commit(lambda: send_confirmation(subscriber_id))
            return False
        emails.send_manage_link(subscriber)
        subscriber.notice_sent_at = timezone.now()
        subscriber.save(update_fields=["notice_sent_at"])
    return True


@shared_task(name="newsletter.tasks.send_data_export")
def send_data_export(subscriber_id):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    emails.send_data_export(subscriber)
    return True


@shared_task(name="newsletter.tasks.send_pending_confirmations")
def send_pending_confirmations():
    """Beat: send the confirmations that could not be queued, or failed."""
    ids = list(
        Subscriber.objects.confirmation_due()
        .order_by("confirmation_requested_at")
        .values_list("pk", flat=True)[:PENDING_BATCH]
    )
    sent = 0
    for pk in ids:
        try:
            sent += bool(send_confirmation(pk))
        except (OSError, smtplib.SMTPException, AnymailError):
            # One address the provider refuses must not hold up the others.
            logger.exception("newsletter: confirmation to subscriber %s failed", pk)
    if ids:
        logger.info("newsletter: %s of %s pending confirmations sent", sent, len(ids))
    return sent


@shared_task(name="newsletter.tasks.purge_unconfirmed")
def purge_unconfirmed():
    """Beat, daily: forget sign-ups never confirmed."""
    deleted = subscriptions.purge_unconfirmed()
    logger.info("newsletter: %s unconfirmed sign-ups deleted", deleted)
    return deleted
