"""The agenda's words for dates: times of day in the reader's language and
the days a repeating event skips."""

from django import template
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from cooperation.dates import format_time

register = template.Library()


@register.filter
def clock(moment):
    """« 9 h 30 » (« 9:30 » in English and Arabic), or "" for no time."""
    return format_time(moment) if moment else ""


@register.simple_tag
def no_session(days, day_format="l j F"):
    """« Pas de séance le mardi 24 décembre et le mardi 31 décembre »,
    each day a <time> element with its article; "" when no day is skipped."""
    if not days:
        return ""
    # The days are escaped by format_html, the words are ours.
    article = conditional_escape(_("le %(day)s"))
    items = [
        mark_safe(
            article
            % {
                "day": format_html(
                    '<time datetime="{}">{}</time>',
                    day.isoformat(),
                    date_format(day, day_format),
                )
            }
        )
        for day in days
    ]
    joined = mark_safe(get_text_list(items, conditional_escape(_("et"))))
    return mark_safe(
        conditional_escape(_("Pas de séance %(dates)s")) % {"dates": joined}
    )
