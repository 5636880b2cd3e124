"""The admin's sign-in and password reset, throttled.

Sign-in: django-axes counts the failures per account and per client
(settings: AXES_*); once locked out, `locked_out` answers instead of the
sign-in page, in French, with a warning in the log. Password reset:
`PasswordResetView` sends at most so many emails per client and per
address (django-ratelimit, the same counters as the newsletter's forms).
"""

import logging

import redis.exceptions
from django.conf import settings
from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.core import is_ratelimited
from wagtail.admin.views import account

from cooperation.client_ip import client_ip

logger = logging.getLogger(__name__)


def _cooloff_minutes():
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def locked_out(request, original_response=None, credentials=None):
    """django-axes' AXES_LOCKOUT_CALLABLE: the sign-in page, refused."""
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD) or ""
    logger.warning(
        "admin sign-in locked out after too many failures: account %r, client %s",
        username,
        client_ip(request) or "unknown",
    )
    minutes = _cooloff_minutes()
    messages.error(
        request,
        ngettext(
            "Trop de tentatives de connexion ont échoué pour ce compte ou depuis "
            "cette adresse. Réessayez dans %(minutes)s minute.",
            "Trop de tentatives de connexion ont échoué pour ce compte ou depuis "
            "cette adresse. Réessayez dans %(minutes)s minutes.",
            minutes,
        )
        % {"minutes": minutes},
    )
    form = account.get_user_login_form()(request, initial={"username": username})
    context = {
        "form": form,
        "show_password_reset": getattr(
            settings, "WAGTAIL_PASSWORD_RESET_ENABLED", True
        ),
    }
    return render(request, "wagtailadmin/login.html", context, status=429)


def _over_limit(request, group, key, rate):
    try:
        return is_ratelimited(
            request, group=group, key=key, rate=rate, method="POST", increment=True
        )
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError):
        # The counters are out of reach: the reset email still goes only to
        # the account's own address, and Wagtail's tokens expire.
        logger.warning("admin password reset: rate limit cache unreachable")
        return False


class PasswordResetView(account.PasswordResetView):
    """Wagtail's password reset, at most ADMIN_PASSWORD_RESET_RATE_PER_CLIENT
    requests per client and ADMIN_PASSWORD_RESET_RATE_PER_ADDRESS per
    address; beyond, the form says so (429) and nothing is sent."""

    def post(self, request, *args, **kwargs):
        per_client = _over_limit(
            request,
            "admin.password_reset.client",
            "ip",
            settings.ADMIN_PASSWORD_RESET_RATE_PER_CLIENT,
        )
        per_address = _over_limit(
            request,
            "admin.password_reset.address",
            _address_key,
            settings.ADMIN_PASSWORD_RESET_RATE_PER_ADDRESS,
        )
        if not (per_client or per_address):
            return super().post(request, *args, **kwargs)
        logger.warning(
            "admin password reset refused: too many requests (%s), client %s",
            "client" if per_client else "address",
            client_ip(request) or "unknown",
        )
        form = self.get_form()
        form.is_valid()
        form.add_error(
            None,
            _(
                "Trop de demandes de réinitialisation du mot de passe. "
                "Réessayez plus tard."
            ),
        )
        return self.render_to_response(self.get_context_data(form=form), status=429)


def _address_key(group, request):
    """The address typed in the form, folded, as the rate limit's key."""
    return (request.POST.get("email") or "").strip().casefold()
