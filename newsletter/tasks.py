"""Celery tasks of the newsletter: transactional emails and housekeeping.

Each task may run twice (acks_late, beat catching up): they check the
database before sending and lock the row while they do.
"""

import logging
import smtplib
from datetime import timedelta

import requests
from anymail.exceptions import AnymailError
from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from newsletter import (
    emails,
    issues,
    rendering,
    retention,
    subscriptions,
    webhooks,
)
from newsletter.models import Campaign, Delivery, NewsletterPage, Subscriber
from newsletter.models.audience import normalise_email
from newsletter.sending import (
    batches,
    claims,
    connections,
    pacing,
    progress,
    snapshot,
)

logger = logging.getLogger(__name__)

# How many confirmations one beat run sends at most.
PENDING_BATCH = 500


@shared_task(name="newsletter.tasks.send_confirmation")
def send_confirmation(subscriber_id):
    """Send the double opt-in email, unless it is not (or no longer) due."""
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.confirmation_due()
            .select_for_update(skip_locked=True)
            .filter(pk=subscriber_id)
            .first()
        )
        if subscriber is None:
            return False
        emails.send_confirmation(subscriber)
        subscriber.confirmation_sent_at = timezone.now()
        subscriber.save(update_fields=["confirmation_sent_at"])
    logger.info("newsletter: confirmation sent to subscriber %s", subscriber_id)
    return True


@shared_task(name="newsletter.tasks.send_manage_link")
def send_manage_link(subscriber_id):
    """Send the preferences link, at most once per retry delay."""
    cutoff = timezone.now() - timedelta(
        minutes=settings.NEWSLETTER_CONFIRMATION_RETRY_MINUTES
    )
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update(skip_locked=True)
            .filter(pk=subscriber_id)
            .exclude(notice_sent_at__gt=cutoff)
            .first()
        )
        if subscriber is None:
            return False
        if subscriber.status == Subscriber.Status.PENDING:
            # Not confirmed yet: the confirmation is what they need.
            transaction.on_commit(lambda: send_confirmation(subscriber_id))
            return False
        emails.send_manage_link(subscriber)
        subscriber.notice_sent_at = timezone.now()
        subscriber.save(update_fields=["notice_sent_at"])
    return True


@shared_task(name="newsletter.tasks.handle_signup")
def handle_signup(form):
    """A sign-up form, applied here rather than in the web process: known and
    unknown addresses cost the web the same (one task queued, the same
    arguments), and what to send is decided here. `form` holds the keyword
    arguments of subscriptions.apply_signup (lists as ids)."""
    subscriber, due = subscriptions.apply_signup(**form)
    if due == subscriptions.SEND_CONFIRMATION:
        return send_confirmation(subscriber.pk)
    if due == subscriptions.SEND_MANAGE_LINK:
        return send_manage_link(subscriber.pk)
    return False


@shared_task(name="newsletter.tasks.handle_manage_link_request")
def handle_manage_link_request(email):
    """« Mon lien »: the preferences link to a known address, nothing to an
    unknown one; decided here, so that the web answers both alike."""
    subscriber = (
        Subscriber.objects.filter(
            email=normalise_email(email),
            status__in=(Subscriber.Status.SUBSCRIBED, Subscriber.Status.PENDING),
        )
        .only("pk")
        .first()
    )
    if subscriber is None:
        return False
    return send_manage_link(subscriber.pk)


@shared_task(name="newsletter.tasks.send_data_export")
def send_data_export(subscriber_id):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    emails.send_data_export(subscriber)
    return True


@shared_task(name="newsletter.tasks.send_issue_test")
def send_issue_test(page_id, addresses):
    """The issue's latest draft as subscribers will see it, one message to
    each of a few addresses, marked as a test; its personal links are
    harmless (they lead to the sign-up page)."""
    page = NewsletterPage.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    page = issues.latest(page)
    if isinstance(addresses, str):
        addresses = [addresses]
    html, text = rendering.render_issue(page, rendering.sample_links(page))
    with translation.override(page.locale.language_code):
        subject = gettext("[Test] %(subject)s") % {"subject": page.subject}
    for address in addresses:
        message = EmailMultiAlternatives(subject=subject, body=text, to=[address])
        message.attach_alternative(html, "text/html")
        message.send()
    return len(addresses)


