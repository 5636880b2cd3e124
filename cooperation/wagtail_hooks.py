from django.urls import path
from wagtail import hooks

from cooperation.translating import DraftUpdateTranslationsView


@hooks.register("register_admin_urls")
def synchronise_translations_as_drafts():
    """wagtail-localize's « Mettre à jour les traductions », at its own
    address, without publishing (see cooperation/translating.py). This app
    comes before wagtail_localize in INSTALLED_APPS, so this address is
    matched first."""
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            DraftUpdateTranslationsView.as_view(),
            name="cooperation_update_translations",
        )
    ]
