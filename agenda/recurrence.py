"""When an event happens: its occurrences, computed in Paris local time.

Dates and times are stored as the wall-clock time in Europe/Paris, and the
recurrence rule runs on dates only; every occurrence gets the same local time,
so an 18:00 workshop stays at 18:00 on both sides of a daylight saving change.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, replace
from typing import Any

from dateutil import rrule

PARIS = zoneinfo.ZoneInfo("Europe/Paris")

# RFC 5545 day names, Monday first, as stored in EventPage.recurrence_weekdays.
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DATEUTIL_WEEKDAYS = dict(
    zip(
        WEEKDAY_CODES,
        (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU),
        strict=True,
    )
)


def weekday_code(day):
    return WEEKDAY_CODES[day.weekday()]


def week_of_month(day):
    """1 to 4 for the first to fourth such weekday of the month, -1 for the
    fifth, which every month does not have: it is read as « the last »."""
    position = (day.day - 1) // 7 + 1
    return -1 if position == 5 else position


@dataclass(frozen=True)
class Occurrence:
    """One date of an event; `event` is the EventPage it belongs to."""

    event: Any
    start_date: datetime.date
    end_date: datetime.date
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None

    @property
    def all_day(self):
        return self.start_time is None

    @property
    def start(self):
        """An aware datetime in Paris, or a date for an all-day event."""
        if self.all_day:
            return self.start_date
        return datetime.datetime.combine(self.start_date, self.start_time, PARIS)

    @property
    def end(self):
        """The end, or None when a timed event has no end time. For an
        all-day event, the last day (inclusive)."""
        if self.all_day:
            return self.end_date
        if self.end_time is None:
            return None
        return datetime.datetime.combine(self.end_date, self.end_time, PARIS)

    @property
    def start_iso(self):
        return _iso(self.start)

    @property
    def end_iso(self):
        return _iso(self.end) if self.end else ""

    @property
    def is_multi_day(self):
        return self.end_date != self.start_date

    @property
    def sort_key(self):
        return (
            self.start_date,
            self.start_time or datetime.time.min,
            self.event.title,
            self.event.pk or 0,
        )

    def covers(self, day):
        return self.start_date <= day <= self.end_date

    def overlaps(self, first_day=None, last_day=None):
        if first_day and self.end_date < first_day:
            return False
        return not (last_day and self.start_date > last_day)


def _iso(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def build_rule(event):
    """The dateutil rule of a recurring event, on naive midnight datetimes
    (a date-only rule), or None when the event does not repeat."""
    if event.recurrence == "none" or not event.recurrence_until:
        return None
    start = datetime.datetime.combine(event.start_date, datetime.time())
    until = datetime.datetime.combine(event.recurrence_until, datetime.time())
    if event.recurrence == "weekly":
        codes = event.weekday_codes()
        return rrule.rrule(
            rrule.WEEKLY,
            dtstart=start,
            until=until,
            byweekday=[DATEUTIL_WEEKDAYS[code] for code in codes],
        )
    if event.recurrence_monthly_by == "weekday":
        weekday = DATEUTIL_WEEKDAYS[weekday_code(event.start_date)]
        return rrule.rrule(
            rrule.MONTHLY,
            dtstart=start,
            until=until,
            byweekday=weekday(week_of_month(event.start_date)),
        )
    return rrule.rrule(
        rrule.MONTHLY, dtstart=start, until=until, bymonthday=event.start_date.day
    )


def start_dates(event, exceptions):
    """Every start date of `event`, in order, without the excluded dates."""
    rule = build_rule(event)
    if rule is None:
        return [event.start_date]
    excluded = set(exceptions)
    return [moment.date() for moment in rule if moment.date() not in excluded]


def occurrences(event, exceptions, first_day=None, last_day=None):
    """The occurrences of `event` that overlap the days from `first_day` to
    `last_day` (both included, either may be None for no bound)."""
    span = event.duration_days
    template = Occurrence(
        event=event,
        start_date=event.start_date,
        end_date=event.start_date,
        start_time=None if event.all_day else event.start_time,
        end_time=None if event.all_day else event.end_time,
    )
    found = []
    for day in start_dates(event, exceptions):
        if last_day and day > last_day:
            break
        occurrence = replace(
            template, start_date=day, end_date=day + datetime.timedelta(days=span)
        )
        if occurrence.overlaps(first_day, last_day):
            found.append(occurrence)
    return found
