"""Public views of the newsletter: join, confirm, manage, leave.

GET views answer HEAD too, and HEAD never changes anything. No view tells
whether an address is known: sign-up and "send me my link"
answer the same page whatever the address. Links carry signed tokens (see
newsletter/tokens.py); a wrong token gets the same "invalid link" page.
"""

import json
import logging

import redis.exceptions
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import get_usage

from cooperation.queueing import enqueue_on_commit
from newsletter import signup, subscriptions, tasks, tokens
from newsletter.forms import (
    ConfirmForm,
    ManageLinkForm,
    PreferencesForm,
    SignupForm,
)
from newsletter.hashing import client_ip_hash

logger = logging.getLogger(__name__)


def _over_rate_limit(request, group, *, key="ip", rate=None):
    """True when this client (or `key`) sent too many forms in the window.

    The client is cooperation.client_ip's (RATELIMIT_IP_META_KEY). The
    counter lives in the cache (Redis). If the cache is unreachable we let
    the sign-up through rather than lose it: the honeypot still stands, and
    the confirmation email is what protects the address's owner. The cache
    turns an outage into a missing counter (cooperation/cache.py) and
    django-ratelimit then fails open (RATELIMIT_FAIL_OPEN); a cache that
    raises (another backend) is let through the same way.
    """
    try:
        usage = get_usage(
            request,
            group=group,
            key=key,
            rate=rate or settings.NEWSLETTER_SIGNUP_RATE,
            method="POST",
            increment=True,
        )
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError):
        usage = None
    if usage is None:
        logger.warning("newsletter: rate limit cache unreachable, letting through")
        return False
    return usage["should_limit"]


def _too_many(request, *, later=False):
    """429; `later` when the limit is counted in hours, not in a minute."""
    return render(request, "newsletter/too_many.html", {"later": later}, status=429)


def _invalid_link(request):
    return render(request, "newsletter/invalid_link.html", status=404)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """The sign-up form, shown in the footer and on cached pages.

    Without a CSRF token: a page kept by the page cache (or nginx) is the same
    for every visitor, so it cannot carry one visitor's token, and a stale
    one would refuse the form (403). CSRF protects what a visitor's session
    may do; this form uses no session, logs no one in and changes nothing
    by itself: a forged sign-up only sends a confirmation email to the
    address (double opt-in), at most one per address every
    NEWSLETTER_CONFIRMATION_RETRY_MINUTES, within the per-client rate limit,
    past the honeypot. The pages behind a token (confirm, manage, erase)
    keep their CSRF check and are never cached.
    """
    if request.method != "POST":
        return render(
            request,
            "newsletter/subscribe_page.html",
            {"form": SignupForm(prefix_id="signup-page")},
        )
    if _over_rate_limit(request, "newsletter.subscribe"):
        return _too_many(request)
    form = SignupForm(request.POST, prefix_id="signup-page")
    if not form.is_valid():
        return render(
            request, "newsletter/subscribe_page.html", {"form": form}, status=400
        )
    if not form.is_robot():
        data = form.cleaned_data
        signup.request_subscription(
            email=data["email"],
            first_name=data["first_name"],
            language=data["language"],
            lists=list(data["lists"]) if data["lists"] else None,
            source_url=data["source"],
            ip_hash=client_ip_hash(request),
        )
    # Post/Redirect/Get: the same page for everyone, robots included.
    return redirect("newsletter:check_inbox")


