"""Newsletter in the Wagtail admin: subscribers, lists, and their counts."""

from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
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
from newsletter.models import (
    Campaign,
    MailingList,
    NewsletterIndexPage,
    NewsletterPage,
    Subscriber,
)
from newsletter.models.audience import in_default_language


def subscriber_counts():
    """How many people per status, and how many confirmed per list."""
    by_status = dict(
        Subscriber.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    statuses = [
        {"label": label, "value": value, "count": by_status.get(value, 0)}
        for value, label in Subscriber.Status.choices
    ]
    lists = MailingList.objects.filter(**in_default_language()).annotate(
        subscribed=Count(
            "subscribers",
            filter=Q(subscribers__status=Subscriber.Status.SUBSCRIBED),
        ),
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
    items = (SubscriberViewSet, MailingListViewSet)
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
def newsletter_issue_buttons(page, user, view_name, next_url=None):
    """Preview and send, from the issue's own header in the editor."""
    if isinstance(page.specific_deferred, NewsletterIndexPage):
        yield Button(
            _("Préparer le prochain numéro"),
            reverse("newsletter_admin:draft_next", args=[page.pk]),
            icon_name="plus",
            priority=80,
        )
        return
    if not isinstance(page.specific_deferred, NewsletterPage):
        return
    yield Button(
        _("Aperçu du courriel"),
        reverse("newsletter_admin:preview_html", args=[page.pk]),
        icon_name="view",
        priority=80,
    )
    yield Button(
        _("Aperçu texte"),
        reverse("newsletter_admin:preview_text", args=[page.pk]),
        icon_name="doc-full",
        priority=81,
    )
    if user.has_perm("newsletter.send_campaign"):
        yield Button(
            _("Envoyer la lettre"),
            reverse("newsletter_admin:send", args=[page.pk]),
            icon_name="mail",
            priority=82,
        )


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
        campaigns = Campaign.objects.annotate(
            sent=Count("deliveries", filter=Q(deliveries__status="sent")),
            total=Count("deliveries"),
        ).order_by("-created_at")[:5]
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
