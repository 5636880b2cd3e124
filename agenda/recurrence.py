"""When an event happens: its occurrences, computed in Paris local time.

Dates and times are stored as the wall-clock time in Europe/Paris, and the
recurrence rule runs on dates only; every occurrence gets the same local time,
so an 18:00 workshop stays at 18:00 on both sides of a daylight saving change.
"""

import datetime
import functools
from dataclasses import dataclass
from typing import Any

from dateutil import rrule
from django.db import models
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cooperation.dates import PARIS, format_time


class Recurrence(models.TextChoices):
    NONE = "none", _("Une seule fois")
    WEEKLY = "weekly", _("Chaque semaine")
    MONTHLY = "monthly", _("Chaque mois")


class MonthlyBy(models.TextChoices):
    DATE = "date", _("Le même jour du mois que la première date (par exemple le 15)")
    WEEKDAY = (
        "weekday",
        _(
            "Le même jour de la semaine, au même rang que la première date "
            "(par exemple le 1er mardi, ou le dernier vendredi)"
        ),
    )


WEEKDAY_CHOICES = [
    ("MO", _("lundi")),
    ("TU", _("mardi")),
    ("WE", _("mercredi")),
    ("TH", _("jeudi")),
    ("FR", _("vendredi")),
    ("SA", _("samedi")),
    ("SU", _("dimanche")),
]
WEEKDAY_NAMES = dict(WEEKDAY_CHOICES)
# After « Tous les » (« Every », « كل »): the plural in French.
EVERY_WEEKDAY = {
    "MO": pgettext_lazy("tous les", "lundis"),
    "TU": pgettext_lazy("tous les", "mardis"),
    "WE": pgettext_lazy("tous les", "mercredis"),
    "TH": pgettext_lazy("tous les", "jeudis"),
    "FR": pgettext_lazy("tous les", "vendredis"),
    "SA": pgettext_lazy("tous les", "samedis"),
    "SU": pgettext_lazy("tous les", "dimanches"),
}
RANK_NAMES = {
    1: _("1er"),
    2: _("2e"),
    3: _("3e"),
    4: _("4e"),
    -1: _("dernier"),
}
# RFC 5545 day names, Monday first, as stored in EventPage.recurrence_weekdays.
WEEKDAY_CODES = tuple(code for code, _label in WEEKDAY_CHOICES)


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


class EventDates:
    """What an event says about its dates, shared by `EventPage` and the
    listings' light rows (`agenda.queries.ListedEvent`): both have the date
    fields and `exception_date_list()`."""

    @property
    def duration_days(self):
        if self.end_date and self.start_date and self.end_date > self.start_date:
            return (self.end_date - self.start_date).days
        return 0

    @property
    def is_recurring(self):
        return self.recurrence != Recurrence.NONE and bool(self.recurrence_until)

    def weekday_codes(self):
        """The weekdays of a weekly event; the first date's by default."""
        codes = [code for code in self.recurrence_weekdays or [] if code]
        return codes or [weekday_code(self.start_date)]

    def occurrences(self, first_day=None, last_day=None):
        return occurrences(self, self.exception_date_list(), first_day, last_day)

    def next_occurrence(self, first_day, last_day=None):
        """The first date overlapping `first_day` onwards (to `last_day`),
        or None."""
        return next_occurrence(self, self.exception_date_list(), first_day, last_day)

    def skipped_dates(self, first_day, last_day=None):
        """The days without a session of a repeating event, from `first_day`
        to `last_day` (or the end of the repetition), in order."""
        if not self.is_recurring:
            return []
        last_day = min(last_day or self.recurrence_until, self.recurrence_until)
        return [
            day
            for day in self.exception_date_list()
            if max(first_day, self.start_date) <= day <= last_day
        ]


