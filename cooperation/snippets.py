"""How the admin lists the vocabularies (see `cooperation.models.Vocabulary`)."""

from wagtail.snippets.views.snippets import SnippetViewSet


class VocabularyViewSet(SnippetViewSet):
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]
