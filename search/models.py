"""Synonyms the site search uses (see `search.ranking`)."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

SEPARATORS = re.compile(r"[,;\n]+")


class SynonymGroup(TranslatableMixin, index.Indexed, models.Model):
    """Terms that mean the same to a reader: a search for one also finds the
    pages that use another (« seniors », « personnes âgées », « aînés »).
    Each language has its own groups, translated like the other snippets."""

    terms = models.TextField(
        _("termes équivalents"),
        help_text=_(
            "Séparés par des virgules ou un par ligne, par exemple « seniors, "
            "personnes âgées, aînés ». Un terme peut avoir plusieurs mots. Les "
            "accents, les majuscules et les pluriels ne comptent pas."
        ),
    )

    panels = [FieldPanel("terms")]
    search_fields = [index.SearchField("terms"), index.AutocompleteField("terms")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("groupe de synonymes")
        verbose_name_plural = _("synonymes de la recherche")

    def __str__(self):
        return ", ".join(self.term_list())

    def clean(self):
        super().clean()
        if len(self.term_list()) < 2:
            raise ValidationError(
                {"terms": _("Donnez au moins deux termes, séparés par une virgule.")}
            )

    def term_list(self):
        return [term.strip() for term in SEPARATORS.split(self.terms) if term.strip()]
