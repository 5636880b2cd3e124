"""When an event happens: its occurrences, computed in Paris local time.

Dates and times are stored as the wall-clock time in Europe/Paris, and the
recurrence rule runs on dates only; every occurrence gets the same local time,
so an 18:00 workshop stays at 18:00 on both sides of a daylight saving change.
"""

import datetime
from dataclasses import dataclass, replace
from typing import Any

from dateutil import rrule
from django.db import models
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from cooperation.dates import PARIS


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
    (a date-only rule), or None when the event does not repeat."""
    parts = rule_parts(event)
    if parts is None:
        return None
    text = ";".join(
        f"{key}={','.join(value) if isinstance(value, list) else value}"
        for key, value in parts.items()
    )
    start = datetime.datetime.combine(event.start_date, datetime.time())
    until = datetime.datetime.combine(event.recurrence_until, datetime.time())
    return rrule.rrulestr(text, dtstart=start).replace(until=until)


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
