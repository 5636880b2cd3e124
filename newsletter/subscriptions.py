"""What happens to a subscriber: sign-up, confirmation, preferences, leaving.

Views and tasks call these functions; they hold the rules so that both stay
thin. Emails are queued once the database transaction has committed, and a
broker outage never loses a subscription: the row is saved first and the
beat task `send_pending_confirmations` sends what could not be queued.
"""

import logging
from datetime import timedelta

import kombu.exceptions
import redis.exceptions
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from newsletter.consent import CONSENT_WORDING, WORDING_VERSION
from newsletter.models import (
    ConsentRecord,
    Subscriber,
    Suppression,
)
from newsletter.models.audience import normalise_email

logger = logging.getLogger(__name__)

# What a broker outage looks like from the web process.
BROKER_ERRORS = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
)


def enqueue_on_commit(task, *args):
    """Queue `task` once the current transaction commits, never failing.

    If the broker is unreachable the error is logged and swallowed: what the
    task was to do is already recorded in the database, and a beat task
    picks it up when the broker is back.
    """

    def send():
        app = task.app
        try:
            if app.conf.task_always_eager:
                task.apply_async(args=args)
                return
            # Fail fast: by default kombu retries the connection for seconds,
            # and the visitor would wait that long for their answer page.
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, interval_start=0)
                task.apply_async(args=args, connection=connection, retry=False)
        except BROKER_ERRORS:
            logger.warning(
                "newsletter: broker unreachable, %s(%s) left to the beat task",
                task.name,
                ", ".join(str(arg) for arg in args),
            )

    transaction.on_commit(send)


def _retry_delay():
    return timedelta(minutes=settings.NEWSLETTER_CONFIRMATION_RETRY_MINUTES)


def record_consent(subscriber, action, *, source_url="", ip_hash="", wording=""):
    return ConsentRecord.objects.create(
        subscriber=subscriber,
        action=action,
        wording=str(wording),
        wording_version=WORDING_VERSION,
        source_url=source_url[:500],
        ip_hash=ip_hash,
    )


def _locked_subscriber(email):
    """The subscriber for this address, locked, created pending if new."""
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is not None:
        return subscriber, False
    try:
        with transaction.atomic():
            return Subscriber.objects.create(email=email), True
    except IntegrityError:
        # Someone else created it between our read and our write.
        return Subscriber.objects.select_for_update().get(email=email), False


def request_subscription(
    *, email, first_name="", language="fr", lists=None, source_url="", ip_hash=""
):
    """Handle a sign-up form. The caller answers the same way in every case."""
    from newsletter import tasks

    email = normalise_email(email)
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = _locked_subscriber(email)
        if subscriber.status == Subscriber.Status.SUBSCRIBED:
            # Already in: nothing changes on the word of an anonymous form;
            # the owner of the address gets their preferences link instead.
            if (
                subscriber.notice_sent_at is None
                or subscriber.notice_sent_at <= now - _retry_delay()
            ):
                enqueue_on_commit(tasks.send_manage_link, subscriber.pk)
            return subscriber

        # New, pending, or back after leaving: pending until confirmed.
        subscriber.status = Subscriber.Status.PENDING
        if first_name:
            subscriber.first_name = first_name
        subscriber.language = language
        sent = subscriber.confirmation_sent_at
        if created or sent is None or sent <= now - _retry_delay():
            subscriber.confirmation_requested_at = now
        subscriber.save()
        if lists is not None:
            subscriber.lists.set(lists)
        record_consent(
            subscriber,
            ConsentRecord.Action.SUBSCRIBE,
            source_url=source_url,
            ip_hash=ip_hash,
            wording=CONSENT_WORDING,
        )
        enqueue_on_commit(tasks.send_confirmation, subscriber.pk)
    return subscriber


def confirm(subscriber, *, lists=None, source_url="", ip_hash=""):
    """Double opt-in, second step: the person clicked and confirmed."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status != Subscriber.Status.PENDING:
            return subscriber
        subscriber.status = Subscriber.Status.SUBSCRIBED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save()
        if lists is not None:
            subscriber.lists.set(lists)
        record_consent(
            subscriber,
            ConsentRecord.Action.CONFIRM,
            source_url=source_url,
            ip_hash=ip_hash,
            wording=CONSENT_WORDING,
        )
        Suppression.objects.filter(
            email_hash=Suppression.hash_email(subscriber.email)
        ).delete()
    return subscriber


def unsubscribe(subscriber, *, source_url="", ip_hash=""):
    """Leave every list at once. Doing it twice changes nothing."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status in (
            Subscriber.Status.SUBSCRIBED,
            Subscriber.Status.PENDING,
        ):
            subscriber.status = Subscriber.Status.UNSUBSCRIBED
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save()
            record_consent(
                subscriber,
                ConsentRecord.Action.UNSUBSCRIBE,
                source_url=source_url,
                ip_hash=ip_hash,
            )
    return subscriber


def update_preferences(
    subscriber, *, first_name, language, lists, source_url="", ip_hash=""
):
    with transaction.atomic():
        subscriber.first_name = first_name
        subscriber.language = language
        subscriber.save()
        subscriber.lists.set(lists)
        record_consent(
            subscriber,
            ConsentRecord.Action.PREFERENCES,
            source_url=source_url,
            ip_hash=ip_hash,
            wording=CONSENT_WORDING,
        )
    return subscriber


def erase(subscriber):
    """Delete everything about the person; keep only a hash of the address
    so that it is never mailed again unless they sign up and confirm."""
    with transaction.atomic():
        Suppression.objects.get_or_create(
            email_hash=Suppression.hash_email(subscriber.email),
            defaults={"reason": Suppression.Reason.ERASED},
        )
        # Every link sent so far dies with the row: tokens name a row and its
        # secret, and a later sign-up gets a new row with a new secret.
        subscriber.delete()


def export_data(subscriber):
    """Everything we hold about the person, as plain JSON-ready data."""

    def when(value):
        return value.isoformat() if value else None

    return {
        "email": subscriber.email,
        "first_name": subscriber.first_name,
        "language": subscriber.language,
        "status": subscriber.status,
        "lists": [
            {"slug": mailing_list.slug, "name": mailing_list.name}
            for mailing_list in subscriber.lists.all()
        ],
        "created_at": when(subscriber.created_at),
        "confirmed_at": when(subscriber.confirmed_at),
        "unsubscribed_at": when(subscriber.unsubscribed_at),
        "confirmation_requested_at": when(subscriber.confirmation_requested_at),
        "confirmation_sent_at": when(subscriber.confirmation_sent_at),
        "soft_bounce_count": subscriber.soft_bounce_count,
        "consent_records": [
            {
                "date": when(record.created_at),
                "action": record.action,
                "wording": record.wording,
                "wording_version": record.wording_version,
                "source_url": record.source_url,
                "ip_hash": record.ip_hash,
            }
            for record in subscriber.consent_records.all()
        ],
    }


def purge_unconfirmed(now=None):
    """Forget sign-ups never confirmed within NEWSLETTER_PENDING_TTL_DAYS.

    People who had confirmed once, left, then asked again without confirming
    simply go back to "unsubscribed".
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.NEWSLETTER_PENDING_TTL_DAYS)
    stale = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING, created_at__lt=cutoff
    ).exclude(confirmation_requested_at__gte=cutoff)
    stale.filter(confirmed_at__isnull=False).update(
        status=Subscriber.Status.UNSUBSCRIBED
    )
    _, per_model = stale.filter(confirmed_at__isnull=True).delete()
    return per_model.get("newsletter.Subscriber", 0)
