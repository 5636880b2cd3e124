"""The sign-up form, placed anywhere a template wants it."""

from django import template

from newsletter import agenda, rendering
from newsletter.forms import SignupForm

register = template.Library()


@register.inclusion_tag("newsletter/includes/signup_form.html", takes_context=True)
def newsletter_signup_form(context, placement, compact=False, form=None):
    """Render the sign-up form; `placement` prefixes every id. `compact`
    keeps the email and the consent only (the footer): lists are chosen
    when confirming. `form`: the sign-up view's own, bound to what was sent.

    One form per page: the first one rendered is remembered on the request
    (`shown_signup_form`), and the footer, rendered last, shows a link to it
    instead of a second form."""
    request = context.get("request")
    if form is None:
        source = request.get_full_path() if request is not None else ""
        form = SignupForm(
            prefix_id=f"newsletter-{placement}", initial={"source": source}
        )
    if request is not None and shown_signup_form(context) is None:
        request.newsletter_signup_form = form
    return {
        "form": form,
        "compact": compact,
        "placement": placement,
    }


@register.simple_tag(takes_context=True)
def shown_signup_form(context):
    """The sign-up form this page already shows, or None."""
    return getattr(context.get("request"), "newsletter_signup_form", None)


@register.filter
def absolute_url(url):
    """A site-relative address made absolute, for emails."""
    return rendering.absolute(url)


@register.simple_tag(takes_context=True)
def chosen_events(context, pages):
    """(event, next occurrence) of the live, public events among `pages`."""
    locale = getattr(context.get("page"), "locale", None)
    return agenda.chosen_events(pages, context.get("send_date"), locale)


@register.simple_tag(takes_context=True)
def next_events(context, value):
    """The occurrences of the `next_events` section's weeks."""
    page = context.get("page")
    locale = getattr(page, "locale", None)
    return agenda.next_events(
        value.get("weeks") or 4, value.get("centre"), locale, context.get("send_date")
    )
