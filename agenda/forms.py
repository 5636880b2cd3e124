"""The event's admin form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from agenda.recurrence import WEEKDAY_CHOICES


class EventPageForm(WagtailAdminPageForm):
    """The weekdays of a weekly event as check boxes, stored as a JSON list
    (works on PostgreSQL and SQLite alike)."""

    recurrence_weekdays = forms.MultipleChoiceField(
        label=_("jours de la semaine"),
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Pour une répétition chaque semaine : les jours où l'événement a lieu. "
            "Sans choix, le jour de la première date."
        ),
    )