@shared_task(name="newsletter.tasks.send_pending_confirmations")
def send_pending_confirmations():
    """Beat: send the confirmations that could not be queued, or failed."""
    ids = list(
        Subscriber.objects.confirmation_due()
        .order_by("confirmation_requested_at")
        .values_list("pk", flat=True)[:PENDING_BATCH]
    )
    sent = 0
    for pk in ids:
        try:
            sent += bool(send_confirmation(pk))
        except (OSError, smtplib.SMTPException, AnymailError):
            # One address the provider refuses must not hold up the others.
            logger.exception("newsletter: confirmation to subscriber %s failed", pk)
    if ids:
        logger.info("newsletter: %s of %s pending confirmations sent", sent, len(ids))
    return sent


@shared_task(name="newsletter.tasks.purge_unconfirmed")
def purge_unconfirmed():
    """Beat, daily: forget sign-ups never confirmed."""
    deleted = subscriptions.purge_unconfirmed()
    logger.info("newsletter: %s unconfirmed sign-ups deleted", deleted)
    return deleted


@shared_task(name="newsletter.tasks.apply_retention")
def apply_retention():
    """Beat, daily: erase the people who left 30 days ago or more (only a
    hash of their address stays) and the proofs of consent kept three years
    after their subscription ended."""
    erased, records = retention.apply()
    logger.info(
        "newsletter: retention, %s people erased, %s consent records deleted",
        erased,
        records,
    )
    return erased, records


@shared_task(name="newsletter.tasks.prune_webhook_events")
def prune_webhook_events():
    """Beat, daily: forget the webhook events too old to be repeated."""
    deleted = webhooks.prune_events()
    logger.info("newsletter: %s old webhook events forgotten", deleted)
    return deleted


# Campaigns ------------------------------------------------------------------


