"""Two Celery workers with their own names (-n w1@%h, -n w2@%h), as on two
machines, on one Redis and one PostgreSQL: they share a campaign's batches
and no recipient gets it twice."""

import pytest

from newsletter import tasks
from newsletter.models import Delivery
from tests.helpers import wait_for
from tests.newsletter.conftest import make_audience, make_campaign
from tests.newsletter.test_campaign_worker import (
    batch_results,
    campaign_done,
    worker_env,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

RECIPIENTS = 3000


def test_two_named_workers_share_one_campaign_without_doubles(
    celery_worker_factory, fake_brevo, mailing_lists
):
    make_audience(RECIPIENTS, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    fake_brevo.latency = 0.02
    first = celery_worker_factory(worker_env(fake_brevo), hostname="w1@%h")
    second = celery_worker_factory(
        worker_env(fake_brevo), hostname="w2@%h", queue=first["queue"]
    )

    tasks.start_campaign.delay(campaign.pk)

    def logs():
        return first["log"].read_text()[-2000:] + second["log"].read_text()[-2000:]

    assert wait_for(lambda: campaign_done(campaign)), logs()
    received = fake_brevo.recipients()
    assert len(received) == RECIPIENTS
    assert set(received.values()) == {1}
    assert set(fake_brevo.delivery_ids().values()) == {1}
    assert campaign.deliveries.filter(status=Delivery.Status.SENT).count() == (
        RECIPIENTS
    )
    # Both took part, under their own names.
    by_first, by_second = batch_results(first), batch_results(second)
    assert by_first and by_second, logs()
    assert sum(by_first) + sum(by_second) == RECIPIENTS
    assert "w1@" in first["log"].read_text()
    assert "w2@" in second["log"].read_text()
