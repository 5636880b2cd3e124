"""What happens to a subscriber: confirmation, preferences, leaving, erasure.

Views, tasks and the unsubscribe mailbox call these functions; they hold
the rules so that each stays thin. Nothing here queues a task (the tasks
use these rules): the web side of a sign-up, which queues it, is in
newsletter/signup.py.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from newsletter.consent import CONSENT_WORDING, WORDING_VERSION
from newsletter.models import ConsentRecord, Subscriber, Suppression
from newsletter.models.audience import normalise_email

# What a sign-up form calls for: which email, if any (apply_signup).
SEND_CONFIRMATION = "confirmation"
SEND_MANAGE_LINK = "manage_link"


def record_consent(subscriber, action, *, source_url="", ip_hash="", wording=""):
    return ConsentRecord.objects.create(
        subscriber=subscriber,
        action=action,
        wording=str(wording),
        wording_version=WORDING_VERSION,
        source_url=source_url[:500],
        ip_hash=ip_hash,
    )


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


def apply_signup(
    *, email, first_name="", language="fr", lists=None, source_url="", ip_hash=""
):
    """A sign-up form, applied: returns the subscriber and which email is due
    (SEND_CONFIRMATION, SEND_MANAGE_LINK or None). Sends nothing."""
    email = normalise_email(email)
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = _locked_subscriber(email)
        if subscriber.status == Subscriber.Status.SUBSCRIBED:
            # Already in: nothing changes on the word of an anonymous form;
            # the owner of the address gets their preferences link instead.
            due = (
                subscriber.notice_sent_at is None
                or subscriber.notice_sent_at <= now - _retry_delay()
            )
            return subscriber, SEND_MANAGE_LINK if due else None

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
    return subscriber, SEND_CONFIRMATION


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
        # Asked by the person: the proof of consent goes too (unlike the
        # erasure after leaving, newsletter/retention.py, which keeps it).
        subscriber.consent_records.all().delete()
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
