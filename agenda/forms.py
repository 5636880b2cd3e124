"""The event's admin form."""

import json

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from agenda.recurrence import WEEKDAY_CHOICES, MonthlyBy
from cooperation.admin_forms import BasePageForm
from cooperation.models import AddressMixin


def shown_for(*repetitions):
    """The attributes that show a field of the event form only for these
    repetitions (Wagtail's `w-rules` controller, on the Répétition panel)."""
    return {
        "data-w-rules-target": "show",
        "data-w-rules": json.dumps({"recurrence": [str(r) for r in repetitions]}),
    }


class EventPageForm(BasePageForm):
    """The weekdays of a weekly event as check boxes, stored as a JSON list
    (works on PostgreSQL and SQLite alike); the day of a monthly one as
    radio buttons, required only for a monthly repetition (the model's
    clean() says so in French)."""

    recurrence_weekdays = forms.MultipleChoiceField(
        label=_("Jours de la semaine"),
        choices=[(code, capfirst(label)) for code, label in WEEKDAY_CHOICES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Pour une répétition chaque semaine : les jours où l'événement a lieu. "
            "Sans choix, le jour de la première date."
        ),
    )
    recurrence_monthly_by = forms.ChoiceField(
        label=_("Jour de chaque mois"),
        choices=MonthlyBy.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Pour une répétition chaque mois seulement."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new event created under a maison de quartier is held there unless
        # the editor says otherwise: its page then shows the centre's address.
        parent = self.parent_page.specific if self.parent_page else None
        if self.instance.pk is None and isinstance(parent, AddressMixin):
            self.initial["place_page"] = self.initial.get("place_page") or parent.pk
