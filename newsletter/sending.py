"""Sending a campaign: recipients, batches, and the at-most-once state machine.

A campaign's recipients are written once, at the start, as `Delivery` rows
(`snapshot_recipients`). Batch tasks then each claim a chunk of queued rows
(`claim`: `select_for_update(skip_locked=True)`, marked `sending` with the
task's key and the time, committed before anything leaves), send the chunk
in one call to the ESP through Anymail's batch API, and mark it `sent`.

What makes a message go out at most once:

- a row is claimed by one batch only (row locks, and the `queued` state is
  left in the same transaction);
- rows still `sending` are never sent again blindly. They belong to a batch
  whose outcome is unknown (the worker died, the call timed out, the ESP
  answered 5xx). Before sending them again, the sender asks the ESP which
  of these addresses it already accepted for this campaign
  (`accepted_by_esp`) and marks those `sent`; only the others go out.
  With an ESP we cannot ask, they become `unknown` and stay unsent.
- `Delivery` is unique per (campaign, subscriber) and (campaign, address).
"""

import logging
import random
import time
import uuid
from datetime import timedelta
from typing import NamedTuple

import requests
from anymail.exceptions import AnymailError, AnymailRequestsAPIError
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation

from newsletter import emails, tokens
from newsletter.models import Campaign, Delivery, Subscriber
from newsletter.rendering import personalise

logger = logging.getLogger(__name__)

SNAPSHOT_CHUNK = 5000
FIRST_CHUNK = 1000
BREVO_BACKEND = "anymail.backends.brevo.EmailBackend"


class NotSent(Exception):
    """The ESP refused the batch for now (429): nothing was accepted."""


class Unsure(Exception):
    """The batch may or may not have been accepted (5xx, timeout, dropped)."""


