"""A sign-up from a form: the person saved as pending with their consent,
and the email that follows queued once the transaction commits.

It lives above the tasks because it queues them (the tasks use the rules
of newsletter/subscriptions.py, below them). Looking the tasks up by name
on the Celery app would have kept it in subscriptions.py, but would hide a
real dependency from the reader and from the layers check. A broker outage
never loses a sign-up: the row is saved first, and the beat task
`send_pending_confirmations` sends what could not be queued.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cooperation.queueing import enqueue_on_commit
from newsletter import tasks
from newsletter.consent import CONSENT_WORDING
from newsletter.models import ConsentRecord, Subscriber
from newsletter.models.audience import normalise_email
from newsletter.subscriptions import record_consent


def _retry_delay():
    return timedelta(minutes=settings.NEWSLETTER_CONFIRMATION_RETRY_MINUTES)


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
