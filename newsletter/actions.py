"""What an editor does with a campaign: start it (now or at a given time),
pause, resume, cancel, resend to the failed recipients.

Each action changes the campaign's row and, where work follows, queues the
task that does it once the transaction commits; the sending itself is the
tasks' (newsletter/tasks.py) and the state machine's (newsletter/sending/).
"""

from django.db import transaction
from django.utils import timezone

from cooperation.queueing import enqueue_on_commit
from newsletter import issues, tasks
from newsletter.models import Campaign, Delivery


def campaign_for_issue(page, user, scheduled_at=None, *, lists=None, publish_at=None):
    """Freeze the issue (its latest revision, draft or not) and its ready
    translations as one campaign; sent now, or by the beat at
    `scheduled_at`, to `lists` (the issue's own by default).

    The issue is published when the sending starts, or at `publish_at` if
    the editor chose a time (Wagtail's scheduled publishing then does it).
    """
    page = issues.latest(page)
    send_date = timezone.localdate(scheduled_at) if scheduled_at else None
    html, text, translations = issues.freeze(page, user, send_date)
    campaign = Campaign.objects.create(
        page=page,
        subject=page.subject,
        html_body=html,
        text_body=text,
        language=page.locale.language_code,
        translations=translations,
        publish_issue=publish_at is None,
        created_by=user,
        status=Campaign.Status.SCHEDULED if scheduled_at else Campaign.Status.DRAFT,
        scheduled_at=scheduled_at,
        start_requested_at=None if scheduled_at else timezone.now(),
    )
    campaign.lists.set(page.lists.all() if lists is None else lists)
    if publish_at is not None:
        page.go_live_at = publish_at
        page.save_revision(user=user).publish(user=user)
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
    """A new campaign, same content, to the failed recipients only; None
    when it may not be made: the campaign is not over (its failures are
    not all known yet), or it was resent already (two clicks, two editors:
    the same people would get it twice; a resend's own failures are resent
    from its page)."""
    with transaction.atomic():
        # Two resends at once wait for each other here, and the second one
        # sees the first.
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if (
            campaign.status != Campaign.Status.DONE
            or Campaign.objects.filter(resend_of=campaign).exists()
        ):
            return None
        retry = Campaign.objects.create(
            page=campaign.page,
            subject=campaign.subject,
            html_body=campaign.html_body,
            text_body=campaign.text_body,
            language=campaign.language,
            translations=campaign.translations,
            created_by=user,
            resend_of=campaign,
            start_requested_at=timezone.now(),
        )
        retry.lists.set(campaign.lists.all())
        enqueue_on_commit(tasks.start_campaign, retry.pk)
    return retry
