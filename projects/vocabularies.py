"""The fixed lists and the editable vocabularies of the action sheets: what
the sheets are described with and what the catalogue filters on."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from cooperation.models import Public, Vocabulary


class ProjectStatus(models.TextChoices):
    ONGOING = "en-cours", _("En cours")
    ENDED = "terminee", _("Terminée")


class Initiator(models.TextChoices):
    CENTRE = "centre", _("Le centre social")
    RESIDENTS_GROUP = "groupe-habitants", _("Un groupe d'habitants")
    RESIDENT = "habitant", _("Un habitant")
    PARTNERS = "partenaires", _("Un ou plusieurs partenaires")
    OTHER = "autre", _("Autre")


class Territory(models.TextChoices):
    NEIGHBOURHOOD = "un-quartier", _("Un quartier")
    NEIGHBOURHOODS = "plusieurs-quartiers", _("Plusieurs quartiers")
    TOWN = "une-commune", _("Une commune")
    TOWNS = "plusieurs-communes", _("Plusieurs communes")


class ChoiceListField(models.JSONField):
    """A list of values taken from fixed `choices`, edited with checkboxes.

    Stored as a JSON list, so it works the same on SQLite and PostgreSQL;
    use it only for values that are shown, never filtered on.
    """

    def __init__(self, *args, list_choices=(), **kwargs):
        self.list_choices = list(list_choices)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    # The choices only shape the form, not the column: like `help_text`,
    # they stay out of the migrations (deconstruct() leaves them out).

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.list_choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def labels(self, values):
        names = dict(self.list_choices)
        return [names[value] for value in values or [] if value in names]


# Editable vocabularies: one list per language, managed as snippets.


class Dimension(Vocabulary):
    """The federation's axes: « Citoyenneté », « Accompagnement de projets »…"""

    class Meta(Vocabulary.Meta):
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")


class Keyword(Vocabulary):
    """The themes of an action: « Parentalité », « Mixité sociale »…"""

    class Meta(Vocabulary.Meta):
        verbose_name = _("mot clé")
        verbose_name_plural = _("mots clés")


class PartnerType(Vocabulary):
    """The kinds of partners: « Caf », « Commune », « Association locale »…"""

    class Meta(Vocabulary.Meta):
        verbose_name = _("type de partenaire")
        verbose_name_plural = _("types de partenaires")


class Audience(models.Model):
    """One of the fixed publics of the sheet. A table rather than a list in a
    JSON field so that the catalogue can filter on it with any database;
    its rows are made by a migration and never edited."""

    code = models.CharField(_("public"), max_length=20, choices=Public, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("public")
        verbose_name_plural = _("publics")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return str(self.get_code_display())
