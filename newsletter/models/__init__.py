"""The newsletter's models, by subject: `pages` (the section and its
issues), `audience` (lists, subscribers, consent, suppressed addresses) and
`campaigns` (sending an issue, its deliveries, the ESP's events)."""

from newsletter.models.audience import (
    ConsentRecord,
    MailingList,
    Subscriber,
    Suppression,
    new_secret,  # named by migration 0003 as newsletter.models.new_secret
)
from newsletter.models.campaigns import Campaign, Delivery, WebhookEvent
from newsletter.models.pages import NewsletterIndexPage, NewsletterPage

__all__ = [
    "Campaign",
    "ConsentRecord",
    "Delivery",
    "MailingList",
    "NewsletterIndexPage",
    "NewsletterPage",
    "Subscriber",
    "Suppression",
    "WebhookEvent",
    "new_secret",
]