def _iso(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def rule_parts(event):
    """The recurrence of `event` in RFC 5545's terms, without its end, or None
    when it does not repeat: ``{"FREQ": "WEEKLY", "BYDAY": ["TU", "TH"]}``,
    ``{"FREQ": "MONTHLY", "BYDAY": "1TU"}`` (the first Tuesday; -1 is the
    last) or ``{"FREQ": "MONTHLY", "BYMONTHDAY": 15}``. The dates on the site
    and the RRULE of the iCal feeds are both made from it."""
    if not event.is_recurring:
        return None
    if event.recurrence == Recurrence.WEEKLY:
        return {"FREQ": "WEEKLY", "BYDAY": event.weekday_codes()}
    if event.recurrence_monthly_by == MonthlyBy.WEEKDAY:
        rank = week_of_month(event.start_date)
        return {"FREQ": "MONTHLY", "BYDAY": f"{rank}{weekday_code(event.start_date)}"}
    return {"FREQ": "MONTHLY", "BYMONTHDAY": event.start_date.day}


def build_rule(event):
    """The dateutil rule of a recurring event, on naive midnight datetimes
    (a date-only rule), or None when the event does not repeat. Rules are
    pure: one per distinct repetition, kept by the process (`_rule`)."""
    parts = rule_parts(event)
    if parts is None:
        return None
    byday = parts.get("BYDAY")
    return _rule(
        parts["FREQ"],
        tuple(byday) if isinstance(byday, list) else byday,
        parts.get("BYMONTHDAY"),
        event.start_date,
        event.recurrence_until,
    )


@functools.lru_cache(maxsize=4096)
def _rule(freq, byday, bymonthday, start, until):
    if isinstance(byday, tuple):
        byweekday = [getattr(rrule, code) for code in byday]
    elif byday:
        # « 1TU », « -1FR »: the rank, then the day.
        byweekday = getattr(rrule, byday[-2:])(int(byday[:-2]))
    else:
        byweekday = None
    return rrule.rrule(
        getattr(rrule, freq),
        dtstart=datetime.datetime.combine(start, datetime.time()),
        until=datetime.datetime.combine(until, datetime.time()),
        byweekday=byweekday,
        bymonthday=bymonthday,
        cache=True,
    )


def start_dates(event, exceptions, first_day=None, last_day=None):
    """The start dates of `event` from `first_day` to `last_day` (both
    included, either None for no bound), in order, without the excluded
    dates. Only the dates asked for are computed."""
    rule = build_rule(event)
    if rule is None:
        days = [event.start_date]
    else:
        low = datetime.datetime.combine(first_day or event.start_date, datetime.time())
        high = datetime.datetime.combine(
            last_day or event.recurrence_until, datetime.time()
        )
        excluded = set(exceptions)
        days = [
            moment.date()
            for moment in rule.between(low, high, inc=True)
            if moment.date() not in excluded
        ]
    return [
        day
        for day in days
        if (first_day is None or day >= first_day)
        and (last_day is None or day <= last_day)
    ]


def occurrences(event, exceptions, first_day=None, last_day=None):
    """The occurrences of `event` that overlap the days from `first_day` to
    `last_day` (both included, either may be None for no bound)."""
    span = datetime.timedelta(days=event.duration_days)
    # A date that starts up to `span` days before the window runs into it.
    since = first_day - span if first_day else None
    return [
        dated(event, day, span)
        for day in start_dates(event, exceptions, since, last_day)
    ]


def dated(event, day, span=None):
    """The occurrence of `event` that starts on `day`."""
    if span is None:
        span = datetime.timedelta(days=event.duration_days)
    return Occurrence(
        event=event,
        start_date=day,
        end_date=day + span,
        start_time=None if event.all_day else event.start_time,
        end_time=None if event.all_day else event.end_time,
    )


def following(event, exceptions, first_day, last_day=None):
    """The occurrences of `event` overlapping the days from `first_day` (to
    `last_day` when given), in order, one at a time: a generator, so that the
    dates after those taken are never computed."""
    span = datetime.timedelta(days=event.duration_days)
    rule = build_rule(event)
    if rule is None:
        days = iter([event.start_date])
    else:
        since = datetime.datetime.combine(first_day - span, datetime.time())
        excluded = set(exceptions)
        days = (
            moment.date()
            for moment in rule.xafter(since, inc=True)
            if moment.date() not in excluded
        )
    for day in days:
        if last_day and day > last_day:
            return
        if day + span >= first_day:
            yield dated(event, day, span)


def next_occurrence(event, exceptions, first_day, last_day=None):
    """The first occurrence of `event` overlapping the days from `first_day`
    (to `last_day` when given), or None."""
    return next(following(event, exceptions, first_day, last_day), None)


def _date_text(value):
    return date_format(value, "j F Y")


def describe(event):
    """« Chaque semaine, le mardi et le jeudi, jusqu'au … » in words, or ""."""
    if not event.is_recurring:
        return ""
    until = _date_text(event.recurrence_until)
    if event.recurrence == Recurrence.WEEKLY:
        days = [
            _("le %(day)s") % {"day": WEEKDAY_NAMES[code]}
            for code in event.weekday_codes()
        ]
        return _("Chaque semaine, %(days)s, jusqu'au %(until)s") % {
            "days": get_text_list(days, _("et")),
            "until": until,
        }
    if event.recurrence_monthly_by == MonthlyBy.WEEKDAY:
        return _("Chaque mois, le %(rank)s %(day)s, jusqu'au %(until)s") % {
            "rank": RANK_NAMES[week_of_month(event.start_date)],
            "day": WEEKDAY_NAMES[weekday_code(event.start_date)],
            "until": until,
        }
    return _("Chaque mois, le %(number)s, jusqu'au %(until)s") % {
        "number": event.start_date.day,
        "until": until,
    }


def hours_text(event):
    """« 9 h 30 – 11 h 30 », « 18 h », or "" for an all-day event."""
    if event.all_day or event.start_time is None:
        return ""
    if event.end_time is None:
        return format_time(event.start_time)
    return _("%(start)s – %(end)s") % {
        "start": format_time(event.start_time),
        "end": format_time(event.end_time),
    }


def rhythm(event):
    """A repeating event's rhythm on its card: « Tous les mardis et jeudis,
    9 h 30 – 11 h 30 », « Le 1er mardi du mois, 14 h », or ""."""
    if not event.is_recurring:
        return ""
    if event.recurrence == Recurrence.WEEKLY:
        days = [EVERY_WEEKDAY[code] for code in event.weekday_codes()]
        text = _("Tous les %(days)s") % {"days": get_text_list(days, _("et"))}
    elif event.recurrence_monthly_by == MonthlyBy.WEEKDAY:
        text = _("Le %(rank)s %(day)s du mois") % {
            "rank": RANK_NAMES[week_of_month(event.start_date)],
            "day": WEEKDAY_NAMES[weekday_code(event.start_date)],
        }
    elif event.start_date.day == 1:
        text = _("Le 1er de chaque mois")
    else:
        text = _("Le %(number)s de chaque mois") % {"number": event.start_date.day}
    hours = hours_text(event)
    return (
        _("%(rhythm)s, %(hours)s") % {"rhythm": text, "hours": hours} if hours else text
    )
