"""The transactional emails of the newsletter, and the headers of every email.

Each message is rendered from a plain-text and an HTML template in the
subscriber's language. Only fixed, translated text goes into headers: the
first name is for the body, never for a header.
"""

import json

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from newsletter import subscriptions, tokens


def absolute_url(path):
    return f"{settings.BASE_URL}{path}"


def link(name, subscriber, purpose, language=None):
    """The absolute address of a signed link, in the subscriber's language."""
    with translation.override(language or subscriber.language):
        path = reverse(name, args=[tokens.make_token(subscriber, purpose)])
    return absolute_url(path)


def unsubscribe_headers_for(url, token):
    """RFC 8058 one-click unsubscribe headers for one recipient.

    The https address takes a bare POST; the mailto address carries the same
    token in its subject for clients that only know mail.
    """
    mailto = f"mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILTO}?subject={token}"
    return {
        "List-Unsubscribe": f"<{url}>, <{mailto}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _send(subscriber, template, subject, context, attachments=()):
    with translation.override(subscriber.language):
        context = {
            "subscriber": subscriber,
            "first_name": subscriber.first_name,
            "manage_url": link("newsletter:manage", subscriber, tokens.MANAGE),
            "site_name": str(_("La Coopération")),
            **context,
        }
        text = render_to_string(f"newsletter/email/{template}.txt", context)
        html = render_to_string(f"newsletter/email/{template}.html", context)
        message = EmailMultiAlternatives(
            subject=str(subject),
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[subscriber.email],
        )
        message.attach_alternative(html, "text/html")
        for attachment in attachments:
            message.attach(*attachment)
        message.send()
    return message


def send_confirmation(subscriber):
    return _send(
        subscriber,
        "confirmation",
        _("Confirmez votre inscription à la lettre de La Coopération"),
        {
            "confirm_url": link("newsletter:confirm", subscriber, tokens.CONFIRM),
            "valid_days": settings.NEWSLETTER_CONFIRM_MAX_AGE_DAYS,
        },
    )


def send_manage_link(subscriber):
    """To someone already subscribed who signed up again or lost the link."""
    return _send(
        subscriber,
        "manage_link",
        _("Votre lien pour gérer la lettre de La Coopération"),
        {},
    )


def send_data_export(subscriber):
    data = json.dumps(
        subscriptions.export_data(subscriber), ensure_ascii=False, indent=2
    )
    return _send(
        subscriber,
        "data_export",
        _("Vos données d'abonnement à la lettre de La Coopération"),
        {},
        attachments=[("mes-donnees-newsletter.json", data, "application/json")],
    )
