"""The editors' guide inside the admin: `docs/guide-editeur.md`, rendered
from Markdown, with its screenshots (`docs/guide-editeur/*.png`, made by
tests/browser/test_editor_guide.py). One text, read on the forge and in the
admin's Help menu, where it replaces Wagtail's English guide."""

import re
from pathlib import Path

import markdown
from django.conf import settings
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

GUIDE_NAME = "guide-editeur"
SCREENSHOT_NAME = re.compile(r"^[a-z0-9-]+\.png$")


def guide_path():
    return Path(settings.BASE_DIR) / "docs" / f"{GUIDE_NAME}.md"


def screenshots_dir():
    return Path(settings.BASE_DIR) / "docs" / GUIDE_NAME


def render_guide():
    """The guide as HTML. Its images are written `guide-editeur/x.png`,
    relative to the Markdown file: relative to the admin view too."""
    text = guide_path().read_text(encoding="utf-8")
    # The guide is the project's own file, not editors' input.
    return mark_safe(markdown.markdown(text, extensions=["toc", "tables"]))


def guide_view(request):
    return TemplateResponse(
        request,
        "cooperation/admin/guide.html",
        {"page_title": _("Guide de l'éditeur"), "guide": render_guide()},
    )


def screenshot_view(request, name):
    if not SCREENSHOT_NAME.match(name):
        raise Http404
    path = screenshots_dir() / name
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
