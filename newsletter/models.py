"""The newsletter: its page, its mailing lists, its subscribers and their consent."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from cooperation.models import BaseIndexPage, BasePage
from newsletter.blocks import IssueStreamBlock
from newsletter.hashing import hash_value


def new_secret():
    return secrets.token_urlsafe(24)


def normalise_email(email):
    """One spelling per address: no surrounding spaces, lower case."""
    return (email or "").strip().lower()


class NewsletterIndexPage(BaseIndexPage):
    """Sign-up form and the archive of the issues (their web versions)."""

    subpage_types = ["newsletter.NewsletterPage"]
    template = "newsletter/newsletter_index_page.html"

    class Meta:
        verbose_name = _("rubrique Newsletter")
        verbose_name_plural = _("rubriques Newsletter")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["issues"] = (
            NewsletterPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-first_published_at")
        )
        return context


class NewsletterPage(BasePage):
    """One issue of the newsletter: its web version, and what is emailed."""

    subject = models.CharField(
        _("objet du courriel"),
        max_length=200,
        help_text=_("Ce que les abonné·es lisent dans leur boîte de réception."),
    )
    preheader = models.CharField(
        _("texte d'aperçu"),
        max_length=200,
        blank=True,
        help_text=_(
            "Une phrase montrée après l'objet dans la plupart des messageries."
        ),
    )
    lists = ParentalManyToManyField(
        "newsletter.MailingList",
        verbose_name=_("listes visées"),
        blank=True,
        related_name="issues",
        help_text=_("Les personnes inscrites à l'une de ces listes la recevront."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(IssueStreamBlock(), verbose_name=_("sections"), blank=True)

    parent_page_types = ["newsletter.NewsletterIndexPage"]
    subpage_types = []
    template = "newsletter/newsletter_page.html"

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("subject"), FieldPanel("preheader"), FieldPanel("lists")],
            heading=_("Courriel"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    def send_date(self):
        """The day the issue goes out: its latest campaign's (scheduled or
        started), else today. The agenda sections start from it."""
        campaign = self.campaigns.order_by("-created_at").first() if self.pk else None
        if campaign is not None:
            moment = campaign.scheduled_at or campaign.started_at or campaign.created_at
            return timezone.localdate(moment)
        return timezone.localdate()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["send_date"] = self.send_date()
        return context

    class Meta:
        verbose_name = _("numéro de la lettre")
        verbose_name_plural = _("numéros de la lettre")


class MailingList(models.Model):
    """A list people choose to receive: one per centre, plus topic lists."""

    class Kind(models.TextChoices):
        CENTRE = "centre", _("maison de quartier")
        TOPIC = "topic", _("thème")

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    description = models.CharField(
        _("description"),
        max_length=255,
        blank=True,
        help_text=_("Une phrase montrée sous la case à cocher."),
    )
    kind = models.CharField(
        _("type"), max_length=10, choices=Kind.choices, default=Kind.TOPIC
    )
    is_active = models.BooleanField(
        _("proposée à l'inscription"),
        default=True,
        help_text=_("Décochez pour ne plus proposer cette liste dans les formulaires."),
    )
    sort_order = models.PositiveIntegerField(_("ordre d'affichage"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("kind"),
        FieldPanel("is_active"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("liste de diffusion")
        verbose_name_plural = _("listes de diffusion")

    def __str__(self):
        return self.name


class SubscriberQuerySet(models.QuerySet):
    def mailable(self):
        """Who a campaign may be sent to: confirmed, and not since unsubscribed,
        bounced or complained. Erased people have no row left, and a
        suppressed address that signs up again stays pending until it
        confirms (which lifts the suppression)."""
        return self.filter(status=Subscriber.Status.SUBSCRIBED)

    def confirmation_due(self, now=None):
        """Pending people whose latest request has not had its email yet."""
        now = now or timezone.now()
        retry = timedelta(minutes=settings.NEWSLETTER_CONFIRMATION_RETRY_MINUTES)
        ttl = timedelta(days=settings.NEWSLETTER_PENDING_TTL_DAYS)
        return self.filter(
            status=Subscriber.Status.PENDING,
            confirmation_requested_at__isnull=False,
            confirmation_requested_at__gte=now - ttl,
        ).filter(
            models.Q(confirmation_sent_at__isnull=True)
            | models.Q(
                confirmation_sent_at__lt=models.F("confirmation_requested_at"),
                confirmation_sent_at__lte=now - retry,
            )
        )


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("en attente de confirmation")
        SUBSCRIBED = "subscribed", _("abonné·e")
        UNSUBSCRIBED = "unsubscribed", _("désabonné·e")
        BOUNCED = "bounced", _("adresse en échec")
        COMPLAINED = "complained", _("signalé comme indésirable")

    class Language(models.TextChoices):
        FR = "fr", "Français"
        EN = "en", "English"
        AR = "ar", "العربية"

    email = models.EmailField(_("courriel"), max_length=254)
    first_name = models.CharField(_("prénom"), max_length=80, blank=True)
    language = models.CharField(
        _("langue"), max_length=5, choices=Language.choices, default=Language.FR
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    lists = models.ManyToManyField(
        MailingList,
        verbose_name=_("listes"),
        blank=True,
        related_name="subscribers",
    )
    secret = models.CharField(
        _("clé des liens"),
        max_length=64,
        default=new_secret,
        editable=False,
        help_text=_("Change quand les liens envoyés doivent cesser de marcher."),
    )
    created_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("désabonné le"), null=True, blank=True)
    confirmation_requested_at = models.DateTimeField(
        _("confirmation demandée le"), null=True, blank=True, editable=False
    )
    confirmation_sent_at = models.DateTimeField(
        _("confirmation envoyée le"), null=True, blank=True, editable=False
    )
    notice_sent_at = models.DateTimeField(
        _("lien de gestion envoyé le"), null=True, blank=True, editable=False
    )
    soft_bounce_count = models.PositiveIntegerField(
        _("échecs temporaires"), default=0, editable=False
    )

    objects = SubscriberQuerySet.as_manager()

    panels = [
        FieldPanel("email"),
        FieldPanel("first_name"),
        FieldPanel("language"),
        FieldPanel("status"),
        FieldPanel("lists"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("abonné·e")
        verbose_name_plural = _("abonné·es")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="newsletter_subscriber_email_ci_unique",
                violation_error_message=_("Cette adresse est déjà inscrite."),
            )
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def rotate_secret(self):
        """Every link sent so far stops working (for a leaked link)."""
        self.secret = new_secret()
        self.save(update_fields=["secret"])


class ConsentRecord(models.Model):
    """What the person agreed to, when and where: the proof of consent."""

    class Action(models.TextChoices):
        SUBSCRIBE = "subscribe", _("demande d'inscription")
        CONFIRM = "confirm", _("confirmation")
        PREFERENCES = "preferences", _("changement de préférences")
        UNSUBSCRIBE = "unsubscribe", _("désinscription")

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("abonné·e"),
        on_delete=models.CASCADE,
        related_name="consent_records",
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    wording = models.TextField(_("texte accepté"), blank=True)
    wording_version = models.CharField(_("version du texte"), max_length=20)
    source_url = models.CharField(_("page d'origine"), max_length=500, blank=True)
    ip_hash = models.CharField(
        _("empreinte de l'adresse IP"),
        max_length=64,
        blank=True,
        help_text=_("Empreinte salée : l'adresse IP elle-même n'est pas gardée."),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("trace de consentement")
        verbose_name_plural = _("traces de consentement")

    def __str__(self):
        return f"{self.subscriber_id} {self.action} {self.created_at:%Y-%m-%d}"


class Suppression(models.Model):
    """An address never to be mailed again, kept only as a salted hash.

    Written when someone erases their data; removed only when the same
    address signs up again and confirms.
    """

    class Reason(models.TextChoices):
        ERASED = "erased", _("données effacées à la demande")
        BOUNCED = "bounced", _("adresse en échec")
        COMPLAINED = "complained", _("signalé comme indésirable")

    email_hash = models.CharField(
        _("empreinte du courriel"), max_length=64, unique=True
    )
    reason = models.CharField(_("raison"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("adresse bloquée")
        verbose_name_plural = _("adresses bloquées")

    def __str__(self):
        return self.email_hash[:12]

    @staticmethod
    def hash_email(email):
        return hash_value("email", normalise_email(email))

    @classmethod
    def is_suppressed(cls, email):
        return cls.objects.filter(email_hash=cls.hash_email(email)).exists()


class Campaign(models.Model):
    """One sending of an issue to the people of its lists, at one moment.

    The subject and both bodies are frozen when sending starts, so that
    editing the page afterwards changes nothing for the messages still to go.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        SCHEDULED = "scheduled", _("programmée")
        PREPARING = "preparing", _("préparation des destinataires")
        SENDING = "sending", _("envoi en cours")
        PAUSED = "paused", _("en pause")
        CANCELLED = "cancelled", _("annulée")
        DONE = "done", _("terminée")

    subject = models.CharField(_("objet"), max_length=200)
    html_body = models.TextField(_("version HTML"), blank=True)
    text_body = models.TextField(_("version texte"), blank=True)
    lists = models.ManyToManyField(
        MailingList, verbose_name=_("listes visées"), related_name="campaigns"
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

    @property
    def esp_tag(self):
        """The tag every message of this campaign carries at the ESP."""
        return f"campagne-{self.pk}"


class Delivery(models.Model):
    """One recipient of one campaign, and where their message stands.

    queued → sending (claimed by a batch, with the claim's key and time)
    → sent | failed | bounced. A claim left behind by a dead worker is
    checked against the ESP before anything is sent again (see
    newsletter/sending.py); `unknown` is what stays when the ESP cannot tell.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("en file d'attente")
        SENDING = "sending", _("en cours d'envoi")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("échec")
        BOUNCED = "bounced", _("rejeté par le destinataire")
        UNKNOWN = "unknown", _("état inconnu")
        CANCELLED = "cancelled", _("annulé")

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
