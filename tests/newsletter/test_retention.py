"""Retention as the CNIL asks: the data of someone who left goes after 30
days (a hash of the address stays), their proof of consent three years
after the subscription ended. Time is moved by passing `now`."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from newsletter import retention, subscriptions, tasks
from newsletter.models import (
    Campaign,
    ConsentRecord,
    Delivery,
    Subscriber,
    Suppression,
)
from newsletter.webhooks import suppress
from tests.helpers import PARIS
from tests.newsletter.conftest import make_campaign, make_subscriber

LEFT = datetime(2026, 3, 1, 10, 0, tzinfo=PARIS)


def leaver(email, status=Subscriber.Status.UNSUBSCRIBED, left=LEFT, **kw):
    person = make_subscriber(
        email, status=status, unsubscribed_at=left, first_name="Léa", **kw
    )
    subscriptions.record_consent(person, ConsentRecord.Action.CONFIRM)
    subscriptions.record_consent(person, ConsentRecord.Action.UNSUBSCRIBE)
    return person


@pytest.mark.django_db
def test_someone_who_left_is_kept_for_30_days_then_only_a_hash_stays():
    person = leaver("lea@example.fr")

    assert retention.erase_departed(now=LEFT + timedelta(days=29)) == 0
    assert Subscriber.objects.filter(pk=person.pk).exists()

    assert retention.erase_departed(now=LEFT + timedelta(days=31)) == 1

    assert not Subscriber.objects.filter(email="lea@example.fr").exists()
    assert Suppression.is_suppressed("Lea@Example.fr")
    suppression = Suppression.objects.get()
    assert suppression.reason == Suppression.Reason.UNSUBSCRIBED
    assert "lea" not in suppression.email_hash


@pytest.mark.django_db
def test_bounces_and_complaints_go_too_and_subscribers_stay():
    bounced = leaver("rebond@example.fr", status=Subscriber.Status.BOUNCED)
    complained = leaver("plainte@example.fr", status=Subscriber.Status.COMPLAINED)
    staying = make_subscriber("reste@example.fr")
    pending = make_subscriber("attente@example.fr", status="pending")

    assert retention.erase_departed(now=LEFT + timedelta(days=40)) == 2

    assert set(Subscriber.objects.values_list("pk", flat=True)) == {
        staying.pk,
        pending.pk,
    }
    for person in (bounced, complained):
        assert Suppression.is_suppressed(person.email)


@pytest.mark.django_db
def test_consent_proof_stays_three_years_after_the_end_by_the_hash_only():
    person = leaver("lea@example.fr")
    retention.erase_departed(now=LEFT + timedelta(days=31))

    records = ConsentRecord.objects.all()
    assert records.count() == 2
    email_hash = Suppression.hash_email("lea@example.fr")
    assert {(r.subscriber_id, r.email_hash) for r in records} == {(None, email_hash)}
    assert {r.subscription_ended_at for r in records} == {person.unsubscribed_at}

    almost = LEFT + timedelta(days=settings.NEWSLETTER_CONSENT_RETENTION_DAYS - 1)
    assert retention.prune_consent_records(now=almost) == 0
    after = LEFT + timedelta(days=3 * 365 + 1)
    assert retention.prune_consent_records(now=after) == 2
    assert not ConsentRecord.objects.exists()


@pytest.mark.django_db
def test_a_subscriber_s_own_proof_is_never_pruned():
    person = make_subscriber("reste@example.fr")
    subscriptions.record_consent(person, ConsentRecord.Action.CONFIRM)
    far = timezone.now() + timedelta(days=10 * 365)
    assert retention.apply(now=far) == (0, 0)
    assert person.consent_records.count() == 1


@pytest.mark.django_db
def test_the_clock_starts_for_leavers_without_a_date():
    """Bounced before the end date was recorded: 30 days from the first run."""
    person = leaver("rebond@example.fr", status="bounced", left=None)
    first_run = LEFT
    assert retention.erase_departed(now=first_run) == 0
    person.refresh_from_db()
    assert person.unsubscribed_at == first_run
    assert retention.erase_departed(now=first_run + timedelta(days=31)) == 1


@pytest.mark.django_db
def test_nobody_is_erased_while_a_campaign_still_has_their_message_in_flight(
    mailing_lists,
):
    person = leaver("lea@example.fr")
    campaign = make_campaign(mailing_lists["agenda"])
    delivery = Delivery.objects.create(
        campaign=campaign, subscriber=person, email=person.email
    )
    later = LEFT + timedelta(days=31)
    assert retention.erase_departed(now=later) == 0

    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENT)
    assert retention.erase_departed(now=later) == 1
    # The address goes from the campaign too; the campaign stays.
    assert not Delivery.objects.exists()
    assert Campaign.objects.filter(pk=campaign.pk).exists()


@pytest.mark.django_db
def test_signing_up_again_after_erasure_starts_afresh(signup, mailing_lists):
    leaver("lea@example.fr")
    retention.erase_departed(now=timezone.now() + timedelta(days=31))
    signup("lea@example.fr")
    person = Subscriber.objects.get(email="lea@example.fr")
    assert person.status == Subscriber.Status.PENDING
    subscriptions.confirm(person)
    assert not Suppression.is_suppressed("lea@example.fr")


@pytest.mark.django_db
def test_a_bounce_ends_the_subscription_and_starts_the_clock():
    person = make_subscriber("rebond@example.fr")
    suppress(person, Subscriber.Status.BOUNCED, Suppression.Reason.BOUNCED)
    person.refresh_from_db()
    assert person.unsubscribed_at is not None


@pytest.mark.django_db
def test_erasure_at_the_person_s_request_takes_the_proof_too():
    person = leaver("lea@example.fr")
    subscriptions.erase(person)
    assert not ConsentRecord.objects.exists()
    assert Suppression.is_suppressed("lea@example.fr")


def test_the_beat_runs_it_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["newsletter-apply-retention"]
    assert entry["task"] == tasks.apply_retention.name
    assert entry["schedule"] == 24 * 3600


@pytest.mark.django_db
def test_the_task_applies_both_rules():
    leaver("lea@example.fr", left=timezone.now() - timedelta(days=31))
    old = leaver("ancien@example.fr", left=timezone.now() - timedelta(days=4 * 365))
    assert list(tasks.apply_retention.delay().get()) == [2, 2]
    assert not ConsentRecord.objects.filter(
        email_hash=Suppression.hash_email(old.email)
    ).exists()
    assert ConsentRecord.objects.count() == 2
