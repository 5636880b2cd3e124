"""Two clicks on « Renvoyer aux échecs » at the same moment make one resend.

A transactional test (two threads, two database connections), in a module
of its own: it cannot share one with the tests of `module_site_tree`.
"""

import threading

import pytest
from django.db import connection

from newsletter import actions
from newsletter.models import Campaign
from tests.newsletter.test_campaign_start import finished_with_failures

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_resends_at_once_make_one(mailing_lists, admin_user, monkeypatch):
    """Two editors click at the same moment. The first holds its transaction
    open a while after writing its resend (its queuing is slowed down); the
    second, started meanwhile, must wait for it and then see it. Without the
    lock, the second would not see the first's uncommitted resend and would
    make another."""
    campaign = finished_with_failures(mailing_lists["agenda"])
    first_wrote = threading.Event()

    def slow_enqueue(task, *args, **options):
        first_wrote.set()
        threading.Event().wait(0.5)

    monkeypatch.setattr(actions, "enqueue_on_commit", slow_enqueue)
    results = []

    def click():
        try:
            results.append(actions.resend_failed(campaign, admin_user))
        finally:
            connection.close()

    first = threading.Thread(target=click)
    first.start()
    assert first_wrote.wait(10)
    second = threading.Thread(target=click)
    second.start()
    first.join(10)
    second.join(10)

    assert len(results) == 2
    assert sum(result is not None for result in results) == 1
    assert Campaign.objects.filter(resend_of=campaign).count() == 1
