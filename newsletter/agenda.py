"""The agenda in an issue: chosen events and the coming weeks' events,
computed when the issue is rendered, from its send date (or today)."""

import datetime

from django.utils import timezone
from wagtail.models import Locale

from agenda.models import EventPage
from agenda.queries import expand

NEXT_EVENTS_LIMIT = 30


def _day(send_date):
    return send_date or timezone.localdate()


def chosen_events(pages, send_date=None, locale=None):
    """(event, occurrence) for each live, public event among `pages`, in the
    chosen order; the occurrence is the next one from the send date (or the
    first one when the event is over, or None). In an issue in English or
    Arabic, each event is its live translation, or the French one marked
    `is_french_fallback` (as the listings show it)."""
    day = _day(send_date)
    ids = [page.pk for page in pages or [] if page is not None]
    events = EventPage.objects.live().public().with_listing_data()
    found = {event.pk: event for event in events.filter(pk__in=ids)}
    translated = {}
    if locale is not None:
        translated = {
            event.translation_key: event
            for event in events.filter(
                locale=locale,
                translation_key__in={event.translation_key for event in found.values()},
            )
        }
    result = []
    for pk in dict.fromkeys(ids):
        event = found.get(pk)
        if event is None:
            continue
        if locale is not None:
            event = translated.get(event.translation_key, event)
            event.is_french_fallback = event.locale_id != locale.pk
        upcoming = event.occurrences(first_day=day)[:1]
        result.append((event, upcoming[0] if upcoming else event.first_occurrence))
    return result


def next_events(weeks, centre=None, locale=None, send_date=None):
    """Occurrences of live, public events in the `weeks` from the send date,
    at or under `centre` when given."""
    day = _day(send_date)
    last_day = day + datetime.timedelta(weeks=weeks) - datetime.timedelta(days=1)
    locale = locale or Locale.get_default()
    events = EventPage.objects.listed(locale)
    if centre is not None:
        events = events.at_place(centre)
    events = events.overlapping(day, last_day)
    return expand(events, day, last_day)[:NEXT_EVENTS_LIMIT]
