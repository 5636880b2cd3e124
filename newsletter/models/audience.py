"""Who the newsletter goes to: mailing lists, subscribers, the proof of
their consent, and the addresses never to be mailed again."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

from newsletter.hashing import hash_value


def new_secret():
    return secrets.token_urlsafe(24)


def normalise_email(email):
    """One spelling per address: no surrounding spaces, lower case."""
    return (email or "").strip().lower()


def in_default_language():
    """What a subscription, a campaign or an issue points to: the lists in
    French, never their translations (`limit_choices_to`)."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


class MailingList(TranslatableMixin, models.Model):
    """A list people choose to receive: one per centre, plus topic lists.

    Translatable with wagtail-localize for its name and description only:
    people subscribe to the French list (the one campaigns target), and the
    forms show it in the reader's language (`newsletter.forms.ListsField`)."""

    class Kind(models.TextChoices):
        CENTRE = "centre", _("Maison de quartier")
        TOPIC = "topic", _("Thème")

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), max_length=80)
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

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("liste de diffusion")
        verbose_name_plural = _("listes de diffusion")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="newsletter_mailinglist_slug_locale"
            )
        ]

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
        PENDING = "pending", _("En attente de confirmation")
        SUBSCRIBED = "subscribed", _("Abonné·e")
        UNSUBSCRIBED = "unsubscribed", _("Désabonné·e")
        BOUNCED = "bounced", _("Adresse en échec")
        COMPLAINED = "complained", _("Signalé comme indésirable")

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
        limit_choices_to=in_default_language,
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
        SUBSCRIBE = "subscribe", _("Demande d'inscription")
        CONFIRM = "confirm", _("Confirmation")
        PREFERENCES = "preferences", _("Changement de préférences")
        UNSUBSCRIBE = "unsubscribe", _("Désinscription")

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("abonné·e"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consent_records",
        help_text=_(
            "Vide quand les données de la personne ont été effacées : la trace "
            "reste, avec l'empreinte de l'adresse, comme preuve du consentement."
        ),
    )
    # Written when the person's data is erased (newsletter/retention.py):
    # the proof then names the address only by its salted hash, and goes
    # NEWSLETTER_CONSENT_RETENTION_DAYS after the subscription ended.
    email_hash = models.CharField(
        _("empreinte du courriel"), max_length=64, blank=True, db_index=True
    )
    subscription_ended_at = models.DateTimeField(
        _("fin de l'abonnement"), null=True, blank=True
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

    Written when someone erases their data, bounces or complains, and when
    the data of someone who left is erased after 30 days; removed only when
    the same address signs up again and confirms.
    """

    class Reason(models.TextChoices):
        ERASED = "erased", _("Données effacées à la demande")
        UNSUBSCRIBED = "unsubscribed", _("Désinscription, données effacées")
        BOUNCED = "bounced", _("Adresse en échec")
        COMPLAINED = "complained", _("Signalé comme indésirable")

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
