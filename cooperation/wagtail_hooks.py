"""The admin's Help menu and dashboard: the project's French guide for
editors, served in the admin (`cooperation.guide`), instead of Wagtail's
English one."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cooperation import guide

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
