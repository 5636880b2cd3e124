"""Brevo's tracking webhooks through Anymail's real view and signal."""

import base64
import json
import re
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from anymail.signals import AnymailTrackingEvent, EventType
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsletter import tasks, webhooks
from newsletter.models import (
    Campaign,
    ConsentRecord,
    Delivery,
    Subscriber,
    Suppression,
    WebhookEvent,
)
from newsletter.sending import snapshot
from tests.newsletter.conftest import make_audience, make_campaign

pytestmark = pytest.mark.django_db

SECRET = "brevo:un-secret-assez-long"
URL = "/anymail/brevo/tracking/"


@pytest.fixture
def webhook_secret(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}


@pytest.fixture
def sent_campaign(mailing_lists):
    [lea, sam] = make_audience(2, mailing_lists["agenda"])
    campaign = make_campaign(mailing_lists["agenda"])
    snapshot.snapshot_recipients(campaign)
    campaign.deliveries.update(status=Delivery.Status.SENT)
    campaign.status = Campaign.Status.DONE
    campaign.save()
    return campaign


def post_event(
    client,
    event,
    email,
    campaign,
    *,
    auth=SECRET,
    ts=1700000000000,
    message_id="<1@fake-brevo>",
    **extra,
):
    """One Brevo event; the same arguments post the same event again, as
    Brevo does when it retries."""
    delivery = campaign.deliveries.filter(email=email).first()
    payload = {
        "event": event,
        "email": email,
        "message-id": message_id,
        "ts_epoch": ts,
        "tags": [campaign.esp_tag],
        "X-Mailin-custom": json.dumps(
            {"campaign": campaign.pk, "delivery": delivery.pk if delivery else None}
        ),
        **extra,
    }
    headers = {}
    if auth:
        token = base64.b64encode(auth.encode()).decode()
        headers["HTTP_AUTHORIZATION"] = f"Basic {token}"
    return client.post(
        URL, json.dumps(payload), content_type="application/json", **headers
    )


def test_tracking_address_is_anymails(webhook_secret):
    assert reverse("anymail:brevo_tracking_webhook") == URL


def test_webhook_without_the_secret_is_refused(client, webhook_secret, sent_campaign):
    response = post_event(
        client, "hard_bounce", "personne0@example.fr", sent_campaign, auth=None
    )
    assert response.status_code in (400, 401, 403)
    wrong = post_event(
        client, "hard_bounce", "personne0@example.fr", sent_campaign, auth="brevo:faux"
    )
    assert wrong.status_code in (400, 401, 403)
    assert Subscriber.objects.get(email="personne0@example.fr").status == "subscribed"
    assert not Suppression.objects.exists()


def test_webhook_is_refused_when_no_secret_is_configured(
    client, settings, sent_campaign
):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": ""}
    response = post_event(client, "hard_bounce", "personne0@example.fr", sent_campaign)
    assert response.status_code == 403
    assert Subscriber.objects.get(email="personne0@example.fr").status == "subscribed"


def test_hard_bounce_suppresses_the_address(client, webhook_secret, sent_campaign):
    response = post_event(client, "hard_bounce", "personne0@example.fr", sent_campaign)

    assert response.status_code == 200
    person = Subscriber.objects.get(email="personne0@example.fr")
    assert person.status == Subscriber.Status.BOUNCED
    assert Suppression.is_suppressed("personne0@example.fr")
    delivery = sent_campaign.deliveries.get(email="personne0@example.fr")
    assert delivery.status == Delivery.Status.BOUNCED
    assert Campaign.objects.get(pk=sent_campaign.pk).hard_bounce_count == 1
    assert not Subscriber.objects.mailable().filter(pk=person.pk).exists()


def test_complaint_unsubscribes_and_suppresses(client, webhook_secret, sent_campaign):
    post_event(client, "spam", "personne1@example.fr", sent_campaign)

    person = Subscriber.objects.get(email="personne1@example.fr")
    assert person.status == Subscriber.Status.UNSUBSCRIBED
    assert Suppression.is_suppressed("personne1@example.fr")
    assert person.consent_records.filter(action="unsubscribe").exists()
    assert Campaign.objects.get(pk=sent_campaign.pk).complaint_count == 1


