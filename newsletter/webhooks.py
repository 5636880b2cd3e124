"""Delivery events from the ESP: Anymail's tracking webhooks, read here.

The addresses are Anymail's own (`/anymail/<esp>/tracking/`), for the one
ESP that sends (NEWSLETTER_ESP: Brevo unless production's EMAIL_BACKEND
names another): the others are not mounted, so nobody can post to a view
whose ESP has no settings. They are behind HTTP basic auth with
ANYMAIL_WEBHOOK_SECRET. Anymail alone only warns when that secret is
missing; here a missing secret refuses every call (403), so the webhooks
are never open. A wrong secret, a body that is not the ESP's JSON (or holds
a NUL byte) is refused with 400; an error while applying a readable event
stays a 500, so that the ESP sends it again later.

What an event changes:
- hard bounce: the delivery is `bounced`, the person `bounced` and the
  address suppressed;
- complaint (spam): the person unsubscribed and the address suppressed;
- soft bounce: counted; NEWSLETTER_SOFT_BOUNCE_LIMIT of them make a hard one;
- delivered, opened, clicked: one more on the campaign's counters. Nothing
  is stored per person.

ESPs post an event again when our answer was slow or lost. Each event
applied leaves a salted hash of its identity in WebhookEvent, written in
the same transaction; a repeat finds it there (or waits on the unique index
until the first call commits) and changes nothing.

The inbound address `/anymail/brevo/inbound/` is mounted here too, behind
the same secret: mail to the unsubscribe mailbox (newsletter/inbound.py).
"""

import json
import logging
from datetime import timedelta

from anymail.exceptions import (
    AnymailConfigurationError,
    AnymailError,
    AnymailWebhookValidationFailure,
)
from anymail.signals import EventType, tracking
from anymail.urls import urlpatterns as anymail_urlpatterns
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.dispatch import receiver
from django.http import HttpResponseForbidden
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from newsletter.hashing import hash_value
from newsletter.models import (
    Campaign,
    ConsentRecord,
    Delivery,
    Subscriber,
    Suppression,
    WebhookEvent,
)
from newsletter.models.audience import normalise_email

logger = logging.getLogger(__name__)

COUNTERS = {
    EventType.DELIVERED: "delivered_count",
    EventType.OPENED: "opened_count",
    EventType.CLICKED: "clicked_count",
}
# The events that change something; the others are not even remembered.
HANDLED = {*COUNTERS, EventType.BOUNCED, EventType.COMPLAINED, EventType.UNSUBSCRIBED}
# Anymail's inbound addresses mounted here (the unsubscribe mailbox).
INBOUND = {"brevo_inbound_webhook"}
# What a payload that is not the ESP's raises while Anymail reads it: JSON
# or UTF-8 errors (ValueError), a list where a dict was expected, a missing
# field, the other webhook's payload (AnymailConfigurationError).
UNREADABLE = (
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    IndexError,
    AnymailError,
    AnymailConfigurationError,
)


def require_secret(view):
    @csrf_exempt
    def guarded(request, *args, **kwargs):
        if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
            logger.warning("newsletter: webhook refused, no ANYMAIL_WEBHOOK_SECRET")
            return HttpResponseForbidden()
        return view(request, *args, **kwargs)

    return guarded


