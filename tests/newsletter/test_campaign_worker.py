"""Campaigns sent by real Celery worker processes, on the real Redis, through
Anymail's Brevo backend to the fake Brevo service on 127.0.0.1."""

import os
import signal
import time
from pathlib import Path

import pytest

from newsletter import tasks
from newsletter.models import Campaign, Delivery
from tests.newsletter.conftest import brevo_env, make_audience, make_campaign

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

RECIPIENTS = 5000


def wait_for(predicate, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


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
        "NEWSLETTER_BATCH_SIZE": "100",
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
