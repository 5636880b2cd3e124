"""Newsletter in the Wagtail admin: subscribers, lists, and their counts."""

from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from cooperation.hooks import HOME_PAGE_SLOT
from newsletter import admin_views
from newsletter.admin_forms import lists_with_counts
from newsletter.issue_admin import IssueViewSet
from newsletter.models import (
    Campaign,
    Delivery,
    MailingList,
    NewsletterIndexPage,
    NewsletterPage,
    Subscriber,
)


def subscriber_counts():
    """How many people per status, and how many confirmed per list."""
    by_status = dict(
        Subscriber.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    statuses = [
        {"label": label, "value": value, "count": by_status.get(value, 0)}
        for value, label in Subscriber.Status.choices
    ]
    lists = lists_with_counts().annotate(
        pending=Count(
            "subscribers", filter=Q(subscribers__status=Subscriber.Status.PENDING)
        ),
    )
    return {"statuses": statuses, "lists": lists, "total": sum(by_status.values())}


class SubscriberFilterSet(WagtailFilterSet):
    class Meta:
        model = Subscriber
        fields = ["status", "lists", "language"]


class SubscriberIndexView(IndexView):
    """The usual listing, with the counts by status and by list above it."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = subscriber_counts()
        return context


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "user"
    menu_label = _("Abonné·es")
    menu_name = "newsletter_subscribers"
    index_view_class = SubscriberIndexView
    index_template_name = "newsletter/admin/subscriber_index.html"
    list_display = ["email", "status", "language", "created_at"]
    list_export = ["email", "first_name", "status", "language", "created_at"]
    filterset_class = SubscriberFilterSet
    search_fields = ["email", "first_name"]
    ordering = ["-created_at"]


class MailingListViewSet(SnippetViewSet):
    model = MailingList
    icon = "list-ul"
    menu_label = _("Listes de diffusion")
    menu_name = "newsletter_lists"
    list_display = ["name", "kind", "is_active", "sort_order"]
    search_fields = ["name"]


class NewsletterViewSetGroup(SnippetViewSetGroup):
    items = (IssueViewSet, SubscriberViewSet, MailingListViewSet)
    menu_icon = "mail"
    menu_label = _("Newsletter")
    menu_name = "newsletter"
    menu_order = 400


register_snippet(NewsletterViewSetGroup)


@hooks.register("register_admin_urls")
def register_newsletter_admin_urls():
    return [path("newsletter/", include(admin_views, namespace="newsletter_admin"))]


class CampaignMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("newsletter.view_campaign")


@hooks.register("register_admin_menu_item")
def register_campaigns_menu_item():
    return CampaignMenuItem(
        _("Campagnes"),
        reverse("newsletter_admin:campaigns"),
        name="newsletter_campaigns",
        icon_name="mail",
        order=410,
    )


@hooks.register("register_page_header_buttons")
def newsletter_index_buttons(page, user, view_name, next_url=None):
    """The section's header: a new issue, pre-filled."""
    if isinstance(page.specific_deferred, NewsletterIndexPage):
        yield Button(
            _("Préparer le prochain numéro"),
            reverse("newsletter_admin:draft_next", args=[page.pk]),
            icon_name="plus",
            priority=80,
        )


class IssueMenuItem(ActionMenuItem):
    """An entry of an issue's action menu (next to Save and Publish) that
    leads to one of the newsletter's admin pages."""

    url_name = ""
    permission = None

    def is_shown(self, context):
        page = context.get("page")
        if context["view"] != "edit" or not isinstance(
            page.specific_deferred, NewsletterPage
        ):
            return False
        if self.permission and not context["request"].user.has_perm(self.permission):
            return False
        return self.get_user_page_permissions_tester(context).can_edit()

    def get_url(self, parent_context):
        return reverse(self.url_name, args=[parent_context["page"].pk])


class EmailPreviewMenuItem(IssueMenuItem):
    """Opens in a new tab: the editor keeps the form they are filling in."""

    label = _("Aperçu du courriel")
    name = "newsletter-preview"
    icon_name = "view"
    url_name = "newsletter_admin:preview_html"
    template_name = "newsletter/admin/action_menu_new_tab.html"


class SendTestMenuItem(IssueMenuItem):
    label = _("Envoyer un test")
    name = "newsletter-test"
    icon_name = "mail"
    url_name = "newsletter_admin:send_test"


class SendMenuItem(IssueMenuItem):
    label = _("Envoyer la lettre")
    name = "newsletter-send"
    icon_name = "mail"
    url_name = "newsletter_admin:send"
    permission = "newsletter.send_campaign"


@hooks.register("register_page_action_menu_item")
def register_email_preview_item():
    return EmailPreviewMenuItem(order=20)


@hooks.register("register_page_action_menu_item")
def register_send_test_item():
    return SendTestMenuItem(order=21)


@hooks.register("register_page_action_menu_item")
def register_send_item():
    return SendMenuItem(order=22)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Importer des abonné·es"),
        reverse("newsletter_admin:import"),
        name="newsletter_import",
        icon_name="upload",
        order=420,
    )


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("newsletter.add_subscriber")


class NewsletterPanel(Component):
    """Dashboard: subscriber growth by month and the last campaigns."""

    name = "newsletter"
    order = 150
    template_name = "newsletter/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        since = timezone.now() - timedelta(days=183)
        growth = (
            Subscriber.objects.filter(confirmed_at__gte=since)
            .annotate(month=TruncMonth("confirmed_at"))
            .values("month")
            .annotate(joined=Count("pk"))
            .order_by("month")
        )
        latest = Campaign.objects.order_by("-created_at").values_list("pk", flat=True)[
            :5
        ]
        campaigns = (
            Campaign.objects.filter(pk__in=list(latest))
            .annotate(
                sent=Count(
                    "deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)
                ),
                total=Count("deliveries"),
            )
            .order_by("-created_at")
        )
        return {
            "subscribed": Subscriber.objects.mailable().count(),
            "growth": list(growth),
            "campaigns": campaigns,
        }


@hooks.register("construct_homepage_panels")
def add_newsletter_panel(request, panels):
    if request.user.has_perm("newsletter.view_campaign"):
        panels.append(NewsletterPanel())


@hooks.register(HOME_PAGE_SLOT, order=400)
def newsletter_slot(home, request, context):
    """The sign-up form at the foot of the home page."""
    return {"template": "newsletter/includes/home_slot.html"}
