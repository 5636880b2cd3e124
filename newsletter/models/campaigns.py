"""Sending an issue: the campaign, one delivery per recipient, and the ESP
events already applied."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsletter.models.audience import MailingList, Subscriber, in_default_language
from newsletter.models.pages import NewsletterPage


class Campaign(models.Model):
    """One sending of an issue to the people of its lists, at one moment.

    The subject and both bodies are frozen when sending starts, so that
    editing the page afterwards changes nothing for the messages still to go.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SCHEDULED = "scheduled", _("Programmée")
        PREPARING = "preparing", _("Préparation des destinataires")
        SENDING = "sending", _("Envoi en cours")
        PAUSED = "paused", _("En pause")
        CANCELLED = "cancelled", _("Annulée")
        DONE = "done", _("Terminée")

    subject = models.CharField(_("objet"), max_length=200)
    html_body = models.TextField(_("version HTML"), blank=True)
    text_body = models.TextField(_("version texte"), blank=True)
    language = models.CharField(
        _("langue de l'original"), max_length=5, default="fr", editable=False
    )
    # The other languages' versions, frozen with the original:
    # {"en": {"subject": …, "html_body": …, "text_body": …}}.
    translations = models.JSONField(
        _("traductions"), default=dict, blank=True, editable=False
    )
    publish_issue = models.BooleanField(
        _("publier le numéro au début de l'envoi"), default=False, editable=False
    )
    lists = models.ManyToManyField(
        MailingList,
        verbose_name=_("listes visées"),
        related_name="campaigns",
        limit_choices_to=in_default_language,
    )
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )
    page = models.ForeignKey(
        NewsletterPage,
        verbose_name=_("numéro"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
    )
    resend_of = models.ForeignKey(
        "self",
        verbose_name=_("renvoi de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resends",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    scheduled_at = models.DateTimeField(_("envoi prévu le"), null=True, blank=True)
    # "Send now" (and a resend): when the start task was asked for. If the
    # broker lost it, the beat starts the campaign a minute later.
    start_requested_at = models.DateTimeField(
        _("envoi demandé le"), null=True, blank=True, editable=False
    )
    started_at = models.DateTimeField(_("envoi commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("envoi terminé le"), null=True, blank=True)
    # Aggregates from the ESP's webhooks: counts only, nobody is tracked.
    delivered_count = models.PositiveIntegerField(_("remis"), default=0)
    opened_count = models.PositiveIntegerField(_("ouvertures"), default=0)
    clicked_count = models.PositiveIntegerField(_("clics"), default=0)
    soft_bounce_count = models.PositiveIntegerField(_("échecs temporaires"), default=0)
    hard_bounce_count = models.PositiveIntegerField(_("échecs définitifs"), default=0)
    complaint_count = models.PositiveIntegerField(
        _("signalements comme indésirable"), default=0
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        permissions = [("send_campaign", _("Peut envoyer une campagne"))]

    def __str__(self):
        return self.subject

    def version(self, language):
        """(subject, html, text) in `language`, the original when there is
        no translation in it."""
        other = self.translations.get(language)
        if other:
            return other["subject"], other["html_body"], other["text_body"]
        return self.subject, self.html_body, self.text_body

    @property
    def languages(self):
        """The languages this campaign is sent in, the original's first."""
        return [self.language, *sorted(self.translations)]

    @property
    def esp_tag(self):
        """The tag every message of this campaign carries at the ESP."""
        return f"campagne-{self.pk}"


class Delivery(models.Model):
    """One recipient of one campaign, and where their message stands.

    queued → sending (claimed by a batch, with the claim's key and time)
    → sent | failed | bounced. A claim left behind by a dead worker is
    checked against the ESP before anything is sent again (see
    newsletter/sending/claims.py); `unknown` is what stays when the ESP
    cannot tell.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("En file d'attente")
        SENDING = "sending", _("En cours d'envoi")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")
        BOUNCED = "bounced", _("Rejeté par le destinataire")
        UNKNOWN = "unknown", _("État inconnu")
        CANCELLED = "cancelled", _("Annulé")

    # Each write of a row updates every index of the table (a new state
    # is never a "HOT" update): the unique constraints below also serve
    # the lookups by campaign and by subscriber, so the foreign keys get
    # no index of their own.
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campagne"),
        on_delete=models.CASCADE,
        related_name="deliveries",
        db_index=False,
    )
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("abonné·e"),
        on_delete=models.CASCADE,
        related_name="deliveries",
        db_index=False,
    )
    email = models.EmailField(_("courriel"), max_length=254)
    language = models.CharField(
        _("langue de la version envoyée"), max_length=5, blank=True, default=""
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    claim_key = models.CharField(_("lot"), max_length=64, blank=True)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    message_id = models.CharField(
        _("identifiant chez le prestataire"), max_length=200, blank=True
    )
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "campaign"],
                name="newsletter_delivery_once_per_subscriber",
            ),
            models.UniqueConstraint(
                fields=["campaign", "email"],
                name="newsletter_delivery_once_per_address",
            ),
        ]
        indexes = [
            # Claims walk the queued rows of a campaign in id order: with the
            # id in the index, that is a range scan, not a sort of them all.
            # Only rows still in flight are in it: it stays small, and the
            # write that marks a row sent does not touch it.
            models.Index(
                fields=["campaign", "status", "id"],
                name="newsletter_delivery_in_flight",
                condition=Q(status__in=["queued", "sending"]),
            ),
            models.Index(
                fields=["message_id"],
                name="newsletter_delivery_msgid",
                condition=~Q(message_id=""),
            ),
        ]

    def __str__(self):
        return f"{self.campaign_id} → {self.email} ({self.status})"


class WebhookEvent(models.Model):
    """An ESP event already handled, so that a repeated webhook counts once.

    ESPs post an event again when our answer was slow or lost. The row is
    written in the transaction that applies the event; the unique key makes
    a repeat (even one arriving at the same moment) fail and be skipped.
    Only a salted hash of the event's identity is kept, never the address;
    rows older than NEWSLETTER_WEBHOOK_EVENT_RETENTION_DAYS are deleted daily.
    """

    key = models.CharField(_("empreinte de l'événement"), max_length=64)
    received_at = models.DateTimeField(_("reçu le"), default=timezone.now)

    class Meta:
        verbose_name = _("événement de suivi traité")
        verbose_name_plural = _("événements de suivi traités")
        constraints = [
            models.UniqueConstraint(
                fields=["key"], name="newsletter_webhook_event_once"
            )
        ]
        indexes = [
            models.Index(fields=["received_at"], name="newsletter_webhook_received"),
        ]

    def __str__(self):
        return self.key[:12]
