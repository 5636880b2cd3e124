"""Newsletter in the Wagtail admin: subscribers, lists, and their counts."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from newsletter.models import MailingList, Subscriber


def subscriber_counts():
    """How many people per status, and how many confirmed per list."""
    by_status = dict(
        Subscriber.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    statuses = [
        {"label": label, "value": value, "count": by_status.get(value, 0)}
        for value, label in Subscriber.Status.choices
    ]
    lists = MailingList.objects.annotate(
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
