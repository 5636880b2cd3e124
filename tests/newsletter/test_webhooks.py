"""Brevo's tracking webhooks through Anymail's real view and signal."""

import base64
import json

import pytest
from django.urls import reverse

from newsletter import sending
from newsletter.models import Campaign, Delivery, Subscriber, Suppression
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
    sending.snapshot_recipients(campaign)
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
