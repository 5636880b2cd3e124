"""Who a campaign goes to, written down once as queued `Delivery` rows."""

from django.db import connection as db
from django.db import transaction
from django.db.models import Exists, OuterRef

from newsletter.models import Campaign, Delivery, Subscriber

SNAPSHOT_CHUNK = 5000
FIRST_CHUNK = 1000


def audience_of_lists(lists):
    """Mailable people on at least one of `lists`, each once."""
    memberships = Subscriber.lists.through.objects.filter(
        subscriber=OuterRef("pk"), mailinglist__in=lists
    )
    return Subscriber.objects.mailable().filter(Exists(memberships))


def audience(campaign):
    """Who the campaign goes to now: mailable people on one of its lists."""
    if campaign.resend_of_id:
        failed = Delivery.objects.filter(
            campaign_id=campaign.resend_of_id,
            subscriber=OuterRef("pk"),
            status=Delivery.Status.FAILED,
        )
        return Subscriber.objects.mailable().filter(Exists(failed))
    return audience_of_lists(campaign.lists.all())


def snapshot_recipients(campaign, chunk_size=SNAPSHOT_CHUNK, on_chunk=None):
    """Write one queued Delivery per recipient, a chunk at a time (keyset
    pagination: memory does not grow with the audience). Running it again
    adds only who is missing. `on_chunk(count)` is called after each chunk
    with the number of rows it added, so that sending can start at once."""
    people = audience(campaign).order_by("pk").values_list("pk", "email", "language")
    languages = campaign.languages
    last = 0
    # A small first chunk: the first batches leave while the rest is written.
    size = min(chunk_size, FIRST_CHUNK)
    while True:
        chunk = people.filter(pk__gt=last)[:size]
        size = chunk_size
        if db.vendor == "postgresql":
            last, added = _insert_chunk(campaign, chunk)
        else:
            rows = list(chunk)
            last = rows[-1][0] if rows else None
            added = len(
                Delivery.objects.bulk_create(
                    [
                        Delivery(
                            campaign=campaign,
                            subscriber_id=pk,
                            email=email,
                            language=(
                                language if language in languages else campaign.language
                            ),
                        )
                        for pk, email, language in rows
                    ],
                    ignore_conflicts=True,
                )
            )
        if last is None:
            return
        if on_chunk is not None and added:
            on_chunk(added)


def _insert_chunk(campaign, chunk):
    """INSERT … SELECT of one chunk inside PostgreSQL: no row comes to Python.
    Each row gets the version in the person's language when the campaign
    has one, else the original. Returns the chunk's last subscriber id (None
    when empty) and the count of rows added."""
    select, params = chunk.query.sql_with_params()
    table = Delivery._meta.db_table
    with db.cursor() as cursor:
        cursor.execute(
            f"WITH chunk(id, email, language) AS ({select}), added AS ("
            f"INSERT INTO {table} (campaign_id, subscriber_id, email, language, "
            "status, claim_key, attempts, message_id, error) "
            "SELECT %s, id, email, CASE WHEN language = ANY(%s) THEN language "
            "ELSE %s END, 'queued', '', 0, '', '' FROM chunk "
            "ON CONFLICT DO NOTHING RETURNING 1) "
            "SELECT (SELECT max(id) FROM chunk), (SELECT count(*) FROM added)",
            [*params, campaign.pk, campaign.languages, campaign.language],
        )
        return cursor.fetchone()


def end_preparation(campaign_id):
    """Every recipient is written: the campaign goes on sending. If it was
    cancelled meanwhile, the rows written after the cancel are cancelled
    too (the cancel only saw the rows written before it)."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
        if campaign is None:
            return None
        if campaign.status == Campaign.Status.PREPARING:
            campaign.status = Campaign.Status.SENDING
            campaign.save(update_fields=["status"])
        elif campaign.status == Campaign.Status.CANCELLED:
            campaign.deliveries.filter(status=Delivery.Status.QUEUED).update(
                status=Delivery.Status.CANCELLED
            )
    return campaign.status
