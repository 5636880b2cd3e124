"""Claims: a batch takes queued rows, settles the ones whose fate is
unknown with the ESP, and gives back what it could not send."""

import uuid
from typing import NamedTuple

from django.db import connection as db
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from newsletter.models import Campaign, Delivery, Subscriber
from newsletter.sending import registry


class Recipient(NamedTuple):
    """What one message of a batch needs, read together with its claim."""

    delivery: int
    email: str
    subscriber: int
    first_name: str
    language: str
    secret: str
    version: str = ""  # the language of the version sent ("" the original)


def new_key():
    """A claim key for a batch run outside a task (a task's id is its key)."""
    return uuid.uuid4().hex


def claim(campaign_id, key, size):
    """Take up to `size` queued rows for the batch `key`, count the attempt,
    and return their recipients; committed on return.

    Nothing is taken unless the campaign is being prepared or sent, which
    is read under a share lock on its row: a pause or a cancel (an update of
    that row) waits for the claims under way, and a claim after it takes
    nothing. Once a pause has committed, only the rows already claimed (the
    batches in flight) still go out.
    """
    if db.vendor != "postgresql":
        with transaction.atomic():
            if not _is_sending(campaign_id):
                return []
            ids = list(
                Delivery.objects.select_for_update(skip_locked=True)
                .filter(campaign_id=campaign_id, status=Delivery.Status.QUEUED)
                .order_by("pk")
                .values_list("pk", flat=True)[:size]
            )
            Delivery.objects.filter(pk__in=ids).update(
                status=Delivery.Status.SENDING,
                claim_key=key,
                claimed_at=timezone.now(),
                attempts=F("attempts") + 1,
            )
        return _recipients(ids, key)
    # PostgreSQL: lock, claim and read in one statement (one write per
    # row); the rows are committed as `sending` before anything is sent.
    table, people = Delivery._meta.db_table, Subscriber._meta.db_table
    with transaction.atomic(), db.cursor() as cursor:
        if not _is_sending(campaign_id):
            return []
        cursor.execute(
            f"WITH picked AS (SELECT id FROM {table} "
            "WHERE campaign_id = %s AND status = 'queued' ORDER BY id LIMIT %s "
            "FOR UPDATE SKIP LOCKED), "
            f"claimed AS (UPDATE {table} AS d SET status = 'sending', "
            "claim_key = %s, claimed_at = %s, attempts = d.attempts + 1 "
            "FROM picked WHERE d.id = picked.id "
            "RETURNING d.id, d.email, d.subscriber_id, d.language) "
            "SELECT c.id, c.email, s.id, s.first_name, s.language, s.secret, "
            "c.language "
            f"FROM claimed AS c JOIN {people} AS s ON s.id = c.subscriber_id "
            "ORDER BY c.id",
            [campaign_id, size, key, timezone.now()],
        )
        return [Recipient(*row) for row in cursor.fetchall()]


def reclaim(ids, key):
    """Rows `key` already holds, about to be tried again: count the attempt
    and return their recipients."""
    Delivery.objects.filter(
        pk__in=ids, status=Delivery.Status.SENDING, claim_key=key
    ).update(attempts=F("attempts") + 1)
    return _recipients(ids, key)


def _recipients(ids, key):
    rows = (
        Delivery.objects.filter(
            pk__in=ids, status=Delivery.Status.SENDING, claim_key=key
        )
        .order_by("pk")
        .values_list(
            "pk",
            "email",
            "subscriber_id",
            "subscriber__first_name",
            "subscriber__language",
            "subscriber__secret",
            "language",
        )
    )
    return [Recipient(*row) for row in rows]


def _is_sending(campaign_id):
    statuses = [Campaign.Status.PREPARING.value, Campaign.Status.SENDING.value]
    if db.vendor != "postgresql":
        # SQLite: a laptop, where tasks run one at a time in the web process.
        return Campaign.objects.filter(pk=campaign_id, status__in=statuses).exists()
    with db.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {Campaign._meta.db_table} "
            "WHERE id = %s AND status IN (%s, %s) FOR SHARE",
            [campaign_id, *statuses],
        )
        return cursor.fetchone() is not None


def claimed_by(campaign_id, key):
    return list(
        Delivery.objects.filter(
            campaign_id=campaign_id, status=Delivery.Status.SENDING, claim_key=key
        ).values_list("pk", flat=True)
    )


def release(ids, key):
    """Give rows back to the queue: the ESP said it accepted none of them."""
    Delivery.objects.filter(
        pk__in=ids, status=Delivery.Status.SENDING, claim_key=key
    ).update(status=Delivery.Status.QUEUED, claim_key="", claimed_at=None)


def settle_unsure(campaign, ids, key):
    """Rows whose batch may have gone out: mark `sent` those the ESP accepted.

    Returns the ids still ours to send, or None when the ESP cannot tell (the
    rows are then `unknown`, never sent again automatically). Raises
    `requests.RequestException` when the ESP could not be asked; the rows
    stay claimed and the question is asked again later.
    """
    rows = dict(
        Delivery.objects.filter(
            pk__in=ids, status=Delivery.Status.SENDING, claim_key=key
        ).values_list("pk", "email")
    )
    if not rows:
        return []
    accepted = registry.configured().accepted(campaign, rows.values())
    if accepted is None:
        Delivery.objects.filter(pk__in=rows, claim_key=key).update(
            status=Delivery.Status.UNKNOWN,
            error="L'envoi a été interrompu et le prestataire ne peut pas dire "
            "s'il a reçu ce message.",
        )
        return None
    done = [pk for pk, email in rows.items() if email in accepted]
    if done:
        Delivery.objects.filter(pk__in=done, claim_key=key).update(
            status=Delivery.Status.SENT, sent_at=timezone.now()
        )
    return [pk for pk in rows if pk not in set(done)]


def hand_back(campaign, ids, key):
    """Rows `key` holds in a campaign that stopped (paused or cancelled)
    while their batch waited for a retry: those the ESP accepted are sent,
    the others go back to the queue, or are cancelled with the campaign.
    Raises `requests.RequestException` when the ESP could not be asked."""
    left = settle_unsure(campaign, ids, key)
    if not left:
        return
    if campaign.status == Campaign.Status.CANCELLED:
        Delivery.objects.filter(
            pk__in=left, status=Delivery.Status.SENDING, claim_key=key
        ).update(status=Delivery.Status.CANCELLED)
    else:
        release(left, key)


def stale_claims(campaign_id, older_than):
    """Claims left behind by dead batches, grouped by their key."""
    cutoff = timezone.now() - older_than
    rows = (
        Delivery.objects.filter(
            campaign_id=campaign_id,
            status=Delivery.Status.SENDING,
            claimed_at__lt=cutoff,
        )
        .values_list("claim_key", "pk")
        .order_by("claim_key")
    )
    keys = {}
    for key, pk in rows:
        keys.setdefault(key, []).append(pk)
    return keys
