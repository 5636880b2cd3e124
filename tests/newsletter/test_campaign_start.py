"""What a broker outage and two clicks cannot do to a campaign.

- « Envoyer maintenant » with the broker down: the start task is lost, the
  campaign waits as a draft asked to start; the beat starts it once the
  grace delay has passed and the broker is back.
- « Renvoyer aux échecs » is for a finished campaign, once: not while the
  original still sends (its failures are not all known), not twice (the
  same people would get it twice), not even with two clicks at once
  (test_campaign_resend_race.py: a transactional test needs a module of
  its own).
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cooperation.celery import app as celery_app
from newsletter import actions, tasks
from newsletter.models import Campaign, Delivery
from tests.newsletter.conftest import make_audience, make_campaign
from tests.newsletter.factories import NewsletterIndexPageFactory, NewsletterPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(site_tree, mailing_lists):
    agenda = mailing_lists["agenda"]
    index = NewsletterIndexPageFactory(parent=site_tree["home"])
    page = NewsletterPageFactory(parent=index)
    page.lists.set([agenda])
    page.save_revision().publish()
    make_audience(3, agenda)
    return page


def test_a_send_now_lost_by_the_broker_is_started_by_the_beat(
    issue, broker_down, admin_user, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = actions.campaign_for_issue(issue, admin_user)
    assert any("broker unreachable" in r.getMessage() for r in caplog.records)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT
    assert campaign.start_requested_at is not None

    # The broker is back (tasks run here, as a worker would run them).
    celery_app.conf.task_always_eager = True
    # Within the grace delay, the start task may still be on its way.
    assert tasks.resume_campaigns() == 0
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.DRAFT

    Campaign.objects.filter(pk=campaign.pk).update(
        start_requested_at=timezone.now() - timedelta(minutes=2)
    )
    assert tasks.resume_campaigns() == 1
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DONE
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"personne{n}@example.fr" for n in range(3)
    ]
    # Started once: the beat's next run finds nothing to start.
    assert tasks.resume_campaigns() == 0
    assert len(mail.outbox) == 3


def test_a_draft_nobody_asked_to_send_is_left_alone(mailing_lists):
    campaign = make_campaign(mailing_lists["agenda"])
    Campaign.objects.filter(pk=campaign.pk).update(
        created_at=timezone.now() - timedelta(days=1)
    )
    assert tasks.resume_campaigns() == 0
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.DRAFT


def finished_with_failures(mailing_list, status=Campaign.Status.DONE):
    make_audience(4, mailing_list)
    campaign = make_campaign(mailing_list)
    campaign.deliveries.bulk_create(
        Delivery(
            campaign=campaign,
            subscriber=person,
            email=person.email,
            status=Delivery.Status.FAILED if number < 2 else Delivery.Status.SENT,
        )
        for number, person in enumerate(mailing_list.subscribers.order_by("pk"))
    )
    Campaign.objects.filter(pk=campaign.pk).update(status=status)
    campaign.refresh_from_db()
    return campaign


@pytest.mark.parametrize(
    "status",
    [
        Campaign.Status.DRAFT,
        Campaign.Status.PREPARING,
        Campaign.Status.SENDING,
        Campaign.Status.PAUSED,
    ],
)
def test_no_resend_while_the_original_is_not_over(status, mailing_lists, admin_user):
    campaign = finished_with_failures(mailing_lists["agenda"], status)
    assert actions.resend_failed(campaign, admin_user) is None
    assert not Campaign.objects.filter(resend_of=campaign).exists()


def test_one_resend_per_campaign(
    mailing_lists, admin_user, django_capture_on_commit_callbacks
):
    campaign = finished_with_failures(mailing_lists["agenda"])
    with django_capture_on_commit_callbacks(execute=True):
        retry = actions.resend_failed(campaign, admin_user)
    assert retry is not None
    assert retry.start_requested_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == [
        "personne0@example.fr",
        "personne1@example.fr",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.resend_failed(campaign, admin_user) is None
    assert Campaign.objects.filter(resend_of=campaign).count() == 1
    assert len(mail.outbox) == 2


def test_a_second_resend_click_in_the_admin_is_refused_with_a_message(
    mailing_lists, admin_client, django_capture_on_commit_callbacks
):
    campaign = finished_with_failures(mailing_lists["agenda"])
    url = f"/admin/newsletter/campaigns/{campaign.pk}/resend-failed/"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url)
    response = admin_client.post(url, follow=True)
    assert (
        response.redirect_chain[-1][0] == f"/admin/newsletter/campaigns/{campaign.pk}/"
    )
    assert "Renvoi impossible" in response.content.decode()
    assert Campaign.objects.filter(resend_of=campaign).count() == 1
