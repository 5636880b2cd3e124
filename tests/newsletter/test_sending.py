"""Sending a campaign in this process, through Anymail's real Brevo backend
to the fake Brevo service: the state machine, the batch content, errors."""

import json
import threading
import time

import pytest
from django.db import connection, transaction

from newsletter import actions, tasks
from newsletter.models import Campaign, Delivery, Subscriber
from newsletter.sending import (
    batches,
    brevo,
    claims,
    connections,
    pacing,
    registry,
    snapshot,
)
from tests.newsletter.conftest import make_audience, make_campaign

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def small_batches(settings):
    settings.NEWSLETTER_BATCH_SIZE = 10
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 0


def test_campaign_reaches_every_mailable_subscriber_once(
    use_fake_brevo, mailing_lists, small_batches
):
    agenda, famille = mailing_lists["agenda"], mailing_lists["les-ors"]
    make_audience(25, agenda)
    both = make_audience(5, famille, prefix="double")
    for person in both:
        person.lists.add(agenda)
    make_audience(3, agenda, prefix="attente", status="pending")
    make_audience(2, agenda, prefix="parti", status="unsubscribed")
    campaign = make_campaign(agenda, famille)

    tasks.start_campaign.delay(campaign.pk)

    received = use_fake_brevo.recipients()
    assert len(received) == 30
    assert set(received.values()) == {1}
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DONE
    assert campaign.deliveries.filter(status=Delivery.Status.SENT).count() == 30
    assert not campaign.deliveries.exclude(message_id__startswith="<").exists()


def test_each_recipient_gets_own_unsubscribe_headers_and_delivery_id(
    fake_brevo, use_fake_brevo, mailing_lists, small_batches, monkeypatch
):
    bodies = []
    accept = fake_brevo._accept

    def keep(payload):
        bodies.append(payload)
        return accept(payload)

    monkeypatch.setattr(fake_brevo, "_accept", keep)
    make_audience(3, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])

    tasks.start_campaign.delay(campaign.pk)

    [payload] = bodies
    assert payload["tags"] == [campaign.esp_tag]
    versions = payload["messageVersions"]
    assert len(versions) == 3
    for version in versions:
        [to] = version["to"]
        delivery = Delivery.objects.get(campaign=campaign, email=to["email"])
        headers = version["headers"]
        assert json.loads(headers["X-Mailin-custom"])["delivery"] == delivery.pk
        assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/desinscription/" in headers["List-Unsubscribe"]
        assert "/desinscription/" in version["params"]["unsubscribe_url"]
    unsubscribe_links = {v["headers"]["List-Unsubscribe"] for v in versions}
    assert len(unsubscribe_links) == 3


