"""The admin's own additions: the project's French guide for editors in the
Help menu and on the dashboard (`cooperation.guide`), instead of Wagtail's
English one; translations synchronised as drafts; the translation screen's
words in French. And one rule of the public pages: they are read (GET,
HEAD), never posted to."""

from django.db.models import prefetch_related_objects
from django.http import HttpResponseNotAllowed
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cooperation import guide
from cooperation.languages import with_locale
from cooperation.translating import DraftUpdateTranslationsView

# The methods a page (and its sub-routes: lists, month, iCal) answers; its
# forms post to views of their own (the newsletter's sign-up).
PAGE_METHODS = ("GET", "HEAD")


@hooks.register("before_serve_page")
def refuse_other_methods(page, request, serve_args, serve_kwargs):
    """POST, PUT, DELETE… on a page: 405, as Django's views answer."""
    if request.method not in PAGE_METHODS:
        return HttpResponseNotAllowed(PAGE_METHODS)
    return None


# Wagtail's own Help items that lead to its English documentation.
WAGTAIL_ENGLISH_HELP = ("editor-guide",)


@hooks.register("register_admin_urls")
def register_guide_urls():
    return [
        path("guide/", guide.guide_view, name="editor_guide"),
        path(
            f"guide/{guide.GUIDE_NAME}/<str:name>",
            guide.screenshot_view,
            name="editor_guide_screenshot",
        ),
    ]


@hooks.register("register_help_menu_item")
def register_guide_menu_item():
    return MenuItem(
        _("Guide de l'éditeur"),
        reverse("editor_guide"),
        name="guide-editeur",
        icon_name="help",
        order=1050,
    )


@hooks.register("construct_help_menu")
def hide_wagtail_english_guide(request, menu_items):
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in WAGTAIL_ENGLISH_HELP
        and not item.name.startswith("whats-new-in-wagtail")
    ]


@hooks.register("construct_homepage_panels")
def hide_whats_new_in_wagtail(request, panels):
    """The dashboard's « what's new in Wagtail » links to English pages."""
    panels[:] = [
        panel
        for panel in panels
        if getattr(panel, "name", "") != "whats_new_in_wagtail_version"
    ]


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


@hooks.register("before_serve_page")
def give_the_page_its_locale(page, request, serve_args, serve_kwargs):
    """The served page's `locale` from the request's memo: its get_context and
    template ask for it (its listings are filtered by it) without a query.
    And the child rows it names in `serving_prefetch`, which its context, its
    template and its JSON-LD each read (a preview is not served through here:
    its rows are the unsaved ones in memory)."""
    with_locale(page)
    prefetch_related_objects([page], *getattr(page, "serving_prefetch", ()))
