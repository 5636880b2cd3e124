"""One campaign, one version per language: each batch makes one ESP call
per language, and a failure in one call neither loses nor doubles a
message of another."""

import pytest

from newsletter import tasks
from newsletter.models import Campaign, Delivery, Subscriber
from newsletter.sending import progress
from tests.newsletter.conftest import make_audience, make_campaign


@pytest.fixture
def small_batches(settings):
    settings.NEWSLETTER_BATCH_SIZE = 10
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 0


@pytest.fixture
def two_languages(mailing_lists):
    """Twelve people, every third one reading English; a campaign with an
    English version (and none in Arabic: the Arabic reader gets French)."""
    people = make_audience(12, mailing_lists["agenda"])
    english = people[::3]
    Subscriber.objects.filter(pk__in=[p.pk for p in english]).update(language="en")
    Subscriber.objects.filter(pk=people[1].pk).update(language="ar")
    campaign = make_campaign(mailing_lists["agenda"], subject="La lettre")
    campaign.translations = {
        "en": {
            "subject": "The letter",
            "html_body": "<p>Hello</p>{{ params.unsubscribe_url }}",
            "text_body": "Hello {{ params.unsubscribe_url }}",
        }
    }
    campaign.save()
    return campaign, people, {p.email for p in english}


def test_each_person_gets_the_version_in_their_language(
    use_fake_brevo, two_languages, small_batches
):
    campaign, people, english = two_languages

    tasks.start_campaign.delay(campaign.pk)

    for person in people:
        expected = "The letter" if person.email in english else "La lettre"
        assert use_fake_brevo.subjects_of(person.email) == [expected]
    assert dict(campaign.deliveries.values_list("email", "language")) == {
        p.email: "en" if p.email in english else "fr" for p in people
    }
    counts = {row["language"]: row["sent"] for row in progress.by_language(campaign)}
    assert counts == {"en": 4, "fr": 8}
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.DONE


def test_a_failed_second_call_keeps_the_first_sent_and_sends_the_rest_once(
    use_fake_brevo, two_languages, small_batches
):
    """The first batch's French call is accepted, its English call answers
    500: the French rows are sent at once, the English ones stay claimed,
    and the retry settles them with the ESP before sending them."""
    campaign, people, english = two_languages
    use_fake_brevo.plan.extend([(None, None), ("status", 500)])

    tasks.start_campaign.delay(campaign.pk)

    received = use_fake_brevo.recipients()
    assert set(received) == {p.email for p in people}
    assert set(received.values()) == {1}
    assert use_fake_brevo.calls["500"] == 1
    assert campaign.deliveries.filter(status=Delivery.Status.SENT).count() == 12