def holds_nul(value):
    """True when a NUL byte is anywhere in a decoded payload (PostgreSQL
    refuses it in text)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(holds_nul(item) for item in value)
    return False


def reading_safely(view_class):
    """Anymail's view, with a payload it cannot read answered 400.

    Anymail turns a wrong secret into a 400 (a SuspiciousOperation), but
    lets a body that is not JSON, or JSON of another shape, fail as a 500.
    Reading errors become the same 400 here; errors while applying events
    (in the signal receivers) are left alone."""

    class SafeView(view_class):
        def run_validators(self, request):
            try:
                super().run_validators(request)
            except AnymailWebhookValidationFailure:
                raise
            except UNREADABLE as exc:
                raise AnymailWebhookValidationFailure(
                    f"{self.esp_name} webhook: unreadable request"
                ) from exc

        def parse_events(self, request):
            try:
                events = list(super().parse_events(request))
            except UNREADABLE as exc:
                raise AnymailWebhookValidationFailure(
                    f"{self.esp_name} webhook: unreadable payload"
                ) from exc
            if any(holds_nul(event.esp_event) for event in events):
                raise AnymailWebhookValidationFailure(
                    f"{self.esp_name} webhook: NUL byte in the payload"
                )
            return events

    SafeView.__name__ = SafeView.__qualname__ = view_class.__name__
    return SafeView


def mounted(esp):
    """Anymail's URL patterns for `esp` that this site answers: its tracking
    webhook and, when the site reads it, its inbound one."""
    wanted = {f"{esp}_tracking_webhook"} | {
        name for name in INBOUND if name == f"{esp}_inbound_webhook"
    }
    return [pattern for pattern in anymail_urlpatterns if pattern.name in wanted]


def webhook_urlpatterns(esp):
    return [
        path(
            str(pattern.pattern),
            require_secret(
                reading_safely(pattern.callback.view_class).as_view(
                    **pattern.callback.view_initkwargs
                )
            ),
            name=pattern.name,
        )
        for pattern in mounted(esp)
    ]


app_name = "anymail"
urlpatterns = webhook_urlpatterns(settings.NEWSLETTER_ESP)


def _campaign_id(event):
    value = (event.metadata or {}).get("campaign")
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _delivery_id(event):
    value = (event.metadata or {}).get("delivery")
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _count(campaign_id, field):
    if campaign_id:
        Campaign.objects.filter(pk=campaign_id).update(**{field: F(field) + 1})


def _esp_kind(event):
    """The ESP's own name for the event (Brevo: `event`; Postmark: `Type`)."""
    esp_event = event.esp_event if isinstance(event.esp_event, dict) else {}
    return esp_event.get("event") or esp_event.get("Type")


def is_soft_bounce(event):
    """Anymail files soft bounces under "bounced"; the ESP's own event says
    which (Brevo: `soft_bounce`; Postmark: `SoftBounce`)."""
    return event.event_type == EventType.BOUNCED and _esp_kind(event) in (
        "soft_bounce",
        "SoftBounce",
    )


def event_key(event, esp_name):
    """A salted hash naming this event, the same each time the ESP repeats it.

    The ESP's own event id when it sends one. Brevo sends none (Anymail's
    event_id is None), so the event is named by what it is made of: its
    kind, message, recipient, time (to the millisecond) and clicked link.
    """
    if event.event_id:
        identity = ["id", str(event.event_id)]
    else:
        identity = [
            str(event.event_type),
            str(_esp_kind(event) or ""),
            str(event.message_id or ""),
            normalise_email(event.recipient),
            event.timestamp.isoformat() if event.timestamp else "",
            str(event.click_url or ""),
        ]
        if event.timestamp is None:
            # Without a time two real events could look alike; the whole
            # payload tells them apart, and a repeat sends the same one.
            identity.append(json.dumps(event.esp_event, sort_keys=True, default=str))
    return hash_value("webhook_event", "\x1f".join([esp_name, *identity]))


def first_time(event, esp_name):
    """Remember the event; False if it was already remembered (a repeat).

    Call it inside the transaction that applies the event: if applying it
    fails, the record goes too and the ESP's retry is applied. A repeat
    arriving before the first call has committed waits on the unique index
    and fails here once it has.
    """
    try:
        with transaction.atomic():
            WebhookEvent.objects.create(key=event_key(event, esp_name))
    except IntegrityError:
        return False
    return True


def prune_events(now=None):
    """Forget the events older than NEWSLETTER_WEBHOOK_EVENT_RETENTION_DAYS."""
    now = now or timezone.now()
    days = settings.NEWSLETTER_WEBHOOK_EVENT_RETENTION_DAYS
    old = WebhookEvent.objects.filter(received_at__lt=now - timedelta(days=days))
    deleted, _ = old.delete()
    return deleted


