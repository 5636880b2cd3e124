"""Admin pages for sending an issue: preview, test, send, follow, report."""

import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from agenda.models import EventPage
from blog.models import NewsPage
from cooperation.queueing import enqueue_on_commit
from newsletter import actions, admin_forms, importing, issues, rendering, tasks
from newsletter.models import Campaign, NewsletterIndexPage, NewsletterPage
from newsletter.sending import progress, snapshot

app_name = "newsletter_admin"


def _issue(request, page_id):
    """The latest draft of the issue, if this user may edit it."""
    page = get_object_or_404(NewsletterPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page.get_latest_revision_as_object()


def preview_html(request, page_id):
    page = _issue(request, page_id)
    html, _text = rendering.render_issue(page, rendering.sample_links(page))
    return HttpResponse(html)


def preview_text(request, page_id):
    page = _issue(request, page_id)
    _html, text = rendering.render_issue(page, rendering.sample_links(page))
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def send_test(request, page_id):
    """The issue as subscribers will see it (its latest draft), to the
    editor's own address or a few typed in; the subject says it is a test
    and its personal links lead to the sign-up page."""
    page = _issue(request, page_id)
    form = admin_forms.TestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        addresses = form.cleaned_data["addresses"]
        # Like every email, the test goes out through the worker and Anymail.
        enqueue_on_commit(tasks.send_issue_test, page.pk, addresses)
        messages.success(
            request,
            _("Test en route vers %(addresses)s.")
            % {"addresses": ", ".join(addresses)},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "newsletter/admin/send_test.html",
        {"page": page, "form": form, "own_address": request.user.email},
    )


@permission_required("newsletter.send_campaign", raise_exception=True)
def send(request, page_id):
    """Confirmation with the lists and the number of recipients, then send
    or schedule. The issue need not be published: it is, when its sending
    starts (or at the time chosen)."""
    page = _issue(request, page_id)
    form = admin_forms.SendForm(
        request.POST or None, initial={"lists": list(page.lists.all())}
    )
    chosen = page.lists.all()
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data["lists"]
    count = snapshot.audience_of_lists(chosen).count()
    if request.method == "POST" and form.is_valid():
        if not count:
            form.add_error("lists", _("Aucun destinataire sur ces listes."))
        else:
            campaign = actions.campaign_for_issue(
                page,
                request.user,
                form.cleaned_data["scheduled_at"],
                lists=chosen,
                publish_at=form.cleaned_data["publish_at"],
            )
            return redirect("newsletter_admin:campaign", campaign.pk)
    versions = issues.ready_translations(page)
    return TemplateResponse(
        request,
        "newsletter/admin/send_confirm.html",
        {
            "page": page,
            "count": count,
            "form": form,
            "languages": [page.locale.get_display_name()]
            + [other.locale.get_display_name() for other in versions.values()],
            "previous": Campaign.objects.filter(page=page).order_by("-created_at")[:5],
        },
    )


@permission_required("newsletter.view_campaign", raise_exception=True)
def campaign_index(request):
    """The last campaigns, and a form to start one from an issue."""
    campaigns = Campaign.objects.select_related("page").order_by("-created_at")[:100]
    form = admin_forms.NewCampaignForm(
        request.GET if "issue" in request.GET else None,
        issues=issues.sendable(),
    )
    if form.is_bound and form.is_valid():
        return redirect("newsletter_admin:send", form.cleaned_data["issue"].pk)
    return TemplateResponse(
        request,
        "newsletter/admin/campaign_index.html",
        {
            "campaigns": campaigns,
            "form": form,
            "can_send": request.user.has_perm("newsletter.send_campaign"),
        },
    )


@permission_required("newsletter.view_campaign", raise_exception=True)
def campaign(request, campaign_id):
    """Progress while it sends, the report after."""
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    return TemplateResponse(
        request,
        "newsletter/admin/campaign_detail.html",
        {
            "campaign": campaign,
            "progress": progress.progress(campaign),
            "can_send": request.user.has_perm("newsletter.send_campaign"),
            "running": campaign.status
            in (Campaign.Status.PREPARING, Campaign.Status.SENDING),
        },
    )


ACTIONS = {
    "pause": (actions.pause, _("Envoi mis en pause.")),
    "resume": (actions.resume, _("Envoi repris.")),
    "cancel": (actions.cancel, _("Envoi annulé.")),
}


@require_POST
@permission_required("newsletter.send_campaign", raise_exception=True)
def campaign_action(request, campaign_id, action):
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    if action == "resend-failed":
        retry = actions.resend_failed(campaign, request.user)
        if retry is None:
            messages.warning(
                request,
                _(
                    "Renvoi impossible : l'envoi n'est pas terminé, ou un renvoi "
                    "aux échecs existe déjà (renvoyez depuis sa page)."
                ),
            )
            return redirect("newsletter_admin:campaign", campaign.pk)
        messages.success(request, _("Renvoi aux échecs lancé."))
        return redirect("newsletter_admin:campaign", retry.pk)
    if action not in ACTIONS:
        raise PermissionDenied
    function, done = ACTIONS[action]
    if function(campaign):
        messages.success(request, done)
    else:
        messages.warning(request, _("Rien à faire dans l'état actuel de l'envoi."))
    return redirect("newsletter_admin:campaign", campaign.pk)


def news_since_last_issue(index):
    """News published since the last issue of this section (a month back
    when there is none), newest first."""
    last = (
        NewsletterPage.objects.child_of(index)
        .live()
        .order_by("-first_published_at")
        .first()
    )
    since = (
        last.first_published_at
        if last and last.first_published_at
        else timezone.now() - timedelta(days=31)
    )
    news = (
        NewsPage.objects.live()
        .public()
        .filter(locale=index.locale, first_published_at__gt=since)
        .order_by("-date", "-first_published_at")[:12]
    )
    return last, list(news)


def events_since_last_issue(index, last):
    """Events published since the last issue (a month back when there is
    none) and not over yet, soonest first."""
    since = (
        last.first_published_at
        if last and last.first_published_at
        else timezone.now() - timedelta(days=31)
    )
    events = (
        EventPage.objects.live()
        .public()
        .filter(
            locale=index.locale,
            first_published_at__gt=since,
            last_date__gte=timezone.localdate(),
        )
        .order_by("start_date", "start_time")[:12]
    )
    return list(events)


def draft_next(request, index_id):
    """Pre-fill a new issue with the news and events since the last one
    (a draft)."""
    index = get_object_or_404(NewsletterIndexPage, pk=index_id)
    if not index.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    last, news = news_since_last_issue(index)
    events = events_since_last_issue(index, last)
    if request.method != "POST":
        return TemplateResponse(
            request,
            "newsletter/admin/draft_next.html",
            {"index": index, "last": last, "news": news, "events": events},
        )
    body = []
    if news:
        body.append(("news", {"heading": _("Actualités"), "items": news}))
    if events:
        body.append(("chosen_events", events))
    today = timezone.localdate()
    title = _("Lettre du %(date)s") % {"date": date_format(today, "j F Y")}
    issue = NewsletterPage(
        title=title,
        slug=f"lettre-{today:%Y-%m-%d}-{uuid.uuid4().hex[:4]}",
        subject=title,
        live=False,
        owner=request.user,
        locale=index.locale,
        body=body,
    )
    if last is not None:
        issue.lists.set(last.lists.all())
    index.add_child(instance=issue)
    issue.save_revision(user=request.user)
    messages.success(request, _("Brouillon du prochain numéro créé."))
    return redirect("wagtailadmin_pages:edit", issue.pk)


@permission_required("newsletter.add_subscriber", raise_exception=True)
def import_subscribers(request):
    """CSV import: a dry run shows what would happen; then the real one."""
    form = admin_forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    dry_run = True
    if request.method == "POST" and form.is_valid():
        dry_run = form.cleaned_data["dry_run"]
        upload = form.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            form.add_error("file", _("Fichier trop gros (10 Mo au plus)."))
        else:
            report = importing.import_csv(upload.read(), dry_run=dry_run)
    return TemplateResponse(
        request,
        "newsletter/admin/import.html",
        {"form": form, "report": report, "dry_run": dry_run},
    )


urlpatterns = [
    path("issue/draft-next/<int:index_id>/", draft_next, name="draft_next"),
    path("subscribers/import/", import_subscribers, name="import"),
    path("issue/<int:page_id>/preview/", preview_html, name="preview_html"),
    path("issue/<int:page_id>/preview/text/", preview_text, name="preview_text"),
    path("issue/<int:page_id>/test/", send_test, name="send_test"),
    path("issue/<int:page_id>/send/", send, name="send"),
    path("campaigns/", campaign_index, name="campaigns"),
    path("campaigns/<int:campaign_id>/", campaign, name="campaign"),
    path(
        "campaigns/<int:campaign_id>/<slug:action>/",
        campaign_action,
        name="campaign_action",
    ),
]
