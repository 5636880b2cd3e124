"""The newsletter's public forms. Every message is in French first."""

import re
import unicodedata

from django import forms
from django.core.mail.message import sanitize_address
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from newsletter.consent import CONSENT_WORDING
from newsletter.models import MailingList, Subscriber
from newsletter.models.audience import in_default_language, normalise_email

FIRST_NAME_MAX_LENGTH = 80
SOURCE_MAX_LENGTH = 500


def clean_first_name(value):
    """A first name fit for an email body: no control characters (line
    breaks included), single spaces, bounded length."""
    value = "".join(
        " " if unicodedata.category(char).startswith(("C", "Z")) else char
        for char in value or ""
    )
    return re.sub(r"\s+", " ", value).strip()[:FIRST_NAME_MAX_LENGTH]


def clean_source(value):
    """The page the form was sent from: a path on this site, or nothing."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return ""
    if any(unicodedata.category(char).startswith("C") for char in value):
        return ""
    return value[:SOURCE_MAX_LENGTH]


def current_language():
    code = (get_language() or "fr")[:2]
    return code if code in Subscriber.Language.values else "fr"


class ListsField(forms.ModelMultipleChoiceField):
    """The French lists (what people subscribe to and campaigns target),
    each named in the reader's language when translated."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(
            queryset=MailingList.objects.filter(is_active=True),
            required=False,
            label=_("Ce qui vous intéresse"),
            error_messages={
                "invalid_choice": _("Cette liste n'existe pas ou plus."),
                "invalid_pk_value": _("Cette liste n'existe pas ou plus."),
                "list": _("Choisissez des listes dans celles proposées."),
            },
            **kwargs,
        )

    def __deepcopy__(self, memo):
        # Each form's own copy: the settings are read then, not at import.
        field = super().__deepcopy__(memo)
        field.queryset = field.queryset.filter(**in_default_language())
        field.reader_names = None
        return field

    def label_from_instance(self, obj):
        if self.reader_names is None:
            # One query for every list of the form.
            self.reader_names = dict(
                MailingList.objects.filter(
                    locale__language_code=current_language()
                ).values_list("translation_key", "name")
            )
        return self.reader_names.get(obj.translation_key, obj.name)


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse de courriel"),
        max_length=254,
        error_messages={
            "required": _("Indiquez votre adresse de courriel."),
            "invalid": _(
                "Cette adresse de courriel n'est pas valide "
                "(exemple : prenom@exemple.fr)."
            ),
            "max_length": _("Cette adresse de courriel est trop longue."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    first_name = forms.CharField(
        label=_("Votre prénom (facultatif)"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Ce prénom est trop long.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    language = forms.ChoiceField(
        label=_("Langue des courriels"),
        choices=Subscriber.Language.choices,
        required=False,
        error_messages={"invalid_choice": _("Choisissez une langue proposée.")},
    )
    lists = ListsField()
    consent = forms.BooleanField(
        label=CONSENT_WORDING,
        template_name="newsletter/includes/checkbox_field.html",
        error_messages={
            "required": _(
                "Cochez la case pour accepter de recevoir la lettre d'information."
            )
        },
    )
    # The honeypot: hidden from people, filled by robots. See the template.
    website = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    source = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, prefix_id="newsletter", **kwargs):
        kwargs.setdefault("auto_id", f"{prefix_id}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.prefix_id = prefix_id

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        try:
            # What the mail library will refuse later, refuse now.
            sanitize_address(email, "utf-8")
        except (ValueError, IndexError) as exc:
            raise forms.ValidationError(
                self.fields["email"].error_messages["invalid"], code="invalid"
            ) from exc
        return email

    def clean_first_name(self):
        return clean_first_name(self.cleaned_data.get("first_name"))

    def clean_language(self):
        return self.cleaned_data.get("language") or current_language()

    def clean_source(self):
        return clean_source(self.cleaned_data.get("source"))

    def is_robot(self):
        return bool(self.cleaned_data.get("website"))


class ConfirmForm(forms.Form):
    lists = ListsField()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "confirm-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PreferencesForm(forms.Form):
    first_name = forms.CharField(
        label=_("Votre prénom (facultatif)"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Ce prénom est trop long.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    language = forms.ChoiceField(
        label=_("Langue des courriels"),
        choices=Subscriber.Language.choices,
        error_messages={
            "required": _("Choisissez une langue."),
            "invalid_choice": _("Choisissez une langue proposée."),
        },
    )
    lists = ListsField()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "preferences-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_first_name(self):
        return clean_first_name(self.cleaned_data.get("first_name"))


class ManageLinkForm(forms.Form):
    email = SignupForm.base_fields["email"]
    website = SignupForm.base_fields["website"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "manage-link-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    clean_email = SignupForm.clean_email
    is_robot = SignupForm.is_robot