def test_soft_bounces_are_counted_then_suppress_at_the_limit(
    client, settings, webhook_secret, sent_campaign
):
    settings.NEWSLETTER_SOFT_BOUNCE_LIMIT = 3
    for minute in range(2):
        post_event(
            client,
            "soft_bounce",
            "personne0@example.fr",
            sent_campaign,
            ts=1700000000000 + minute * 60_000,
        )
    person = Subscriber.objects.get(email="personne0@example.fr")
    assert person.soft_bounce_count == 2
    assert person.status == Subscriber.Status.SUBSCRIBED

    post_event(
        client,
        "soft_bounce",
        "personne0@example.fr",
        sent_campaign,
        ts=1700000000000 + 2 * 60_000,
    )

    person.refresh_from_db()
    assert person.status == Subscriber.Status.BOUNCED
    assert Suppression.is_suppressed("personne0@example.fr")
    assert Campaign.objects.get(pk=sent_campaign.pk).soft_bounce_count == 3


def test_delivered_opened_clicked_are_counted_per_campaign_only(
    client, webhook_secret, sent_campaign
):
    events = [
        ("delivered", "<1@fake-brevo>"),
        ("delivered", "<2@fake-brevo>"),
        ("unique_opened", "<1@fake-brevo>"),
        ("click", "<1@fake-brevo>"),
    ]
    for event, message_id in events:
        response = post_event(
            client, event, "personne0@example.fr", sent_campaign, message_id=message_id
        )
        assert response.status_code == 200
    campaign = Campaign.objects.get(pk=sent_campaign.pk)
    assert (
        campaign.delivered_count,
        campaign.opened_count,
        campaign.clicked_count,
    ) == (
        2,
        1,
        1,
    )
    # Nothing is written about the person.
    assert set(sent_campaign.deliveries.values_list("status", flat=True)) == {"sent"}
    assert Subscriber.objects.get(email="personne0@example.fr").status == "subscribed"


# Repeated calls: the ESP posts an event again when our answer was slow.


def counters(campaign):
    campaign = Campaign.objects.get(pk=campaign.pk)
    return {
        field: getattr(campaign, field)
        for field in (
            "delivered_count",
            "opened_count",
            "clicked_count",
            "soft_bounce_count",
            "hard_bounce_count",
            "complaint_count",
        )
    }


@pytest.mark.parametrize(
    "event, counter",
    [
        ("delivered", "delivered_count"),
        ("unique_opened", "opened_count"),
        ("click", "clicked_count"),
        ("hard_bounce", "hard_bounce_count"),
        ("spam", "complaint_count"),
    ],
)
def test_the_same_event_posted_twice_counts_once(
    client, webhook_secret, sent_campaign, event, counter
):
    for _ in range(2):
        response = post_event(
            client, event, "personne0@example.fr", sent_campaign, link="https://a.fr/"
        )
        assert response.status_code == 200

    counts = counters(sent_campaign)
    assert counts[counter] == 1
    assert sum(counts.values()) == 1
    assert WebhookEvent.objects.count() == 1
    # A complaint leaves one trace of the person's leaving, not two.
    assert ConsentRecord.objects.count() == (1 if event == "spam" else 0)


def test_a_repeated_soft_bounce_does_not_reach_the_limit(
    client, settings, webhook_secret, sent_campaign
):
    settings.NEWSLETTER_SOFT_BOUNCE_LIMIT = 3
    for _ in range(5):
        post_event(client, "soft_bounce", "personne0@example.fr", sent_campaign)

    person = Subscriber.objects.get(email="personne0@example.fr")
    assert person.soft_bounce_count == 1
    assert person.status == Subscriber.Status.SUBSCRIBED
    assert not Suppression.is_suppressed("personne0@example.fr")
    assert counters(sent_campaign)["soft_bounce_count"] == 1


def test_two_distinct_events_both_count(client, webhook_secret, sent_campaign):
    post = post_event
    # Two people, the same second.
    post(client, "delivered", "personne0@example.fr", sent_campaign)
    post(client, "delivered", "personne1@example.fr", sent_campaign)
    # One person's message, opened a second time a minute later.
    post(client, "opened", "personne0@example.fr", sent_campaign)
    post(client, "opened", "personne0@example.fr", sent_campaign, ts=1700000060000)
    # Two links clicked in the same millisecond.
    post(client, "click", "personne0@example.fr", sent_campaign, link="https://a.fr/")
    post(client, "click", "personne0@example.fr", sent_campaign, link="https://b.fr/")
    # A soft bounce then a hard bounce of the same message.
    post(client, "soft_bounce", "personne1@example.fr", sent_campaign)
    post(client, "hard_bounce", "personne1@example.fr", sent_campaign)

    counts = counters(sent_campaign)
    assert (counts["delivered_count"], counts["opened_count"]) == (2, 2)
    assert counts["clicked_count"] == 2
    assert (counts["soft_bounce_count"], counts["hard_bounce_count"]) == (1, 1)
    assert WebhookEvent.objects.count() == 8


