"""An issue as an email: HTML (tables, inlined styles, absolute addresses)
and plain text, rendered from its NewsletterPage.

The links that differ per person are left as Brevo template parameters
(`{{ params.unsubscribe_url }}`), filled in by the ESP from each recipient's
merge data; `personalise` fills them in here for backends that cannot.
"""

import re

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from images.alt_texts import remembered

PER_PERSON = ("first_name", "manage_url", "unsubscribe_url")
PLACEHOLDERS = {name: "{{ params.%s }}" % name for name in PER_PERSON}  # noqa: UP031

_RELATIVE = re.compile(r'(\s(?:href|src)=")(/[^/"][^"]*|/)"')
_inliner = None


def inliner():
    global _inliner
    if _inliner is None:
        _inliner = css_inline.CSSInliner(
            keep_at_rules=True, load_remote_stylesheets=False
        )
    return _inliner


def absolute(url):
    if not url:
        return settings.BASE_URL + "/"
    if url.startswith(("http://", "https://", "mailto:")):
        return url
    return settings.BASE_URL + url


def absolutise(html):
    """Every site-relative href and src made absolute (mail has no base)."""
    return _RELATIVE.sub(
        lambda m: f'{m.group(1)}{settings.BASE_URL}{m.group(2)}"', html
    )


def sample_links(page=None):
    """Links for a preview or a test of `page`: each person's own lead to
    the sign-up page, and "see it in the browser" to the archive while the
    issue is not public yet (its own address works only once it is)."""
    signup = absolute(reverse("newsletter:subscribe"))
    links = {"first_name": "", "manage_url": signup, "unsubscribe_url": signup}
    if page is not None and not page.live and page.pk:
        parent = page.get_parent()
        links["web_url"] = absolute(parent.url if parent else None)
    return links


def render_issue(page, links=None, send_date=None):
    """(html, text) of the issue; per-person links as placeholders unless
    `links` gives them. The agenda sections start from `send_date` (else the
    issue's own send date, else today)."""
    links = PLACEHOLDERS if links is None else links
    language = getattr(page.locale, "language_code", settings.LANGUAGE_CODE)
    with translation.override(language), remembered():
        context = {
            "page": page,
            "send_date": send_date or page.send_date(),
            "web_url": absolute(page.url),
            "site_name": str(_("La Coopération")),
            **links,
        }
        html = render_to_string("newsletter/email/issue.html", context)
        text = render_to_string("newsletter/email/issue.txt", context)
    html = inliner().inline(absolutise(html))
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return html, text


def personalise(body, params):
    """Fill the placeholders in, for backends without merge data."""
    for name, placeholder in PLACEHOLDERS.items():
        body = body.replace(placeholder, str(params.get(name) or ""))
    return body