@require_safe
def check_inbox(request):
    return render(request, "newsletter/check_inbox.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """Confirm a sign-up.

    GET only shows a page with a button: mail scanners and link previews
    fetch every link of an email, and confirming on GET would let them
    subscribe people who never clicked. The POST from the page confirms.
    """
    subscriber = tokens.read_token(token, tokens.CONFIRM)
    if subscriber is None:
        return _invalid_link(request)
    if subscriber.status == subscriber.Status.SUBSCRIBED:
        return redirect("newsletter:manage", token=_manage_token(subscriber))
    if subscriber.status != subscriber.Status.PENDING:
        return _invalid_link(request)
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        if form.is_valid():
            subscriptions.confirm(
                subscriber,
                lists=list(form.cleaned_data["lists"]),
                source_url=request.path,
                ip_hash=client_ip_hash(request),
            )
            return render(
                request,
                "newsletter/confirmed.html",
                {"manage_token": _manage_token(subscriber)},
            )
    else:
        form = ConfirmForm(initial={"lists": list(subscriber.lists.all())})
    return render(
        request, "newsletter/confirm.html", {"form": form, "subscriber": subscriber}
    )


def _manage_token(subscriber):
    return tokens.make_token(subscriber, tokens.MANAGE)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    subscriber = tokens.read_token(token, tokens.MANAGE)
    if subscriber is None:
        return _invalid_link(request)
    saved = False
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            subscriptions.update_preferences(
                subscriber,
                first_name=form.cleaned_data["first_name"],
                language=form.cleaned_data["language"],
                lists=list(form.cleaned_data["lists"]),
                source_url=request.path,
                ip_hash=client_ip_hash(request),
            )
            saved = True
    else:
        form = PreferencesForm(
            initial={
                "first_name": subscriber.first_name,
                "language": subscriber.language,
                "lists": list(subscriber.lists.all()),
            }
        )
    return render(
        request,
        "newsletter/manage.html",
        {
            "form": form,
            "subscriber": subscriber,
            "token": token,
            "saved": saved,
            "unsubscribe_token": tokens.make_token(subscriber, tokens.UNSUBSCRIBE),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@never_cache
@require_http_methods(["POST"])
def export(request, token):
    """Download everything we hold, as a JSON file."""
    subscriber = tokens.read_token(token, tokens.MANAGE)
    if subscriber is None:
        return _invalid_link(request)
    if request.POST.get("by_email"):
        # Both counters move on every request, so that neither a client nor
        # one subscriber's link can make the site send a stream of emails.
        per_client = _over_rate_limit(
            request,
            "newsletter.export.client",
            rate=settings.NEWSLETTER_EXPORT_EMAIL_RATE_PER_CLIENT,
        )
        per_subscriber = _over_rate_limit(
            request,
            "newsletter.export.subscriber",
            key=lambda group, request: str(subscriber.pk),
            rate=settings.NEWSLETTER_EXPORT_EMAIL_RATE_PER_SUBSCRIBER,
        )
        if per_client or per_subscriber:
            return _too_many(request, later=True)
        enqueue_on_commit(tasks.send_data_export, subscriber.pk)
        return render(request, "newsletter/export_sent.html", {"token": token})
    data = subscriptions.export_data(subscriber)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"newsletter-{slugify(subscriber.email) or 'donnees'}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def erase(request, token):
    """Delete my data: a page that asks, then a POST that does it."""
    subscriber = tokens.read_token(token, tokens.MANAGE)
    if subscriber is None:
        return _invalid_link(request)
    if request.method == "POST":
        subscriptions.erase(subscriber)
        return render(request, "newsletter/erased.html")
    return render(request, "newsletter/erase.html", {"token": token})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """One-click unsubscribe (RFC 8058) and the page behind the same link.

    A POST unsubscribes at once: no login, no CSRF token (mail providers
    send a bare POST with the body "List-Unsubscribe=One-Click"), only the
    signed token in the address. A GET never changes anything: it shows a
    page with a button, because scanners fetch links.
    """
    subscriber = tokens.read_token(token, tokens.UNSUBSCRIBE)
    if subscriber is None:
        if request.method == "POST" and _is_one_click(request):
            return HttpResponse(status=404)
        return _invalid_link(request)
    if request.method != "POST":
        # GET or HEAD: a page with a button, never a change.
        return render(request, "newsletter/unsubscribe.html", {"token": token})
    subscriptions.unsubscribe(
        subscriber, source_url=request.path, ip_hash=client_ip_hash(request)
    )
    if _is_one_click(request):
        return HttpResponse(status=200)
    return render(
        request,
        "newsletter/unsubscribed.html",
        {"manage_token": _manage_token(subscriber)},
    )


def _is_one_click(request):
    return request.POST.get("List-Unsubscribe") == "One-Click"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage_link(request):
    """Lost your link? Type your address; same answer whoever you are."""
    if request.method == "POST":
        if _over_rate_limit(request, "newsletter.manage_link"):
            return _too_many(request)
        form = ManageLinkForm(request.POST)
        if form.is_valid():
            if not form.is_robot():
                signup.request_manage_link(form.cleaned_data["email"])
            return redirect(reverse("newsletter:check_inbox"))
        status = 400
    else:
        form = ManageLinkForm()
        status = 200
    return render(request, "newsletter/manage_link.html", {"form": form}, status=status)
