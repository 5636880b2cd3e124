"""Where a campaign stands: counts for the admin, batches left, its end."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from newsletter.models import Campaign, Delivery


def progress(campaign):
    """Counts per state, rate over the last minute and the expected end."""
    counts = dict(
        campaign.deliveries.values_list("status").annotate(n=Count("pk")).order_by()
    )
    total = sum(counts.values())
    sent = counts.get(Delivery.Status.SENT, 0)
    now = timezone.now()
    recent = campaign.deliveries.filter(
        status=Delivery.Status.SENT, sent_at__gte=now - timedelta(minutes=1)
    ).count()
    rate = recent / 60
    left = counts.get(Delivery.Status.QUEUED, 0) + counts.get(
        Delivery.Status.SENDING, 0
    )
    eta = now + timedelta(seconds=left / rate) if rate and left else None
    return {
        "total": total,
        "sent": sent,
        "queued": counts.get(Delivery.Status.QUEUED, 0),
        "sending": counts.get(Delivery.Status.SENDING, 0),
        "failed": counts.get(Delivery.Status.FAILED, 0),
        "bounced": counts.get(Delivery.Status.BOUNCED, 0),
        "unknown": counts.get(Delivery.Status.UNKNOWN, 0),
        "cancelled": counts.get(Delivery.Status.CANCELLED, 0),
        "percent": round(100 * sent / total) if total else 0,
        "rate": round(rate, 1),
        "expected_end": eta,
        "by_language": by_language(campaign),
    }


def by_language(campaign):
    """Recipients and messages sent per language of the version sent."""
    rows = (
        campaign.deliveries.values("language")
        .annotate(
            total=Count("pk"), sent=Count("pk", filter=Q(status=Delivery.Status.SENT))
        )
        .order_by("language")
    )
    names = dict(settings.LANGUAGES)
    result = []
    for row in rows:
        language = row["language"] or campaign.language
        result.append({**row, "language": language, "name": names.get(language)})
    return result


def finish_if_done(campaign_id):
    """Mark the campaign done when nothing is queued or in flight."""
    busy = Delivery.objects.filter(
        campaign_id=campaign_id,
        status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING],
    ).exists()
    if busy:
        return False
    return bool(
        Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).update(
            status=Campaign.Status.DONE, finished_at=timezone.now()
        )
    )


def batches_needed(campaign_id):
    queued = Delivery.objects.filter(
        campaign_id=campaign_id, status=Delivery.Status.QUEUED
    ).count()
    size = settings.NEWSLETTER_BATCH_SIZE
    return -(-queued // size)


def is_idle(campaign_id, older_than):
    """No row of the campaign moved within `older_than`."""
    cutoff = timezone.now() - older_than
    return not Delivery.objects.filter(
        Q(claimed_at__gte=cutoff) | Q(sent_at__gte=cutoff),
        campaign_id=campaign_id,
    ).exists()
