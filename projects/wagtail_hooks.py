from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cooperation.snippets import VocabularyViewSet
from projects.vocabularies import Dimension, Keyword, PartnerType


class DimensionViewSet(VocabularyViewSet):
    model = Dimension
    menu_label = _("Dimensions")
    menu_name = "project_dimensions"


class KeywordViewSet(VocabularyViewSet):
    model = Keyword
    menu_label = _("Mots clés")
    menu_name = "project_keywords"


class PartnerTypeViewSet(VocabularyViewSet):
    model = PartnerType
    icon = "group"
    menu_label = _("Types de partenaires")
    menu_name = "project_partner_types"


class ProjectVocabularyGroup(SnippetViewSetGroup):
    """The editable lists of the action sheets, under one admin menu."""

    items = (DimensionViewSet, KeywordViewSet, PartnerTypeViewSet)
    menu_icon = "list-ul"
    menu_label = _("Fiches projets")
    menu_name = "project_vocabularies"
    menu_order = 310


register_snippet(ProjectVocabularyGroup)
