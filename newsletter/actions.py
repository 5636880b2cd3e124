"""What an editor does with a campaign: start it (now or at a given time),
pause, resume, cancel, resend to the failed recipients.

Each action changes the campaign's row and, where work follows, queues the
task that does it once the transaction commits; the sending itself is the
tasks' (newsletter/tasks.py) and the state machine's (newsletter/sending/).
"""

from django.db import transaction
from django.utils import timezone

from newsletter import tasks
from newsletter.models import Campaign, Delivery
from newsletter.queueing import enqueue_on_commit
from newsletter.rendering import render_issue


def campaign_for_issue(page, user, scheduled_at=None):
    """Freeze the issue as a campaign; sent now, or by the beat at `scheduled_at`."""
    send_date = timezone.localdate(scheduled_at) if scheduled_at else None
    html, text = render_issue(page, send_date=send_date)
    campaign = Campaign.objects.create(
        page=page,
        subject=page.subject,
        html_body=html,
        text_body=text,
        created_by=user,
        status=Campaign.Status.SCHEDULED if scheduled_at else Campaign.Status.DRAFT,
        scheduled_at=scheduled_at,
    )
    campaign.lists.set(page.lists.all())
    if not scheduled_at:
        enqueue_on_commit(tasks.start_campaign, campaign.pk)
    return campaign


def pause(campaign):
    """Batches not yet started stop; a batch in flight finishes."""
    return Campaign.objects.filter(
        pk=campaign.pk, status=Campaign.Status.SENDING
    ).update(status=Campaign.Status.PAUSED)


def resume(campaign):
    resumed = Campaign.objects.filter(
        pk=campaign.pk, status=Campaign.Status.PAUSED
    ).update(status=Campaign.Status.SENDING)
    if resumed:
        # The worker counts the batches (with its own batch size); if the
        # broker is down, the beat's resume_campaigns carries on instead.
        enqueue_on_commit(tasks.continue_campaign, campaign.pk)
    return resumed


def cancel(campaign):
    """Nothing more leaves; what was sent stays sent."""
    with transaction.atomic():
        cancelled = Campaign.objects.filter(
            pk=campaign.pk,
            status__in=[
                Campaign.Status.DRAFT,
                Campaign.Status.SCHEDULED,
                Campaign.Status.PREPARING,
                Campaign.Status.SENDING,
                Campaign.Status.PAUSED,
            ],
        ).update(status=Campaign.Status.CANCELLED, finished_at=timezone.now())
        if cancelled:
            campaign.deliveries.filter(status=Delivery.Status.QUEUED).update(
                status=Delivery.Status.CANCELLED
            )
    return cancelled


def resend_failed(campaign, user):
    """A new campaign, same content, to the failed recipients only."""
    retry = Campaign.objects.create(
        page=campaign.page,
        subject=campaign.subject,
        html_body=campaign.html_body,
        text_body=campaign.text_body,
        created_by=user,
        resend_of=campaign,
    )
    retry.lists.set(campaign.lists.all())
    enqueue_on_commit(tasks.start_campaign, retry.pk)
    return retry
