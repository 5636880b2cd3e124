"""The forms of the newsletter's admin pages: a test, a send, an import."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsletter.models import MailingList, NewsletterPage, Subscriber
from newsletter.models.audience import in_default_language

MAX_TEST_ADDRESSES = 5


class TestForm(forms.Form):
    addresses = forms.CharField(
        label=_("Adresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Jusqu'à 5 adresses, séparées par des virgules ou des retours à la "
            "ligne. Laissez vide pour l'envoyer à votre propre adresse."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_addresses(self):
        text = self.cleaned_data["addresses"]
        addresses = []
        for address in re.split(r"[\s,;]+", text.strip()):
            if address and address.lower() not in addresses:
                addresses.append(address.lower())
        if not addresses:
            if not self.user.email:
                raise ValidationError(
                    _("Votre compte n'a pas d'adresse : saisissez-en une.")
                )
            return [self.user.email]
        if len(addresses) > MAX_TEST_ADDRESSES:
            raise ValidationError(
                _("Cinq adresses au plus pour un test (%(count)s saisies).")
                % {"count": len(addresses)}
            )
        wrong = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                wrong.append(address)
        if wrong:
            raise ValidationError(
                ngettext(
                    "Adresse non valide : %(addresses)s",
                    "Adresses non valides : %(addresses)s",
                    len(wrong),
                )
                % {"addresses": ", ".join(wrong)}
            )
        return addresses


class ListsField(forms.ModelMultipleChoiceField):
    """Lists as checkboxes, each with its number of subscribers."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return ngettext(
            "%(name)s (%(count)s abonné·e)",
            "%(name)s (%(count)s abonné·es)",
            obj.subscribed,
        ) % {"name": obj.name, "count": obj.subscribed}


def lists_with_counts():
    """The French lists (the ones people subscribe to; their translations only
    name them in other languages), each with its number of subscribers."""
    return MailingList.objects.filter(**in_default_language()).annotate(
        subscribed=Count(
            "subscribers",
            filter=Q(subscribers__status=Subscriber.Status.SUBSCRIBED),
        )
    )


def _future(value):
    if value and value <= timezone.now():
        raise ValidationError(_("Choisissez un moment à venir."))
    return value


class SendForm(forms.Form):
    lists = ListsField(
        label=_("Listes visées"),
        queryset=MailingList.objects.none(),
        error_messages={"required": _("Choisissez au moins une liste.")},
    )
    scheduled_at = forms.DateTimeField(
        label=_("Programmer l'envoi le"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Laissez vide pour envoyer tout de suite."),
    )
    publish_at = forms.DateTimeField(
        label=_("Publier dans les archives le"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_(
            "Laissez vide : le numéro paraît dans les archives du site quand "
            "son envoi commence, pas avant."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = lists_with_counts()

    def clean_scheduled_at(self):
        return _future(self.cleaned_data["scheduled_at"])

    def clean_publish_at(self):
        return _future(self.cleaned_data["publish_at"])


class NewCampaignForm(forms.Form):
    issue = forms.ModelChoiceField(
        label=_("Numéro à envoyer"),
        queryset=NewsletterPage.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args, issues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = issues


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Colonnes : email, first_name, language, lists (identifiants séparés "
            "par |), consent_date, consent_source. Sans date et source du "
            "consentement, la personne reçoit un courriel de confirmation."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Simulation : ne rien enregistrer"),
        required=False,
        initial=True,
    )