def suppress(subscriber, status, reason):
    """Stop mailing this person and remember the address (as a hash)."""
    subscriber.status = status
    # The subscription ends now, whatever the reason: the retention delay
    # (newsletter/retention.py) counts from here.
    subscriber.unsubscribed_at = subscriber.unsubscribed_at or timezone.now()
    subscriber.save(update_fields=["status", "unsubscribed_at"])
    Suppression.objects.get_or_create(
        email_hash=Suppression.hash_email(subscriber.email),
        defaults={"reason": reason},
    )


@receiver(tracking, dispatch_uid="newsletter.tracking")
def on_tracking_event(sender, event, esp_name, **kwargs):
    if event.event_type not in HANDLED:
        return
    campaign_id = _campaign_id(event)
    email = normalise_email(event.recipient)
    with transaction.atomic():
        if not first_time(event, esp_name):
            logger.info(
                "newsletter: %s %s event already handled, repeat ignored",
                esp_name,
                event.event_type,
            )
            return
        if event.event_type in COUNTERS:
            _count(campaign_id, COUNTERS[event.event_type])
            return
        subscriber = (
            Subscriber.objects.select_for_update().filter(email=email).first()
            if email
            else None
        )
        if is_soft_bounce(event):
            _count(campaign_id, "soft_bounce_count")
            if subscriber is None:
                return
            subscriber.soft_bounce_count = F("soft_bounce_count") + 1
            subscriber.save(update_fields=["soft_bounce_count"])
            subscriber.refresh_from_db(fields=["soft_bounce_count"])
            if subscriber.soft_bounce_count >= settings.NEWSLETTER_SOFT_BOUNCE_LIMIT:
                suppress(
                    subscriber,
                    Subscriber.Status.BOUNCED,
                    Suppression.Reason.BOUNCED,
                )
            return
        if event.event_type == EventType.BOUNCED:
            _count(campaign_id, "hard_bounce_count")
            _mark_delivery(event, Delivery.Status.BOUNCED)
            if subscriber is not None:
                suppress(
                    subscriber,
                    Subscriber.Status.BOUNCED,
                    Suppression.Reason.BOUNCED,
                )
            else:
                Suppression.objects.get_or_create(
                    email_hash=Suppression.hash_email(email),
                    defaults={"reason": Suppression.Reason.BOUNCED},
                )
            logger.info("newsletter: hard bounce, address suppressed")
            return
        if event.event_type == EventType.COMPLAINED:
            _count(campaign_id, "complaint_count")
            if subscriber is not None:
                suppress(
                    subscriber,
                    Subscriber.Status.UNSUBSCRIBED,
                    Suppression.Reason.COMPLAINED,
                )
                _record_leaving(subscriber, esp_name, event)
            return
        leaving = (
            event.event_type == EventType.UNSUBSCRIBED
            and subscriber is not None
            and subscriber.status == Subscriber.Status.SUBSCRIBED
        )
        if leaving:
            subscriber.status = Subscriber.Status.UNSUBSCRIBED
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["status", "unsubscribed_at"])
            _record_leaving(subscriber, esp_name, event)


def _record_leaving(subscriber, esp_name, event):
    ConsentRecord.objects.create(
        subscriber=subscriber,
        action=ConsentRecord.Action.UNSUBSCRIBE,
        wording=f"{esp_name}: {event.event_type}",
        wording_version="esp",
    )


def _mark_delivery(event, status):
    delivery_id = _delivery_id(event)
    deliveries = Delivery.objects.all()
    if delivery_id:
        deliveries = deliveries.filter(pk=delivery_id)
    elif event.message_id:
        # The exclude lets PostgreSQL use the partial index on message ids.
        deliveries = deliveries.filter(message_id=event.message_id).exclude(
            message_id=""
        )
    else:
        return
    deliveries.update(status=status, error=str(event.mta_response or "")[:2000])
