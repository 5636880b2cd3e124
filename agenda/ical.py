"""Events as iCalendar (RFC 5545): one file per event and subscribable feeds.

A repeating event is one VEVENT with an RRULE and its EXDATEs, its times
given in Europe/Paris with the matching VTIMEZONE; an all-day event uses
dates, with the exclusive DTEND the standard asks for.
"""

import datetime
import functools

import icalendar
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from agenda import recurrence
from cooperation.dates import PARIS
from cooperation.site_cache import remembered_many

UID_DOMAIN = "cooperation-romans.fr"
PRODID = "-//La Coopération des maisons de quartier de Romans-sur-Isère//Agenda//FR"
TZID = PARIS.key
REFRESH = datetime.timedelta(hours=6)


def event_uid(event):
    """Stable across edits and translations: the page's translation key."""
    return f"{event.translation_key}@{UID_DOMAIN}"


def _local(day, time):
    return datetime.datetime.combine(day, time, PARIS)


def rrule_for(event):
    """The RRULE of a repeating event as icalendar wants it, or None."""
    parts = recurrence.rule_parts(event)
    if parts is None:
        return None
    if event.all_day:
        until = event.recurrence_until
    else:
        # With a DTSTART in a time zone, UNTIL must be in UTC (RFC 5545).
        end_of_day = _local(event.recurrence_until, datetime.time(23, 59, 59))
        until = end_of_day.astimezone(datetime.UTC)
    return {**parts, "UNTIL": until}


def build_event(event, request=None):
    first = recurrence.dated(event, event.start_date)
    stamp = event.last_published_at or timezone.now()
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", stamp.astimezone(datetime.UTC))
    component.add("last-modified", stamp.astimezone(datetime.UTC))
    component.add("summary", event.title)
    if first.all_day:
        component.add("dtstart", first.start_date)
        component.add("dtend", first.end_date + datetime.timedelta(days=1))
    else:
        component.add("dtstart", first.start)
        if first.end:
            component.add("dtend", first.end)
    rule = rrule_for(event)
    if rule:
        component.add("rrule", rule)
        excluded = [
            day
            for day in event.exception_date_list()
            if event.start_date <= day <= event.recurrence_until
        ]
        if excluded:
            if first.all_day:
                component.add("exdate", excluded)
            else:
                component.add(
                    "exdate", [_local(day, event.start_time) for day in excluded]
                )
    url = event.get_full_url(request)
    description = event.intro
    if url:
        component.add("url", url)
        description = f"{description}\n\n{url}" if description else url
    if description:
        component.add("description", description)
    if event.location_text:
        component.add("location", event.location_text)
    point = event.map_point
    if point:
        component.add("geo", (float(point.latitude), float(point.longitude)))
    names = [category.name for category in event.categories.all()]
    if names:
        component.add("categories", names)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return component


def build_calendar(events, name, uid, request=None):
    """A calendar of `events` (a few: one event's own file)."""
    events = list(events)
    cal = _calendar(
        name, uid, *_years((event.start_date, event.last_date) for event in events)
    )
    for event in events:
        cal.add_component(build_event(event, request))
    return cal


def feed_body(events, name, uid, request=None):
    """The feed of the `events` queryset, as bytes. Each event's VEVENT is
    pure (its page, its place, its categories, the site's address): it is
    kept in the site cache until the site changes, so a feed reads one row
    per event and the cache once, and builds only the events not kept."""
    rows = list(
        events.prefetch_related(None).values_list("pk", "start_date", "last_date")
    )
    site = f"{request.scheme}://{request.get_host()}" if request else ""
    keys = {f"{pk}:{site}": pk for pk, _start, _last in rows}

    def build(missing):
        pages = events.filter(pk__in=[keys[key] for key in missing]).in_bulk()
        return {
            key: build_event(pages[keys[key]], request).to_ical()
            for key in missing
            if keys[key] in pages
        }

    kept = remembered_many("vevent", keys, build)
    first, last = _years((start, end) for _pk, start, end in rows)
    head = _calendar_head(name, uid, first, last)
    return (
        head.removesuffix(CALENDAR_END)
        + b"".join(kept[key] for key in keys if key in kept)
        + CALENDAR_END
    )


CALENDAR_END = b"END:VCALENDAR\r\n"


def _years(spans):
    """The first and the last year that the (first day, last day) `spans`
    of the events, and today, reach."""
    today = timezone.localdate()
    first, last = today, today
    for start, end in spans:
        first, last = min(first, start), max(last, end or start)
    return first.year, last.year


def _calendar(name, uid, first_year, last_year):
    """The calendar's head and time zone, without events."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("uid", uid)
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    # Subscribed calendars: ask the apps to look for changes a few times a day.
    # RFC 7986 wants the VALUE parameter spelled out.
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    # Always one VTIMEZONE, covering every date of the feed (and so the
    # calendar is never without a component).
    cal.add_component(
        icalendar.Timezone.from_tzinfo(
            PARIS,
            tzid=TZID,
            first_date=datetime.date(first_year, 1, 1),
            last_date=datetime.date(last_year + 2, 1, 1),
        )
    )
    return cal


@functools.lru_cache(maxsize=64)
def _calendar_head(name, uid, first_year, last_year):
    """`_calendar` as bytes: the same for every request of a feed (kept by
    the process)."""
    return _calendar(name, uid, first_year, last_year).to_ical()


def calendar_response(cal, filename, attachment=False):
    """`cal`, a calendar or its bytes, as a download or a subscription."""
    body = cal if isinstance(cal, bytes) else cal.to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    return response
