"""The agenda's month view: which months it answers for, and the grid of
weeks its calendar table shows."""

import calendar
import datetime

from cooperation.filters import parse_int

# The month view answers for these years only (no endless crawl).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def is_known_month(year, month):
    return FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12


def parse_month(value):
    """`2026-03` → 1 March 2026, or None (ASCII digits, a known month)."""
    year_text, dash, month_text = (value or "").partition("-")
    year = parse_int(year_text, maximum=LAST_YEAR)
    month = parse_int(month_text, maximum=12)
    if not dash or year is None or month is None:
        return None
    return datetime.date(year, month, 1) if is_known_month(year, month) else None


def month_bounds(first_day):
    """The first and the last day of the month of `first_day`."""
    last = calendar.monthrange(first_day.year, first_day.month)[1]
    return first_day, first_day.replace(day=last)


def month_weeks(first_day, occurrences, today):
    """The weeks of the month, Monday first, as rows of days; each day of the
    month carries the occurrences that cover it."""
    return [
        [
            {
                "date": day,
                "in_month": day.month == first_day.month,
                "is_today": day == today,
                "occurrences": [o for o in occurrences if o.covers(day)]
                if day.month == first_day.month
                else [],
            }
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(
            first_day.year, first_day.month
        )
    ]
