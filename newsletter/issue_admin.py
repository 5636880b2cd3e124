"""The Newsletter menu's « Numéros »: every issue (drafts, scheduled, sent)
with where its campaign stands, and a « Nouveau numéro » button."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from newsletter import issues
from newsletter.models import Campaign, NewsletterIndexPage, NewsletterPage


def _can_see(user):
    return user.has_perm("newsletter.view_campaign")


def issue_index(request):
    if not _can_see(request.user):
        raise PermissionDenied
    pages = (
        issues.sendable()
        .annotate_approved_schedule()
        .prefetch_related(
            Prefetch(
                "campaigns",
                queryset=Campaign.objects.order_by("-created_at"),
                to_attr="campaigns_newest_first",
            )
        )[:200]
    )
    translations = {}
    others = (
        NewsletterPage.objects.filter(
            translation_key__in=[page.translation_key for page in pages]
        )
        .exclude(locale__language_code=settings.LANGUAGE_CODE)
        .select_related("locale")
    )
    for other in others:
        translations.setdefault(other.translation_key, []).append(other)
    rows = [
        {
            "page": page,
            "campaign": next(iter(page.campaigns_newest_first), None),
            "translations": translations.get(page.translation_key, []),
        }
        for page in pages
    ]
    section = NewsletterIndexPage.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE
    ).first()
    can_add = (
        bool(section) and section.permissions_for_user(request.user).can_add_subpage()
    )
    return TemplateResponse(
        request,
        "newsletter/admin/issue_index.html",
        {
            "rows": rows,
            "add_url": reverse(
                "wagtailadmin_pages:add",
                args=["newsletter", "newsletterpage", section.pk],
            )
            if can_add
            else None,
            "can_send": request.user.has_perm("newsletter.send_campaign"),
        },
    )


class IssuesMenuItem(MenuItem):
    def is_shown(self, request):
        return _can_see(request.user)


class IssueViewSet(ViewSet):
    name = "newsletter_issues"
    icon = "doc-full"
    menu_label = _("Numéros")
    menu_name = "newsletter_issues"

    menu_item_class = IssuesMenuItem

    def get_urlpatterns(self):
        return [path("", issue_index, name="index")]
