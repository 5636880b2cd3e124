"""Campaigns sent by real Celery worker processes, on the real Redis, through
Anymail's Brevo backend to the fake Brevo service on 127.0.0.1: a worker
killed mid-campaign, an ESP failing for a while, and an editor pausing,
resuming and cancelling a campaign in the admin while the worker sends."""

import os
import re
import signal
import time
from pathlib import Path

import pytest
from django.db.models import Count
from django.urls import reverse

from newsletter import tasks
from newsletter.models import Campaign, Delivery
from tests.helpers import wait_for
from tests.newsletter.conftest import brevo_env, make_audience, make_campaign

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

RECIPIENTS = 5000
BATCH_SIZE = 100


def kill_hard(process):
    """kill -9 the worker and its pool processes, as a crash or the OOM
    killer would: no task gets to finish or to say goodbye."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    pids = [int(pid) for pid in children.read_text().split()]
    for pid in [*pids, process.pid]:
        os.kill(pid, signal.SIGKILL)
    process.wait(timeout=10)
    for pid in pids:
        assert wait_for(lambda pid=pid: not Path(f"/proc/{pid}").exists(), 10)


def worker_env(fake, **extra):
    return {
        **brevo_env(fake),
        "NEWSLETTER_BATCH_SIZE": str(BATCH_SIZE),
        "NEWSLETTER_RETRY_BASE_SECONDS": "1",
        "NEWSLETTER_RETRY_MAX_SECONDS": "2",
        **extra,
    }


def campaign_done(campaign):
    return Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.DONE


def test_worker_killed_mid_campaign_then_new_worker_sends_each_recipient_once(
    celery_worker_factory, fake_brevo, mailing_lists
):
    make_audience(RECIPIENTS, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    # Slow answers: the worker spends its time inside the call to the ESP,
    # after the fake has accepted the batch and before the worker knows it.
    fake_brevo.latency = 0.05
    first = celery_worker_factory(worker_env(fake_brevo))

    tasks.start_campaign.delay(campaign.pk)
    assert wait_for(lambda: fake_brevo.accepted_count() >= 1000), first[
        "log"
    ].read_text()[-3000:]
    kill_hard(first["process"])

    # Killed in the middle: part sent, part not, a batch possibly in limbo.
    assert fake_brevo.accepted_count() < RECIPIENTS
    left = campaign.deliveries.exclude(status=Delivery.Status.SENT)
    assert left.exists()
    fake_brevo.latency = 0

    second = celery_worker_factory(worker_env(fake_brevo))
    # The beat task, run now (the dead worker's claims are stale at once).
    tasks.resume_campaigns.delay(stale_after_seconds=0)

    assert wait_for(lambda: campaign_done(campaign)), second["log"].read_text()[-3000:]
    received = fake_brevo.recipients()
    assert len(received) == RECIPIENTS
    assert set(received.values()) == {1}
    assert set(fake_brevo.delivery_ids().values()) == {1}
    assert campaign.deliveries.filter(status=Delivery.Status.SENT).count() == (
        RECIPIENTS
    )


def test_esp_answering_500_and_429_for_a_while_loses_and_doubles_nothing(
    celery_worker_factory, fake_brevo, mailing_lists
):
    make_audience(1000, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    fake_brevo.fail_next(8, status=500)
    fake_brevo.fail_next(8, status=429)
    fake_brevo.fail_next(4, status=503)
    fake_brevo.drop_next(2, after_accepting=True)
    worker = celery_worker_factory(worker_env(fake_brevo))

    tasks.start_campaign.delay(campaign.pk)

    assert wait_for(lambda: campaign_done(campaign)), worker["log"].read_text()[-3000:]
    assert fake_brevo.calls["500"] == 8
    assert fake_brevo.calls["429"] == 8
    assert fake_brevo.calls["503"] == 4
    assert fake_brevo.calls["dropped"] == 2
    received = fake_brevo.recipients()
    assert len(received) == 1000
    assert set(received.values()) == {1}
    assert campaign.deliveries.filter(status=Delivery.Status.SENT).count() == 1000
    assert "retried in" in worker["log"].read_text()


# Pause, resume and cancel from the admin, while the worker sends -------------

CONTROLLED = 3000
# Several batches' worth of time at the fake's latency: a worker still
# sending would be seen at the fake within it.
STILL_WAIT = 2.0


def slow_campaign(celery_worker_factory, fake_brevo, mailing_lists, settings):
    """A campaign of CONTROLLED recipients in batches of BATCH_SIZE, to a fake
    that takes a while to answer, started on a real worker and caught while
    it is sending. This process (the admin, which fans out the batches on
    resume) has the worker's batch size, as in production."""
    settings.NEWSLETTER_BATCH_SIZE = BATCH_SIZE
    make_audience(CONTROLLED, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    fake_brevo.latency = 0.1
    worker = celery_worker_factory(worker_env(fake_brevo))
    tasks.start_campaign.delay(campaign.pk)
    assert wait_for(
        lambda: (
            status_of(campaign) == Campaign.Status.SENDING
            and fake_brevo.accepted_count() >= 500
        )
    ), worker["log"].read_text()[-3000:]
    return campaign, worker


def status_of(campaign):
    return Campaign.objects.get(pk=campaign.pk).status


def counts(campaign):
    """How many of the campaign's rows are in each state."""
    return dict(
        campaign.deliveries.values_list("status").annotate(n=Count("pk")).order_by()
    )


def press(client, campaign, action):
    """The editor's button on the campaign's page in the admin."""
    response = client.post(
        reverse("newsletter_admin:campaign_action", args=[campaign.pk, action])
    )
    assert response.status_code == 302
    return response


def batch_results(worker):
    """What each send_batch task the worker ran returned (rows sent)."""
    return [
        int(sent)
        for sent in re.findall(
            r"send_batch\[[^\]]+\] succeeded in \S+: (\d+)",
            worker["log"].read_text(),
        )
    ]


def settles(campaign, fake_brevo):
    """Wait for the batches in flight to end; then nothing more reaches the
    fake over a short wait. Returns how many it received in all."""
    assert wait_for(
        lambda: not campaign.deliveries.filter(status=Delivery.Status.SENDING).exists()
    )
    held = fake_brevo.accepted_count()
    time.sleep(STILL_WAIT)
    assert fake_brevo.accepted_count() == held
    return held


def stop_mid_run(admin_client, campaign, fake_brevo, action, status):
    """Press `action` while the campaign sends: what still leaves is only
    the rows already sent or claimed by a batch at that moment. Returns how
    many the fake service received once it all settled."""
    press(admin_client, campaign, action)
    assert status_of(campaign) == status
    claimed = campaign.deliveries.filter(
        status__in=[Delivery.Status.SENT, Delivery.Status.SENDING]
    ).count()
    held = settles(campaign, fake_brevo)
    assert held == claimed
    assert status_of(campaign) == status
    return held


def test_paused_campaign_stops_after_its_batches_in_flight_and_resumes_to_the_end(
    celery_worker_factory, fake_brevo, mailing_lists, admin_client, settings
):
    campaign, worker = slow_campaign(
        celery_worker_factory, fake_brevo, mailing_lists, settings
    )

    held = stop_mid_run(
        admin_client, campaign, fake_brevo, "pause", Campaign.Status.PAUSED
    )
    assert counts(campaign) == {
        Delivery.Status.SENT: held,
        Delivery.Status.QUEUED: CONTROLLED - held,
    }
    assert CONTROLLED - held > 0
    # The batch tasks queued at the start all ran; those after the pause
    # sent nothing.
    first_batches = CONTROLLED // BATCH_SIZE
    assert wait_for(lambda: len(batch_results(worker)) == first_batches)
    assert sum(batch_results(worker)) == held
    assert fake_brevo.accepted_count() == held

    press(admin_client, campaign, "resume")

    assert wait_for(lambda: campaign_done(campaign)), worker["log"].read_text()[-3000:]
    received = fake_brevo.recipients()
    assert len(received) == CONTROLLED
    assert set(received.values()) == {1}
    assert set(fake_brevo.delivery_ids().values()) == {1}
    assert counts(campaign) == {Delivery.Status.SENT: CONTROLLED}
    assert sum(batch_results(worker)) == CONTROLLED


def test_cancelled_campaign_stops_after_its_batches_in_flight_and_sends_no_more(
    celery_worker_factory, fake_brevo, mailing_lists, admin_client, settings
):
    campaign, worker = slow_campaign(
        celery_worker_factory, fake_brevo, mailing_lists, settings
    )

    held = stop_mid_run(
        admin_client, campaign, fake_brevo, "cancel", Campaign.Status.CANCELLED
    )
    assert counts(campaign) == {
        Delivery.Status.SENT: held,
        Delivery.Status.CANCELLED: CONTROLLED - held,
    }
    assert CONTROLLED - held > 0
    received = fake_brevo.recipients()
    assert len(received) == held
    assert set(received.values()) == {1}
    assert set(fake_brevo.delivery_ids().values()) == {1}
    # The batch tasks queued at the start all ran; those after the cancel
    # sent nothing.
    assert wait_for(lambda: len(batch_results(worker)) == CONTROLLED // BATCH_SIZE)
    assert sum(batch_results(worker)) == held
    assert fake_brevo.accepted_count() == held
