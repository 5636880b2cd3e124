"""Transactional emails through Celery, the beat tasks, and broker outages."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cooperation.celery import app as celery_app
from newsletter import tasks
from newsletter.models import Subscriber
from newsletter.subscriptions import purge_unconfirmed
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db


def pending(email, *, requested_ago=timedelta(0), sent_ago=None, **kw):
    now = timezone.now()
    return make_subscriber(
        email,
        Subscriber.Status.PENDING,
        confirmation_requested_at=now - requested_ago,
        confirmation_sent_at=None if sent_ago is None else now - sent_ago,
        **kw,
    )


def test_send_confirmation_is_idempotent():
    subscriber = pending("lea@example.fr")
    assert tasks.send_confirmation(subscriber.pk) is True
    assert tasks.send_confirmation(subscriber.pk) is False
    assert len(mail.outbox) == 1


def test_send_confirmation_does_nothing_once_confirmed():
    subscriber = pending("lea@example.fr")
    Subscriber.objects.filter(pk=subscriber.pk).update(status="subscribed")
    assert tasks.send_confirmation(subscriber.pk) is False
    assert mail.outbox == []


def test_beat_sends_confirmations_that_were_never_sent(settings):
    never_sent = pending("a@example.fr")
    pending("deja@example.fr", sent_ago=timedelta(seconds=-1))  # sent after asking
    asked_again = pending(
        "b@example.fr", requested_ago=timedelta(minutes=1), sent_ago=timedelta(hours=2)
    )
    pending("vieux@example.fr", requested_ago=timedelta(days=30))
    make_subscriber("c@example.fr", Subscriber.Status.SUBSCRIBED)

    assert tasks.send_pending_confirmations() == 2

    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.fr", "b@example.fr"]
    assert Subscriber.objects.get(pk=never_sent.pk).confirmation_sent_at
    assert tasks.send_pending_confirmations() == 0
    assert asked_again.pk


def test_beat_schedule_has_the_newsletter_tasks():
    schedule = celery_app.conf.beat_schedule
    assert (
        schedule["newsletter-send-pending-confirmations"]["task"]
        == tasks.send_pending_confirmations.name
    )
    assert schedule["newsletter-send-pending-confirmations"]["schedule"] == 300.0
    assert (
        schedule["newsletter-purge-unconfirmed"]["task"] == tasks.purge_unconfirmed.name
    )


def test_purge_forgets_old_unconfirmed_signups(settings):
    settings.NEWSLETTER_PENDING_TTL_DAYS = 7
    old = timezone.now() - timedelta(days=8)
    pending("vieux@example.fr", requested_ago=timedelta(days=8), created_at=old)
    pending("recent@example.fr", requested_ago=timedelta(days=1))
    pending(
        "relance@example.fr", requested_ago=timedelta(days=1), created_at=old
    )  # asked again lately
    former = pending(
        "ancien@example.fr",
        requested_ago=timedelta(days=8),
        created_at=old,
        confirmed_at=old,
    )
    make_subscriber("abonne@example.fr", created_at=old)

    assert tasks.purge_unconfirmed() == 1

    assert not Subscriber.objects.filter(email="vieux@example.fr").exists()
    assert Subscriber.objects.filter(email="recent@example.fr").exists()
    assert Subscriber.objects.filter(email="relance@example.fr").exists()
    assert Subscriber.objects.get(pk=former.pk).status == "unsubscribed"
    assert Subscriber.objects.get(email="abonne@example.fr").status == "subscribed"
    assert purge_unconfirmed() == 0


def test_a_broker_error_loses_no_subscription(
    signup, broker_down, django_capture_on_commit_callbacks, caplog
):
    """The broker is down as in production (connection refused): the
    visitor gets the usual answer at once, the sign-up is saved, and the
    beat sends the confirmation later."""
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = signup("lea@example.fr")
    # One try, no retries: kombu's default would keep the visitor waiting
    # for seconds (a bound, not a measure: a refused connection is instant).
    assert time.monotonic() - started < 10

    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:check_inbox")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.lists.count() == 1
    assert subscriber.confirmation_sent_at is None
    assert mail.outbox == []
    assert any("broker unreachable" in r.getMessage() for r in caplog.records)

    assert tasks.send_pending_confirmations() == 1
    assert mail.outbox[0].to == ["lea@example.fr"]


def test_already_subscribed_notice_is_sent_at_most_once_per_delay():
    subscriber = make_subscriber("lea@example.fr")
    assert tasks.send_manage_link(subscriber.pk) is True
    assert tasks.send_manage_link(subscriber.pk) is False
    (message,) = mail.outbox
    assert "/gerer/" in message.body
    assert "/confirmer/" not in message.body


def test_manage_link_for_a_pending_person_sends_the_confirmation(
    django_capture_on_commit_callbacks,
):
    subscriber = pending("lea@example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_manage_link(subscriber.pk) is False
    (message,) = mail.outbox
    assert "/confirmer/" in message.body
