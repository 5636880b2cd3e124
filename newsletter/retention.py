"""How long the newsletter keeps what it knows about people, as the CNIL
asks.

- Someone who unsubscribed, bounced or complained: their personal data
  (address, first name, lists, link secret, the deliveries naming their
  address) goes NEWSLETTER_DEPARTED_RETENTION_DAYS (30) after they left.
  Only a salted hash of the address stays, in `Suppression`, so that they
  are never mailed again unless they sign up and confirm once more.
- Their consent records stay as proof, naming the address by the same hash
  only, until NEWSLETTER_CONSENT_RETENTION_DAYS (three years) after the
  subscription ended; then they go too.

`apply` does both; the beat runs it daily (`tasks.apply_retention`). Each
step is idempotent, and `now` is a parameter so that tests move time.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from newsletter.models import ConsentRecord, Delivery, Subscriber, Suppression

DEPARTED = [
    Subscriber.Status.UNSUBSCRIBED,
    Subscriber.Status.BOUNCED,
    Subscriber.Status.COMPLAINED,
]
REASONS = {
    Subscriber.Status.UNSUBSCRIBED: Suppression.Reason.UNSUBSCRIBED,
    Subscriber.Status.BOUNCED: Suppression.Reason.BOUNCED,
    Subscriber.Status.COMPLAINED: Suppression.Reason.COMPLAINED,
}
# People erased per transaction: a short lock, whatever the backlog.
CHUNK = 500


def departed_due(now):
    """People who left more than the retention delay ago, and whose address
    no campaign still has in flight."""
    cutoff = now - timedelta(days=settings.NEWSLETTER_DEPARTED_RETENTION_DAYS)
    in_flight = Delivery.objects.filter(
        subscriber=OuterRef("pk"),
        status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING],
    )
    return Subscriber.objects.filter(
        status__in=DEPARTED, unsubscribed_at__lt=cutoff
    ).exclude(Exists(in_flight))


def start_the_clock(now):
    """Someone who left without a date (bounced before it was recorded)
    counts from today."""
    return Subscriber.objects.filter(
        status__in=DEPARTED, unsubscribed_at__isnull=True
    ).update(unsubscribed_at=now)


def erase_departed(now=None):
    """Erase the people who left long enough ago; returns how many."""
    now = now or timezone.now()
    start_the_clock(now)
    erased = 0
    while True:
        with transaction.atomic():
            people = list(
                departed_due(now)
                .select_for_update(skip_locked=True)
                .order_by("pk")[:CHUNK]
            )
            if not people:
                return erased
            for person in people:
                _erase(person)
            erased += len(people)


def _erase(person):
    email_hash = Suppression.hash_email(person.email)
    Suppression.objects.get_or_create(
        email_hash=email_hash, defaults={"reason": REASONS[person.status]}
    )
    person.consent_records.update(
        subscriber=None,
        email_hash=email_hash,
        subscription_ended_at=person.unsubscribed_at,
    )
    # The row goes with its deliveries (each names the address).
    person.delete()


def prune_consent_records(now=None):
    """Delete the proofs of consent kept long enough after the end of the
    subscription; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.NEWSLETTER_CONSENT_RETENTION_DAYS)
    deleted, _ = ConsentRecord.objects.filter(
        subscriber__isnull=True, subscription_ended_at__lt=cutoff
    ).delete()
    return deleted


def apply(now=None):
    """Both rules; returns (people erased, consent records deleted)."""
    now = now or timezone.now()
    return erase_departed(now), prune_consent_records(now)