def tracking_event(event_id, ts_epoch, campaign):
    return AnymailTrackingEvent(
        event_type=EventType.DELIVERED,
        event_id=event_id,
        timestamp=datetime.fromtimestamp(ts_epoch, tz=UTC),
        recipient="personne0@example.fr",
        message_id="<1@esp>",
        metadata={"campaign": campaign.pk},
        esp_event={"id": event_id},
    )


def test_the_esps_own_event_id_names_the_event(sent_campaign):
    """ESPs that send an event id (not Brevo): that id, and only it, tells
    a repeat from a new event."""

    def send(event):
        webhooks.on_tracking_event(sender=None, event=event, esp_name="Postmark")

    send(tracking_event("ev-1", 1700000000, sent_campaign))
    # The same id with another time: a repeat all the same.
    send(tracking_event("ev-1", 1700000099, sent_campaign))
    send(tracking_event("ev-2", 1700000000, sent_campaign))
    assert counters(sent_campaign)["delivered_count"] == 2
    # The same id from another ESP is another event.
    webhooks.on_tracking_event(
        sender=None,
        event=tracking_event("ev-1", 1700000000, sent_campaign),
        esp_name="Mailgun",
    )
    assert counters(sent_campaign)["delivered_count"] == 3


def test_nothing_personal_is_kept_about_the_event(
    client, webhook_secret, sent_campaign
):
    post_event(client, "click", "personne0@example.fr", sent_campaign)

    row = WebhookEvent.objects.get()
    assert re.fullmatch(r"[0-9a-f]{64}", row.key)
    assert {field.name for field in WebhookEvent._meta.get_fields()} == {
        "id",
        "key",
        "received_at",
    }


def test_an_event_that_fails_is_not_remembered_and_its_retry_counts(
    webhook_secret, sent_campaign, monkeypatch
):
    """The event is remembered in the transaction that applies it: when
    applying fails, a later call for it (an ESP that retries after a 5xx,
    or the same event replayed) is applied."""
    real_count = webhooks._count

    def broken(campaign_id, field):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(webhooks, "_count", broken)
    client = Client(raise_request_exception=False)
    assert (
        post_event(client, "delivered", "personne0@example.fr", sent_campaign)
    ).status_code == 500
    assert not WebhookEvent.objects.exists()

    monkeypatch.setattr(webhooks, "_count", real_count)
    post_event(client, "delivered", "personne0@example.fr", sent_campaign)
    assert counters(sent_campaign)["delivered_count"] == 1


@pytest.mark.django_db(transaction=True)
def test_a_repeat_arriving_before_the_first_call_commits_counts_once(
    webhook_secret, sent_campaign, monkeypatch
):
    """Two calls for one event at the same moment, in two threads (two
    database connections): the second waits on the unique index while the
    first is still in its transaction, then finds the event taken."""
    first_inside = threading.Event()
    real_count = webhooks._count

    def slow_count(campaign_id, field):
        first_inside.set()
        time.sleep(0.5)  # the repeat arrives meanwhile
        real_count(campaign_id, field)

    monkeypatch.setattr(webhooks, "_count", slow_count)
    statuses = []

    def post():
        try:
            response = post_event(
                Client(), "delivered", "personne0@example.fr", sent_campaign
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    first = threading.Thread(target=post)
    first.start()
    assert first_inside.wait(10)
    second = threading.Thread(target=post)
    second.start()
    first.join(20)
    second.join(20)

    assert statuses == [200, 200]
    assert counters(sent_campaign)["delivered_count"] == 1
    assert WebhookEvent.objects.count() == 1


def test_pruning_forgets_old_events_only(settings):
    settings.NEWSLETTER_WEBHOOK_EVENT_RETENTION_DAYS = 14
    now = timezone.now()
    for name, age in [
        ("old", timedelta(days=30)),
        ("just-too-old", timedelta(days=14, minutes=1)),
        ("just-young-enough", timedelta(days=13, hours=23)),
        ("today", timedelta(hours=1)),
    ]:
        WebhookEvent.objects.create(key=name, received_at=now - age)

    assert tasks.prune_webhook_events() == 2

    assert set(WebhookEvent.objects.values_list("key", flat=True)) == {
        "just-young-enough",
        "today",
    }


def test_pruning_runs_daily_from_beat(settings):
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "newsletter.tasks.prune_webhook_events"
    ]
    assert entry["schedule"] == 24 * 3600.0
    assert tasks.prune_webhook_events.name == entry["task"]