def test_429_and_500_are_retried_and_nothing_is_doubled(
    use_fake_brevo, mailing_lists, small_batches
):
    make_audience(30, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    use_fake_brevo.fail_next(2, status=429)
    use_fake_brevo.fail_next(2, status=500)

    tasks.start_campaign.delay(campaign.pk)

    assert use_fake_brevo.calls["429"] == 2
    assert use_fake_brevo.calls["500"] == 2
    received = use_fake_brevo.recipients()
    assert len(received) == 30
    assert set(received.values()) == {1}
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.DONE


def test_connection_dropped_after_accepting_is_not_sent_twice(
    use_fake_brevo, mailing_lists, small_batches
):
    make_audience(20, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    use_fake_brevo.drop_next(1, after_accepting=True)
    use_fake_brevo.drop_next(1, after_accepting=False)

    tasks.start_campaign.delay(campaign.pk)

    assert use_fake_brevo.calls["dropped"] == 2
    received = use_fake_brevo.recipients()
    assert len(received) == 20
    assert set(received.values()) == {1}
    assert campaign.deliveries.filter(status=Delivery.Status.SENT).count() == 20


def test_idempotency_key_stops_a_repeat_while_the_events_log_lags(
    use_fake_brevo, mailing_lists, small_batches, settings
):
    """The connection drops after Brevo accepted a batch, and its events log
    does not show it yet: the retry sends the same batch with the same
    idempotency key, Brevo refuses it, and the rows wait, claimed, until the
    log shows them. Nobody gets the message twice, nobody is forgotten."""
    settings.NEWSLETTER_MAX_RETRIES = 2
    make_audience(10, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    use_fake_brevo.hide_events = True
    use_fake_brevo.drop_next(1, after_accepting=True)

    tasks.start_campaign.delay(campaign.pk)

    assert use_fake_brevo.calls["duplicate"] == 2
    assert set(use_fake_brevo.recipients().values()) == {1}
    assert campaign.deliveries.filter(status=Delivery.Status.SENDING).count() == 10
    assert campaign.deliveries.filter(status=Delivery.Status.FAILED).count() == 0

    use_fake_brevo.hide_events = False
    tasks.resume_campaigns(stale_after_seconds=0)

    received = use_fake_brevo.recipients()
    assert len(received) == 10
    assert set(received.values()) == {1}
    assert campaign.deliveries.filter(status=Delivery.Status.SENT).count() == 10
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.DONE


def test_idempotency_key_is_the_same_for_the_same_batch_only(mailing_lists):
    make_audience(4, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    other = make_campaign(mailing_lists["agenda"])
    for each in (campaign, other):
        each.status = Campaign.Status.SENDING
        each.save()
        snapshot.snapshot_recipients(each)
    first = claims.claim(campaign.pk, "batch", 4)
    assert len(first) == 4
    second = claims.claim(other.pk, "batch", 4)
    key = brevo.idempotency_key(campaign, first)
    assert key == brevo.idempotency_key(campaign, list(first))
    assert key != brevo.idempotency_key(campaign, first[:3])
    assert key != brevo.idempotency_key(other, second)
    # The ESP chosen by the backend adds it: Brevo does, a backend without
    # idempotency keys does not.
    message = batches.build_message(campaign, first)
    assert "idempotencyKey" not in message.extra_headers
    registry.for_backend(LOCMEM).prepare(message, campaign, first)
    assert "idempotencyKey" not in message.extra_headers
    registry.for_backend(brevo.BACKEND).prepare(message, campaign, first)
    assert message.extra_headers["idempotencyKey"] == key


def test_permanent_error_is_recorded_per_recipient(
    use_fake_brevo, mailing_lists, small_batches
):
    make_audience(5, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    use_fake_brevo.fail_next(1, status=400)

    tasks.start_campaign.delay(campaign.pk)

    failed = campaign.deliveries.filter(status=Delivery.Status.FAILED)
    assert failed.count() == 5
    assert all("400" in delivery.error for delivery in failed)
    assert use_fake_brevo.recipients() == {}
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.DONE


def test_stale_claim_is_settled_with_the_esp_before_resending(
    use_fake_brevo, mailing_lists, small_batches
):
    """What a worker killed mid-batch leaves: rows `sending`, some of them
    already accepted by the ESP. The beat task sends only the others."""
    make_audience(20, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    campaign.status = Campaign.Status.SENDING
    campaign.save()
    snapshot.snapshot_recipients(campaign)
    accepted = claims.claim(campaign.pk, "dead-batch-1", 10)
    lost = claims.claim(campaign.pk, "dead-batch-2", 10)
    # The first batch reached the ESP before its worker died; the second not.
    batches.post(
        batches.build_message(campaign, accepted), connections.open_connection()
    )
    assert len(use_fake_brevo.recipients()) == 10

    tasks.resume_campaigns(stale_after_seconds=0)

    received = use_fake_brevo.recipients()
    assert len(received) == 20
    assert set(received.values()) == {1}
    assert set(
        Delivery.objects.filter(
            pk__in=[recipient.delivery for recipient in accepted + lost]
        ).values_list("status", flat=True)
    ) == {Delivery.Status.SENT}
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.DONE


def test_stale_claim_without_a_way_to_ask_the_esp_is_left_unknown(
    mailing_lists, small_batches
):
    make_audience(5, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    campaign.status = Campaign.Status.SENDING
    campaign.save()
    snapshot.snapshot_recipients(campaign)
    claims.claim(campaign.pk, "dead-batch", 10)

    tasks.resume_campaigns(stale_after_seconds=0)

    from django.core import mail

    assert mail.outbox == []
    assert campaign.deliveries.filter(status=Delivery.Status.UNKNOWN).count() == 5


def test_snapshot_twice_adds_no_duplicate(mailing_lists):
    make_audience(12, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    snapshot.snapshot_recipients(campaign, chunk_size=5)
    snapshot.snapshot_recipients(campaign, chunk_size=5)
    assert campaign.deliveries.count() == 12
    assert Subscriber.objects.count() == 12


def test_rate_limit_books_batches_one_after_the_other_across_workers(
    settings, monkeypatch
):
    """The pace is kept in Redis: a second batch of 50 at 100 messages per
    second is given a slot half a second after the first one's."""
    import redis

    settings.NEWSLETTER_SEND_RATE = 100
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete("newsletter:send-rate")
    slept = []
    monkeypatch.setattr(pacing.time, "sleep", slept.append)
    try:
        first = pacing.wait_for_rate(50)
        second = pacing.wait_for_rate(50)
        third = pacing.wait_for_rate(50)
    finally:
        client.delete("newsletter:send-rate")
    assert first == 0
    assert 0 < second <= 0.5
    assert second < third <= 1.0
    assert slept == [second, third]


def test_no_rate_limit_by_default(settings):
    settings.NEWSLETTER_SEND_RATE = 0
    assert pacing.wait_for_rate(10_000) == 0


def lock_waits():
    """Sessions of the test database now waiting for a row lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_batch_claims_nothing_once_the_pause_has_committed(
    mailing_lists, small_batches
):
    """A batch task reads the campaign as sending, then the editor pauses it
    before the batch claims its rows: the claim waits for the pause and
    takes nothing, so after "Envoi mis en pause." only the batches that had
    already claimed their rows still send."""
    make_audience(30, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    campaign.status = Campaign.Status.SENDING
    campaign.save()
    snapshot.snapshot_recipients(campaign)
    paused, commit = threading.Event(), threading.Event()
    claimed = []

    def editor():
        try:
            with transaction.atomic():
                assert actions.pause(campaign) == 1
                paused.set()
                commit.wait(30)
        finally:
            connection.close()

    def batch():
        try:
            claimed.append(claims.claim(campaign.pk, "late-batch", 10))
        finally:
            connection.close()

    editing = threading.Thread(target=editor)
    editing.start()
    assert paused.wait(30)
    claiming = threading.Thread(target=batch)
    claiming.start()
    # The claim either waits for the editor's transaction or is already done.
    deadline = time.monotonic() + 30
    while claiming.is_alive() and not lock_waits() and time.monotonic() < deadline:
        time.sleep(0.01)
    commit.set()
    editing.join(30)
    claiming.join(30)

    assert claimed == [[]]
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.PAUSED
    assert campaign.deliveries.filter(status=Delivery.Status.QUEUED).count() == 30


def test_campaign_cancelled_while_its_recipients_are_written_leaves_none_queued(
    use_fake_brevo, mailing_lists, small_batches, monkeypatch
):
    """The editor cancels while the recipients are still being written (a
    large audience is written a chunk at a time, and sending starts with the
    first chunk): the rows written after the cancel are cancelled too."""
    make_audience(30, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    write = snapshot.snapshot_recipients

    def write_and_cancel_after_the_first_chunk(campaign, on_chunk):
        def chunk_written(added):
            on_chunk(added)
            actions.cancel(campaign)

        write(campaign, chunk_size=10, on_chunk=chunk_written)

    monkeypatch.setattr(
        snapshot, "snapshot_recipients", write_and_cancel_after_the_first_chunk
    )

    tasks.start_campaign.delay(campaign.pk)

    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.CANCELLED
    # The first chunk's batch had gone out before the cancel.
    assert len(use_fake_brevo.recipients()) == 10
    statuses = campaign.deliveries.values_list("status", flat=True)
    assert sorted(set(statuses)) == [Delivery.Status.CANCELLED, Delivery.Status.SENT]
    assert campaign.deliveries.filter(status=Delivery.Status.CANCELLED).count() == 20


def _held_batch(campaign, use_fake_brevo, *, accepted):
    """A batch that claimed 10 rows, posted them (or not) and lost the
    answer: its rows stay `sending` under the task's key."""
    campaign.status = Campaign.Status.SENDING
    campaign.save()
    snapshot.snapshot_recipients(campaign)
    held = claims.claim(campaign.pk, "retry-key", 10)
    if accepted:
        batches.post(
            batches.build_message(campaign, held), connections.open_connection()
        )
    return held


@pytest.mark.parametrize("accepted", [True, False])
def test_a_retry_after_a_cancel_settles_the_rows_it_holds(
    use_fake_brevo, mailing_lists, small_batches, accepted
):
    make_audience(10, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    _held_batch(campaign, use_fake_brevo, accepted=accepted)
    actions.cancel(campaign)

    tasks.send_batch.apply(args=[campaign.pk], task_id="retry-key")

    expected = Delivery.Status.SENT if accepted else Delivery.Status.CANCELLED
    assert set(campaign.deliveries.values_list("status", flat=True)) == {expected}
    assert len(use_fake_brevo.recipients()) == (10 if accepted else 0)


def test_the_beat_gives_a_paused_campaigns_stale_claims_back_to_the_queue(
    use_fake_brevo, mailing_lists, small_batches, django_capture_on_commit_callbacks
):
    make_audience(10, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    _held_batch(campaign, use_fake_brevo, accepted=False)
    actions.pause(campaign)

    tasks.resume_campaigns(stale_after_seconds=0)

    assert campaign.deliveries.filter(status=Delivery.Status.QUEUED).count() == 10
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.PAUSED
    assert use_fake_brevo.recipients() == {}

    with django_capture_on_commit_callbacks(execute=True):
        actions.resume(campaign)

    received = use_fake_brevo.recipients()
    assert len(received) == 10 and set(received.values()) == {1}
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.DONE


def test_a_worker_keeps_its_esp_connection_between_batches(
    use_fake_brevo, settings, monkeypatch
):
    kept = connections.Connections()
    first = kept.get()
    assert kept.get() is first
    # After an error the connection is dropped and a new one opened.
    kept.drop()
    second = kept.get()
    assert second is not first
    # Other email settings (a test, a deploy) make another connection.
    settings.ANYMAIL = {**settings.ANYMAIL, "BREVO_API_KEY": "another"}
    third = kept.get()
    assert third is not second
    # So does a connection left idle longer than a server keeps it.
    monkeypatch.setattr(connections.Connections, "IDLE_SECONDS", -1)
    assert kept.get() is not third
