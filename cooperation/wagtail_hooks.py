from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext
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


@hooks.register("insert_global_admin_js")
def translation_screen_words():
    """The translation screen's « more actions » button in the admin's
    language: wagtail-localize writes it in English in its JavaScript."""
    return format_html(
        '<script src="{}" data-more-actions="{}"></script>',
        static("cooperation/admin/translation_screen.js"),
        # Wagtail's own catalogue has these words (« Plus d'actions »).
        gettext("More actions"),
    )
