"""The agenda's month view: which months it answers for, and the grid of
weeks its calendar table shows."""

import calendar
import datetime

from django.utils.http import urlencode

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


def month_weeks(first_day, occurrences, today, entry):
    """The weeks of the month, Monday first, as rows of days; each day of the
    month carries the occurrences that cover it, each as `entry(occurrence,
    day)` (what its cell shows of it), in the order of `occurrences`."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(
        first_day.year, first_day.month
    )
    by_day = {day: [] for week in weeks for day in week if day.month == first_day.month}
    for occurrence in occurrences:
        day = max(occurrence.start_date, first_day)
        while day <= occurrence.end_date and day in by_day:
            by_day[day].append(entry(occurrence, day))
            day += datetime.timedelta(days=1)
    return [
        [
            {
                "date": day,
                "in_month": day in by_day,
                "is_today": day == today,
                "occurrences": by_day.get(day, []),
            }
            for day in week
        ]
        for week in weeks
    ]


# How many months ahead the list's month picker offers.
PICKER_MONTHS = 12


def add_months(first_day, count):
    """The first day of the month `count` months after `first_day`'s."""
    index = first_day.year * 12 + first_day.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_picker(month, today, query, param):
    """What the list's month picker shows: the months to choose from (this
    one and the next ones, and the month shown), and the previous and next
    months' query strings, keeping the filters of `query`. Without a month
    (the upcoming dates), only the next month is a step away."""
    this_month = today.replace(day=1)
    choices = [add_months(this_month, count) for count in range(PICKER_MONTHS)]
    if month and month not in choices:
        choices = sorted([*choices, month])
    previous_month = add_months(month, -1) if month else None
    next_month = add_months(month or this_month, 1)
    if previous_month and not is_known_month(previous_month.year, 1):
        previous_month = None
    if not is_known_month(next_month.year, 1):
        next_month = None

    def step(day):
        return urlencode({**query, param: day.strftime("%Y-%m")}) if day else ""

    return {
        "month_choices": choices,
        "month_param": param,
        "previous_month": previous_month,
        "previous_month_query": step(previous_month),
        "next_month": next_month,
        "next_month_query": step(next_month),
    }