@shared_task(name="newsletter.tasks.start_campaign")
def start_campaign(campaign_id):
    """Write the campaign's recipients, then fan out the batch tasks."""
    with transaction.atomic():
        campaign = (
            Campaign.objects.select_for_update()
            .filter(
                pk=campaign_id,
                status__in=[
                    Campaign.Status.DRAFT,
                    Campaign.Status.SCHEDULED,
                    Campaign.Status.PREPARING,
                ],
            )
            .first()
        )
        if campaign is None:
            return 0
        again = campaign.status == Campaign.Status.PREPARING
        campaign.status = Campaign.Status.PREPARING
        campaign.started_at = campaign.started_at or timezone.now()
        campaign.save(update_fields=["status", "started_at"])
    if campaign.publish_issue:
        # The issue enters the public archive as its sending starts (again
        # on a restart: nothing is published twice).
        issues.publish(campaign)
    size = settings.NEWSLETTER_BATCH_SIZE
    queued = 0

    def send_chunk(added):
        # Sending starts with the first chunk, while the next are written.
        nonlocal queued
        for _ in range(-(-added // size)):
            send_batch.delay(campaign_id)
            queued += 1

    snapshot.snapshot_recipients(campaign, on_chunk=send_chunk)
    snapshot.end_preparation(campaign_id)
    if again:
        # A run before this one died: rows it wrote may have no task.
        return queued + fan_out(campaign_id)
    progress.finish_if_done(campaign_id)
    return queued


@shared_task(name="newsletter.tasks.continue_campaign")
def continue_campaign(campaign_id):
    """After a resume: queue the batches of the rows still queued."""
    if not Campaign.objects.filter(
        pk=campaign_id, status=Campaign.Status.SENDING
    ).exists():
        return 0
    return fan_out(campaign_id)


def fan_out(campaign_id):
    """One batch task per batch of queued rows (a spare one finds nothing)."""
    count = progress.batches_needed(campaign_id)
    for _ in range(count):
        send_batch.delay(campaign_id)
    if not count:
        progress.finish_if_done(campaign_id)
    return count


@shared_task(bind=True, name="newsletter.tasks.send_batch")
def send_batch(self, campaign_id):
    """Claim one batch of the campaign and send it in one ESP call.

    The task's id is the claim's key: a retry (or a redelivery after the
    worker died) finds the rows its earlier run claimed and asks the ESP
    about them before sending anything.
    """
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    key = self.request.id or claims.new_key()
    if campaign.status not in (Campaign.Status.PREPARING, Campaign.Status.SENDING):
        # Paused or cancelled: a retry still holding rows settles them.
        held = claims.claimed_by(campaign_id, key)
        if held:
            try:
                claims.hand_back(campaign, held, key)
            except requests.RequestException:
                logger.warning("newsletter: could not ask the ESP, the beat will")
        return 0
    ids = claims.claimed_by(campaign_id, key)
    if ids:
        try:
            ids = claims.settle_unsure(campaign, ids, key)
        except requests.RequestException as error:
            return _retry_later(self, campaign_id, error)
        if ids is None:
            progress.finish_if_done(campaign_id)
            return 0
        recipients = claims.reclaim(ids, key)
    else:
        recipients = claims.claim(campaign_id, key, settings.NEWSLETTER_BATCH_SIZE)
    if not recipients:
        progress.finish_if_done(campaign_id)
        return 0
    pacing.wait_for_rate(len(recipients))
    try:
        sent = batches.send_claimed(campaign, recipients, key, connections.kept.get())
    except batches.NotSent as error:
        connections.kept.drop()
        claims.release([recipient.delivery for recipient in recipients], key)
        return _retry_later(self, campaign_id, error)
    except batches.Unsure as error:
        # The rows stay claimed: the next run asks the ESP first.
        connections.kept.drop()
        return _retry_later(self, campaign_id, error)
    except Exception:
        connections.kept.drop()
        raise
    progress.finish_if_done(campaign_id)
    return sent


def _retry_later(task, campaign_id, error):
    retries = task.request.retries
    if retries >= settings.NEWSLETTER_MAX_RETRIES:
        # Nothing is lost: resume_campaigns picks the rows up again.
        logger.error(
            "newsletter: campaign %s batch gave up after %s retries: %s",
            campaign_id,
            retries,
            error,
        )
        return 0
    countdown = pacing.backoff(retries)
    logger.warning(
        "newsletter: campaign %s batch retried in %.1f s: %s",
        campaign_id,
        countdown,
        error,
    )
    if task.request.is_eager:
        # Tasks run in this process (a laptop without Redis, unit tests):
        # try again at once, keeping the key and counting the retry.
        result = task.apply(
            args=[campaign_id], task_id=task.request.id, retries=retries + 1
        )
        return result.result
    raise task.retry(countdown=countdown, max_retries=None)


@shared_task(name="newsletter.tasks.resume_campaigns")
def resume_campaigns(stale_after_seconds=None):
    """Beat, every minute: start scheduled campaigns whose time has come and
    "send now" campaigns whose start the broker lost (asked for more than
    NEWSLETTER_START_GRACE_SECONDS ago, still not started), and carry on
    the ones a dead worker left behind (asking the ESP about its unfinished
    claims first)."""
    now = timezone.now()
    if stale_after_seconds is None:
        stale_after_seconds = settings.NEWSLETTER_STALE_CLAIM_SECONDS
    stale = timedelta(seconds=stale_after_seconds)
    grace = timedelta(seconds=settings.NEWSLETTER_START_GRACE_SECONDS)
    started = 0
    due = Campaign.objects.filter(
        Q(status=Campaign.Status.SCHEDULED, scheduled_at__lte=now)
        | Q(status=Campaign.Status.DRAFT, start_requested_at__lte=now - grace)
        | Q(status=Campaign.Status.PREPARING, started_at__lt=now - stale)
    )
    for campaign_id in due.values_list("pk", flat=True):
        start_campaign.delay(campaign_id)
        started += 1
    stopped = Campaign.objects.filter(
        Exists(
            Delivery.objects.filter(
                campaign=OuterRef("pk"), status=Delivery.Status.SENDING
            )
        ),
        status__in=[Campaign.Status.PAUSED, Campaign.Status.CANCELLED],
    )
    for campaign in stopped:
        # Claims a stopped campaign's batches left behind: settle them too.
        for key, ids in claims.stale_claims(campaign.pk, stale).items():
            try:
                claims.hand_back(campaign, ids, key)
            except requests.RequestException:
                logger.exception("newsletter: could not ask the ESP, later then")
    for campaign in Campaign.objects.filter(status=Campaign.Status.SENDING):
        idle = progress.is_idle(campaign.pk, stale)
        released = 0
        for key, ids in claims.stale_claims(campaign.pk, stale).items():
            try:
                left = claims.settle_unsure(campaign, ids, key)
            except requests.RequestException:
                logger.exception("newsletter: could not ask the ESP, later then")
                continue
            if left:
                claims.release(left, key)
                released += len(left)
        if idle or released:
            fan_out(campaign.pk)
        else:
            progress.finish_if_done(campaign.pk)
    return started