# Recipients ---------------------------------------------------------------


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
    people = audience(campaign).order_by("pk").values_list("pk", "email")
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
                        Delivery(campaign=campaign, subscriber_id=pk, email=email)
                        for pk, email in rows
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
    Returns the chunk's last subscriber id (None when empty) and the count of
    rows added."""
    select, params = chunk.query.sql_with_params()
    table = Delivery._meta.db_table
    with db.cursor() as cursor:
        cursor.execute(
            f"WITH chunk(id, email) AS ({select}), added AS ("
            f"INSERT INTO {table} (campaign_id, subscriber_id, email, status, "
            "claim_key, attempts, message_id, error) "
            "SELECT %s, id, email, 'queued', '', 0, '', '' FROM chunk "
            "ON CONFLICT DO NOTHING RETURNING 1) "
            "SELECT (SELECT max(id) FROM chunk), (SELECT count(*) FROM added)",
            [*params, campaign.pk],
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


# Claims -------------------------------------------------------------------


class Recipient(NamedTuple):
    """What one message of a batch needs, read together with its claim."""

    delivery: int
    email: str
    subscriber: int
    first_name: str
    language: str
    secret: str


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
            "RETURNING d.id, d.email, d.subscriber_id) "
            "SELECT c.id, c.email, s.id, s.first_name, s.language, s.secret "
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
    accepted = accepted_by_esp(campaign, rows.values())
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


def accepted_by_esp(campaign, addresses):
    """The addresses the ESP already accepted a message for, for this
    campaign; None when the configured ESP offers no way to ask.

    Brevo: its events log lists a `requests` event, tagged with the
    campaign's tag, for every message it accepted.
    """
    if settings.EMAIL_BACKEND != BREVO_BACKEND:
        return None
    anymail = settings.ANYMAIL
    api_url = anymail.get("BREVO_API_URL", "https://api.brevo.com/v3/")
    if not api_url.endswith("/"):
        api_url += "/"
    accepted = set()
    started = (campaign.started_at or campaign.created_at).date()
    with requests.Session() as session:
        session.headers["api-key"] = anymail.get("BREVO_API_KEY", "")
        for address in addresses:
            response = session.get(
                f"{api_url}smtp/statistics/events",
                params={
                    "email": address,
                    "tags": campaign.esp_tag,
                    "event": "requests",
                    "startDate": started.isoformat(),
                    "endDate": timezone.now().date().isoformat(),
                    "limit": 10,
                },
                timeout=30,
            )
            response.raise_for_status()
            if response.json().get("events"):
                accepted.add(address)
    return accepted


# One batch ------------------------------------------------------------------


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


def personal_messages(campaign, recipients):
    """One message per person, filled in here (file or console backend on a
    laptop): never one message with every address in To."""
    links = Links()
    for recipient in recipients:
        params, headers = links.for_person(recipient)
        message = EmailMultiAlternatives(
            subject=campaign.subject,
            body=personalise(campaign.text_body, params),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient.email],
            headers=headers,
        )
        if campaign.html_body:
            message.attach_alternative(
                personalise(campaign.html_body, params), "text/html"
            )
        yield message


def idempotency_key(campaign, recipients):
    """The same UUID for the same campaign and the same recipients.

    A retry that sends exactly the batch it sent before (its fate unknown,
    and the ESP's log not showing it yet) carries the same key, and Brevo
    refuses the repeat instead of sending it twice. Another set of
    recipients makes another key.
    """
    ids = ",".join(str(recipient.delivery) for recipient in recipients)
    return str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.BASE_URL}/{campaign.pk}/{ids}")
    )


def build_message(campaign, recipients, idempotent=False):
    """One Anymail batch message: one version per recipient; with
    `idempotent`, Brevo's idempotency key in the request's headers."""
    message = EmailMultiAlternatives(
        subject=campaign.subject,
        body=campaign.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email for recipient in recipients],
    )
    if idempotent:
        message.extra_headers["idempotencyKey"] = idempotency_key(campaign, recipients)
    if campaign.html_body:
        message.attach_alternative(campaign.html_body, "text/html")
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
        if status is None or status >= 500 or repeated_request(error):
            raise Unsure(str(error)) from error
        raise
    return getattr(message, "anymail_status", None)


def repeated_request(error):
    """Brevo refused the request because its idempotency key was used in the
    last 30 minutes: the same batch went out before (or is going out). Not
    a failure; the rows stay claimed until the events log tells."""
    response = getattr(error, "response", None)
    if response is None or response.status_code != 400:
        return False
    try:
        return response.json().get("code") == "duplicate_parameter"
    except ValueError:
        return False


def takes_idempotency_key(connection):
    return type(connection).__module__ == "anymail.backends.brevo"


def send_claimed(campaign, recipients, key, connection=None):
    """Send the `Recipient`s claimed by `key`; record the outcome per row."""
    if not recipients:
        return 0
    ids = [recipient.delivery for recipient in recipients]
    if connection is not None and not speaks_merge_data(connection):
        connection.send_messages(list(personal_messages(campaign, recipients)))
        record_sent([(pk, "") for pk in ids], timezone.now(), key)
        return len(ids)
    message = build_message(
        campaign, recipients, idempotent=takes_idempotency_key(connection)
    )
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


# Pace and retries ------------------------------------------------------------

_RATE_SCRIPT = """
local now = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local slot = tonumber(redis.call('GET', KEYS[1]) or '0')
if slot < now then slot = now end
redis.call('SET', KEYS[1], tostring(slot + cost), 'EX', 3600)
return tostring(slot)
"""
_redis = None


def wait_for_rate(count):
    """Keep every worker together under NEWSLETTER_SEND_RATE messages per
    second: each batch books its slot on a timeline kept in Redis and
    sleeps until then."""
    rate = settings.NEWSLETTER_SEND_RATE
    if not rate or not settings.REDIS_URL:
        return 0.0
    global _redis
    if _redis is None:
        import redis

        _redis = redis.Redis.from_url(settings.REDIS_URL)
    now = time.time()
    slot = float(
        _redis.eval(_RATE_SCRIPT, 1, "newsletter:send-rate", now, count / rate)
    )
    delay = slot - now
    # Lua keeps 14 significant digits: a few microseconds are rounding.
    if delay < 0.001:
        return 0.0
    time.sleep(delay)
    return delay


def backoff(retries):
    """Exponential delay with jitter for the n-th retry."""
    base = settings.NEWSLETTER_RETRY_BASE_SECONDS
    delay = min(settings.NEWSLETTER_RETRY_MAX_SECONDS, base * (2**retries))
    return delay * random.uniform(0.5, 1.5)


# Campaign life cycle -------------------------------------------------------


def new_key():
    return uuid.uuid4().hex


def progress(campaign):
    """Counts per state, rate over the last minute and the expected end."""
    counts = dict(
        campaign.deliveries.values_list("status").annotate(n=Count("pk")).order_by()
    )
    total = sum(counts.values())
    sent = counts.get(Delivery.Status.SENT, 0)
    now = timezone.now()
    recent = campaign.deliveries.filter(
        status=Delivery.Status.SENT, sent_at__gte=now - timedelta(minutes=1)
    ).count()
    rate = recent / 60
    left = counts.get(Delivery.Status.QUEUED, 0) + counts.get(
        Delivery.Status.SENDING, 0
    )
    eta = now + timedelta(seconds=left / rate) if rate and left else None
    return {
        "total": total,
        "sent": sent,
        "queued": counts.get(Delivery.Status.QUEUED, 0),
        "sending": counts.get(Delivery.Status.SENDING, 0),
        "failed": counts.get(Delivery.Status.FAILED, 0),
        "bounced": counts.get(Delivery.Status.BOUNCED, 0),
        "unknown": counts.get(Delivery.Status.UNKNOWN, 0),
        "cancelled": counts.get(Delivery.Status.CANCELLED, 0),
        "percent": round(100 * sent / total) if total else 0,
        "rate": round(rate, 1),
        "expected_end": eta,
    }


def finish_if_done(campaign_id):
    """Mark the campaign done when nothing is queued or in flight."""
    busy = Delivery.objects.filter(
        campaign_id=campaign_id,
        status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING],
    ).exists()
    if busy:
        return False
    return bool(
        Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).update(
            status=Campaign.Status.DONE, finished_at=timezone.now()
        )
    )


def batches_needed(campaign_id):
    queued = Delivery.objects.filter(
        campaign_id=campaign_id, status=Delivery.Status.QUEUED
    ).count()
    size = settings.NEWSLETTER_BATCH_SIZE
    return -(-queued // size)


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


def is_idle(campaign_id, older_than):
    """No row of the campaign moved within `older_than`."""
    cutoff = timezone.now() - older_than
    return not Delivery.objects.filter(
        Q(claimed_at__gte=cutoff) | Q(sent_at__gte=cutoff),
        campaign_id=campaign_id,
    ).exists()


def open_connection():
    """One ESP connection (an HTTP session for Anymail)."""
    connection = get_connection()
    connection.open()
    return connection


class Connections:
    """The ESP connection a worker process keeps between its batches: with
    Brevo, one TLS handshake for many batches instead of one per batch.

    It is opened again when the settings that made it change (tests point
    the backend elsewhere), after an error (the connection may be broken),
    or when it has been idle longer than a server keeps a connection open.
    """

    IDLE_SECONDS = 30

    def __init__(self):
        self.connection = None
        self.made_with = None
        self.last_used = 0.0

    def get(self):
        made_with = (settings.EMAIL_BACKEND, repr(getattr(settings, "ANYMAIL", {})))
        idle = time.monotonic() - self.last_used > self.IDLE_SECONDS
        if self.connection is not None and (made_with != self.made_with or idle):
            self.drop()
        if self.connection is None:
            self.connection = open_connection()
            self.made_with = made_with
        self.last_used = time.monotonic()
        return self.connection

    def drop(self):
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # noqa: BLE001 - a broken connection is dropped anyway
                logger.warning("newsletter: closing the ESP connection failed")
            self.connection = None


connections = Connections()


# What the admin does with a campaign ------------------------------------------


def campaign_for_issue(page, user, scheduled_at=None):
    """Freeze the issue as a campaign; sent now, or by the beat at `scheduled_at`."""
    from newsletter import tasks
    from newsletter.rendering import render_issue
    from newsletter.queueing import enqueue_on_commit

    send_date = timezone.localdate(scheduled_at) if scheduled_at else None
    html, text = render_issue(page, send_date=send_date)
    campaign = Campaign.objects.create(
        page=page,
        subject=page.subject,
        html_body=html,
        text_body=text,
        created_by=user,
        status=Campaign.Status.SCHEDULED if scheduled_at else Campaign.Status.DRAFT,
        scheduled_at=scheduled_at,
    )
    campaign.lists.set(page.lists.all())
    if not scheduled_at:
        enqueue_on_commit(tasks.start_campaign, campaign.pk)
    return campaign


def pause(campaign):
    """Batches not yet started stop; a batch in flight finishes."""
    return Campaign.objects.filter(
        pk=campaign.pk, status=Campaign.Status.SENDING
    ).update(status=Campaign.Status.PAUSED)


def resume(campaign):
    from newsletter import tasks

    resumed = Campaign.objects.filter(
        pk=campaign.pk, status=Campaign.Status.PAUSED
    ).update(status=Campaign.Status.SENDING)
    if resumed:
        # The worker counts the batches (with its own batch size); if the
        # broker is down, the beat's resume_campaigns carries on instead.
        from newsletter.queueing import enqueue_on_commit

        enqueue_on_commit(tasks.continue_campaign, campaign.pk)
    return resumed


def cancel(campaign):
    """Nothing more leaves; what was sent stays sent."""
    with transaction.atomic():
        cancelled = Campaign.objects.filter(
            pk=campaign.pk,
            status__in=[
                Campaign.Status.DRAFT,
                Campaign.Status.SCHEDULED,
                Campaign.Status.PREPARING,
                Campaign.Status.SENDING,
                Campaign.Status.PAUSED,
            ],
        ).update(status=Campaign.Status.CANCELLED, finished_at=timezone.now())
        if cancelled:
            campaign.deliveries.filter(status=Delivery.Status.QUEUED).update(
                status=Delivery.Status.CANCELLED
            )
    return cancelled


def resend_failed(campaign, user):
    """A new campaign, same content, to the failed recipients only."""
    from newsletter import tasks
    from newsletter.queueing import enqueue_on_commit

    retry = Campaign.objects.create(
        page=campaign.page,
        subject=campaign.subject,
        html_body=campaign.html_body,
        text_body=campaign.text_body,
        created_by=user,
        resend_of=campaign,
    )
    retry.lists.set(campaign.lists.all())
    enqueue_on_commit(tasks.start_campaign, retry.pk)
    return retry
